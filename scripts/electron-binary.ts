import { accessSync, constants, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Finds Electron's binary the way `require('electron')` does, without calling it: requiring the package
 * when the binary is absent starts its downloader, which must not run unasked (and cannot work offline).
 * Shared by `npm start` / `npm run dev` (scripts/start-electron.ts) and the Electron e2e specs.
 */
export type ElectronBinary = { path: string } | { missing: string };

export function findElectronBinary(electronDir: string, env: NodeJS.ProcessEnv = process.env): ElectronBinary {
  if (!existsSync(electronDir)) return { missing: `the electron package is not installed (${electronDir} is missing): run npm ci` };
  const pathFile = join(electronDir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : undefined;
  const override = env.ELECTRON_OVERRIDE_DIST_PATH;
  if (override) {
    const candidate = join(override, relative ?? 'electron');
    return isExecutable(candidate) ? { path: candidate } : { missing: `ELECTRON_OVERRIDE_DIST_PATH is set, but ${candidate} does not exist or is not executable` };
  }
  if (!relative) return { missing: `${pathFile} is absent: the binary was never downloaded` };
  const candidate = join(electronDir, 'dist', relative);
  return isExecutable(candidate) ? { path: candidate } : { missing: `${candidate} does not exist or is not executable` };
}

export function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export type LaunchPlan = { run: { args: string[]; env: Record<string, string> } } | { fail: { message: string; exitCode: number } };

/**
 * What `npm start` (`preview`) and `npm run dev` (`dev`) do: run electron-vite with the binary found, or
 * say what is missing, how to get it, and that browser mode needs none of it — and exit non-zero.
 */
export function launchPlan(binary: ElectronBinary, electronViteBin: string, command: 'preview' | 'dev', rest: readonly string[]): LaunchPlan {
  if ('path' in binary) {
    // electron-vite looks only at node_modules/electron/path.txt unless told the executable outright.
    return { run: { args: [electronViteBin, command, ...rest], env: { ELECTRON_EXEC_PATH: binary.path } } };
  }
  const script = command === 'preview' ? 'npm start' : 'npm run dev';
  return {
    fail: {
      exitCode: 1,
      message: [
        `${script}: cannot run the Electron app: Electron's binary is not installed (${binary.missing}).`,
        '',
        "Download it (needs network access to Electron's release downloads, or a mirror in ELECTRON_MIRROR):",
        '  npx install-electron',
        'or point ELECTRON_OVERRIDE_DIST_PATH at an unpacked Electron build of the version in package.json.',
        '',
        'Or run the same app in a browser, which needs no Electron:',
        '  npm run serve',
        '',
      ].join('\n'),
    },
  };
}
