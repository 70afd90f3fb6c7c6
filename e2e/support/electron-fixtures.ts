/* eslint-disable no-empty-pattern -- Playwright fixtures must destructure their first argument, even when they need nothing from it */
import { resolve } from 'node:path';
import { _electron, expect, type ElectronApplication, type Page } from '@playwright/test';
import { baseTest } from './base-fixtures';
import { electronUnavailableReason, findElectronBinary } from './electron-binary';

const ROOT = resolve(import.meta.dirname, '../..');

export interface ElectronFixtures {
  /** Launches the built shell (out/main/index.js) in `appData`; every launched app is closed after the test. */
  launchElectron: (env?: Record<string, string>) => Promise<{ app: ElectronApplication; window: Page }>;
  electronAvailable: void;
}

export const test = baseTest.extend<ElectronFixtures>({
  electronAvailable: [
    async ({}, use) => {
      const reason = electronUnavailableReason();
      test.skip(reason !== undefined, reason ?? '');
      await use();
    },
    { auto: true },
  ],

  launchElectron: async ({ appData }, use) => {
    const launched: ElectronApplication[] = [];
    await use(async (env = {}) => {
      const binary = findElectronBinary();
      if (!('path' in binary)) throw new Error(binary.missing);
      const app = await _electron.launch({
        executablePath: binary.path,
        // The app folder, so Electron reads package.json (name → userData folder, main → out/main/index.js).
        // Chromium refuses to start as root without --no-sandbox (CI containers); that turns off the OS-level
        // sandbox only, and the window's own `sandbox: true` preference is still what the security spec checks.
        args: [...(process.getuid?.() === 0 ? ['--no-sandbox'] : []), ROOT],
        cwd: ROOT,
        env: {
          PATH: process.env.PATH ?? '/usr/bin:/bin',
          DISPLAY: process.env.DISPLAY ?? '',
          ...appData.env,
          SWITCHYARD_CONFIG: appData.configPath,
          ...env,
        },
      });
      launched.push(app);
      const window = await app.firstWindow();
      return { app, window };
    });
    for (const app of launched) await app.close().catch(() => undefined);
  },
});

export { expect };
