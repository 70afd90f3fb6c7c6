import { expect, type Locator, type Page } from '@playwright/test';
import { AppShell } from './app-shell';

/** The Traffic view: the live request list, its filters, and one request's detail. */
export class TrafficPage {
  readonly shell: AppShell;
  readonly rows: Locator;
  readonly detail: Locator;

  constructor(readonly page: Page) {
    this.shell = new AppShell(page);
    this.rows = page.getByTestId('traffic-row');
    this.detail = page.getByTestId('traffic-detail');
  }

  async open(): Promise<void> {
    await this.shell.goTo('traffic');
    await expect(this.page.getByRole('heading', { name: 'Traffic', level: 1 })).toBeVisible();
  }

  /** The newest row whose text matches (the list is newest first). */
  row(text: string | RegExp): Locator {
    return this.rows.filter({ hasText: text }).first();
  }

  async openDetail(row: Locator): Promise<Locator> {
    await row.getByRole('button').click();
    await expect(this.detail).toBeVisible();
    return this.detail;
  }
}
