import { posix, win32 } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Where the app's own files are — the built renderer, the preload bundle and resources/ (icons) — for
 * every way it runs. Decided once, here, from where this module's code sits: the bundler may put it in
 * out/main/index.js, out/main/cli.js or a shared chunk under out/main/chunks/, and tests run it from
 * src/main/config/, so the app root is found by the `out/main` or `src/main` folder around it rather than
 * by a fixed number of `..`.
 *
 * - dev:      `electron-vite dev`; the window loads the dev server, preload and main from out/
 * - preview:  `electron-vite preview` / `npm start`; everything from out/ in the checkout
 * - packaged: electron-builder's layout: root is <resources>/app.asar (out/ inside it), and resources/ is
 *             copied beside the asar (extraResources) so the OS can read the icons as real files
 * - browser:  plain Node (`switchyard serve`, the CLI): only the renderer folder matters
 */

export type AppRuntime =
  | { kind: 'node' }
  | { kind: 'electron'; isPackaged: boolean; resourcesPath: string; devServerUrl?: string | undefined };

export type LayoutMode = 'dev' | 'preview' | 'packaged' | 'browser';

export interface AppLayout {
  mode: LayoutMode;
  /** The folder holding package.json and out/ (inside app.asar when packaged). */
  root: string;
  /** The built renderer (index.html and assets). */
  rendererDir: string;
  /** Only in dev: the renderer's dev server, which the window loads instead of rendererDir. */
  devServerUrl?: string;
  /** The sandboxed preload, one CommonJS file. */
  preloadPath: string;
  /** Icons and the desktop entry (resources/ in the repository). */
  resourcesDir: string;
}

export interface LayoutInput {
  runtime: AppRuntime;
  /** Where this module's code is; tests pass one, the app uses its own. */
  modulePath?: string;
  platform?: NodeJS.Platform;
}

const ROOT_MARKERS = ['/out/main/', '/src/main/'];

export function appLayout(input: LayoutInput): AppLayout {
  const path = (input.platform ?? process.platform) === 'win32' ? win32 : posix;
  const root = appRoot(input.modulePath ?? fileURLToPath(import.meta.url), path);
  const { runtime } = input;
  const files = {
    root,
    rendererDir: path.join(root, 'out', 'renderer'),
    preloadPath: path.join(root, 'out', 'preload', 'index.cjs'),
    resourcesDir: path.join(root, 'resources'),
  };
  if (runtime.kind === 'node') return { mode: 'browser', ...files };
  // A packaged app never takes its page from the environment: ELECTRON_RENDERER_URL could point it anywhere.
  if (runtime.isPackaged) return { mode: 'packaged', ...files, resourcesDir: runtime.resourcesPath };
  if (runtime.devServerUrl) return { mode: 'dev', ...files, devServerUrl: runtime.devServerUrl };
  return { mode: 'preview', ...files };
}

function appRoot(modulePath: string, path: typeof posix): string {
  const slashed = modulePath.replaceAll('\\', '/');
  const at = Math.max(...ROOT_MARKERS.map((marker) => slashed.lastIndexOf(marker)));
  if (at <= 0) throw new Error(`cannot find Switchyard's files: ${modulePath} is not under out/main or src/main`);
  return path.normalize(modulePath.slice(0, at));
}
