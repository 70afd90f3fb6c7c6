import { defineConfig } from '@playwright/test';
import { chromiumLaunchOptions, chromiumMissingReason, isCI } from './e2e/support/chromium';

/**
 * End-to-end specs. Browser mode (`switchyard serve`) is driven in Debian's Chromium; the Electron
 * specs run only where an Electron binary exists and skip with the reason elsewhere.
 * No browser download happens here: never run `npx playwright install`.
 */
const chromiumMissing = chromiumMissingReason();
if (chromiumMissing && isCI()) {
  // In CI none of the browser specs may skip: fail before running anything.
  throw new Error(`playwright.config: ${chromiumMissing}`);
}

export default defineConfig({
  testDir: './e2e',
  globalSetup: './e2e/support/global-setup.ts',
  // Two cores are shared by everyone: one worker, and each spec starts its own servers.
  workers: 1,
  fullyParallel: false,
  forbidOnly: isCI(),
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: isCI() ? [['list'], ['html', { open: 'never' }]] : [['list']],
  outputDir: 'test-results',
  use: {
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    video: 'off',
    viewport: { width: 1280, height: 800 },
    launchOptions: chromiumLaunchOptions(),
  },
  projects: [
    { name: 'browser', testDir: './e2e/browser', use: { browserName: 'chromium' } },
    // The journeys that need no container engine, again in a small window (drawers, sheets, narrow forms).
    {
      name: 'browser-800x600',
      testDir: './e2e/browser',
      testMatch: /(first-run|bad-input|proxy-retries|providers|conversations|tools-images)\.spec\.ts$/,
      use: { browserName: 'chromium', viewport: { width: 800, height: 600 } },
    },
    // Electron specs launch their own app through `_electron.launch`; no browser from `use` is involved.
    { name: 'electron', testDir: './e2e/electron' },
  ],
});
