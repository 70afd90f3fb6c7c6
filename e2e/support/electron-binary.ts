import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { isExecutable } from './chromium';

const ROOT = resolve(import.meta.dirname, '../..');

export type ElectronBinary = { path: string } | { missing: string };

/**
 * Finds the Electron binary the way `require('electron')` does, without calling it: requiring the package
 * when the binary is absent starts its downloader, which cannot work here (and must not try).
 */
export function findElectronBinary(): ElectronBinary {
  const pkgDir = join(ROOT, 'node_modules', 'electron');
  if (!existsSync(pkgDir)) return { missing: 'the electron package is not installed (node_modules/electron)' };
  const pathFile = join(pkgDir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : undefined;
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  const candidate = override
    ? join(override, relative ?? 'electron')
    : relative
      ? join(pkgDir, 'dist', relative)
      : undefined;
  if (!candidate) {
    return { missing: 'node_modules/electron/path.txt is absent: the binary was never downloaded (it downloads on first run where the network allows)' };
  }
  if (!isExecutable(candidate)) return { missing: `${candidate} does not exist or is not executable` };
  return { path: candidate };
}

/** Why the Electron specs cannot run here, or undefined when they can. */
export function electronUnavailableReason(): string | undefined {
  const binary = findElectronBinary();
  if ('missing' in binary) return `Electron binary not installed: ${binary.missing}`;
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    return 'no display: run the Electron specs under `xvfb-run -a npx playwright test --project electron`';
  }
  return undefined;
}
