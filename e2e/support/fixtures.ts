/* eslint-disable no-empty-pattern -- Playwright fixtures must destructure their first argument, even when they need nothing from it */
import { expect } from '@playwright/test';
import { AppController } from './app-controller';
import { baseTest } from './base-fixtures';
import { chromiumMissingReason } from './chromium';
import { setUpEngine, tearDownEngine, type E2EEngine, type EngineSetup } from './engine-fixture';
import { SecretWatch } from './secret-watch';

export interface BrowserFixtures {
  /** Browser mode (`switchyard serve`) in `appData`; start it with `app.start()`. */
  app: AppController;
  /** Fails the test if `providerKey` ever reaches the page (bodies, frames, DOM, storage). */
  secretWatch: SecretWatch;
  /** The container engine; skips the test, with the reason, where none can be had (CI fails instead). */
  engine: E2EEngine;
  chromiumAvailable: void;
}

export interface BrowserWorkerFixtures {
  /** Prepared once per worker, on first use only. */
  engineSetup: EngineSetup;
}

export const test = baseTest.extend<BrowserFixtures, BrowserWorkerFixtures>({
  chromiumAvailable: [
    async ({}, use) => {
      const missing = chromiumMissingReason();
      // playwright.config.ts already fails the run in CI; elsewhere the browser specs skip with the reason.
      test.skip(missing !== undefined, missing ?? '');
      await use();
    },
    { auto: true },
  ],

  app: async ({ appData }, use, testInfo) => {
    const app = new AppController(appData, testInfo);
    await use(app);
    await app.dispose();
  },

  engineSetup: [
    async ({}, use) => {
      const setup = await setUpEngine();
      await use(setup);
      await tearDownEngine(setup);
    },
    { scope: 'worker', timeout: 180_000 },
  ],

  engine: async ({ engineSetup }, use) => {
    test.skip('missing' in engineSetup, 'missing' in engineSetup ? `no container engine: ${engineSetup.missing}` : '');
    if ('engine' in engineSetup) await use(engineSetup.engine);
  },

  secretWatch: [
    async ({ page, providerKey }, use) => {
      const watch = new SecretWatch(page, [providerKey]);
      await use(watch);
      await watch.expectNoLeaks();
    },
    { auto: true },
  ],
});

export { expect };
