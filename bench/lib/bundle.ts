import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'vite';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * Bundles an entry the way electron-vite bundles main (dependencies stay external, no TypeScript loader at
 * run time), into out/<outDir>/<fileName>, so what a suite times is the code as the app runs it.
 */
export async function bundleForBench(entry: string, outDir: string, fileName: string): Promise<URL> {
  const out = join(ROOT, 'out', outDir);
  await build({
    configFile: false,
    logLevel: 'warn',
    root: ROOT,
    build: {
      ssr: join(ROOT, entry),
      outDir: out,
      emptyOutDir: true,
      target: 'node20',
      minify: false,
      rollupOptions: { output: { format: 'es', entryFileNames: fileName } },
    },
  });
  return pathToFileURL(join(out, fileName));
}
