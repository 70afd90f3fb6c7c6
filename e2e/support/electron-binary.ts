import { join, resolve } from 'node:path';
import { findElectronBinary as findIn, type ElectronBinary } from '../../scripts/electron-binary';

const ROOT = resolve(import.meta.dirname, '../..');

/** This checkout's Electron binary, found without starting Electron's downloader (scripts/electron-binary.ts). */
export function findElectronBinary(): ElectronBinary {
  return findIn(join(ROOT, 'node_modules', 'electron'));
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
