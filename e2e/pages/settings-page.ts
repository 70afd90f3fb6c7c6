import { expect, type Locator, type Page } from '@playwright/test';
import { AppShell } from './app-shell';

/** Settings: the first-run guide, the providers table and the add-provider form. */
export class SettingsPage {
  readonly shell: AppShell;
  readonly firstRunGuide: Locator;
  readonly providerTable: Locator;
  readonly addProviderForm: Locator;
  readonly configPath: Locator;
  readonly errorBoxes: Locator;

  constructor(readonly page: Page) {
    this.shell = new AppShell(page);
    this.firstRunGuide = page.getByTestId('first-run-guide');
    this.providerTable = page.getByTestId('provider-table');
    this.addProviderForm = page.getByRole('form', { name: 'Add a provider' });
    this.configPath = page.locator('.settings .page-head code');
    this.errorBoxes = page.getByTestId('error-box');
  }

  async open(): Promise<void> {
    await this.shell.goTo('settings');
    await expect(this.page.getByRole('heading', { name: 'Settings', level: 1 })).toBeVisible();
  }

  /** Fills the add-provider form as a user would and submits it. */
  async addProvider(p: { name: string; baseUrl: string; model: string; key: string; type?: 'openai' | 'anthropic' }): Promise<void> {
    const form = this.addProviderForm;
    await form.getByLabel('Name').fill(p.name);
    await form.getByLabel('Wire protocol').selectOption(p.type ?? 'openai');
    await form.getByLabel('Base URL').fill(p.baseUrl);
    await form.getByLabel('Default model').fill(p.model);
    await form.getByTestId('provider-key').fill(p.key);
    await form.getByTestId('provider-save').click();
    await expect(form.getByRole('status')).toHaveText(`Added ${p.name}.`);
  }

  providerRow(name: string): Locator {
    return this.providerTable.locator('tbody tr').filter({ has: this.page.locator('td', { hasText: new RegExp(`^${name}$`) }) });
  }
}
