/* eslint-disable no-empty-pattern -- Playwright fixtures must destructure their first argument, even when they need nothing from it */
import { randomBytes } from 'node:crypto';
import { test as base } from '@playwright/test';
import { startOpenAIMock, type OpenAIMock } from '../../test/mocks/openai-mock.mjs';
import { createAppData, type AppData } from './app-data';
import { MODEL } from './configs';

export interface BaseFixtures {
  /** A private data folder (HOME, XDG_*) for this test. */
  appData: AppData;
  /** The provider key: only the app's environment (browser mode) or its keychain (Electron) knows it. */
  providerKey: string;
  /** An OpenAI-compatible provider on 127.0.0.1 that insists on `providerKey`. */
  openai: OpenAIMock;
}

/** What browser and Electron specs share: a data folder, a key, a provider. */
export const baseTest = base.extend<BaseFixtures>({
  appData: async ({}, use) => {
    const data = createAppData();
    await use(data);
    data.remove();
  },

  providerKey: async ({}, use) => {
    await use(`sk-e2e-${randomBytes(12).toString('hex')}`);
  },

  openai: async ({ providerKey }, use) => {
    const mock = await startOpenAIMock({ apiKey: providerKey, models: [MODEL, 'gpt-4o-mini-mock'] });
    await use(mock);
    await mock.close();
  },
});
