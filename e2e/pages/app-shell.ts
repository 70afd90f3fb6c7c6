import { expect, type Locator, type Page } from '@playwright/test';

export type NavTarget = 'playground' | 'modes' | 'gateway' | 'compare' | 'traffic' | 'settings';

/** The navigation rail and the app-wide banners, shared by every page object. */
export class AppShell {
  readonly rail: Locator;
  readonly modeStatus: Locator;
  /** The "could not reach the API" banner or the fatal "could not connect" screen. */
  readonly connectionAlert: Locator;

  constructor(readonly page: Page) {
    this.rail = page.getByRole('navigation', { name: 'Main' });
    // The rail's status, or the top bar's mode chip on a small window.
    this.modeStatus = page.getByTestId('status-mode').or(page.getByTestId('topbar-mode'));
    this.connectionAlert = page.getByRole('alert').filter({ hasText: /Could not reach Switchyard’s API|Switchyard could not connect/ });
  }

  /** Small windows fold the navigation into a drawer behind the menu button. */
  async isNarrow(): Promise<boolean> {
    return this.page.getByTestId('nav-open').isVisible();
  }

  async goTo(target: NavTarget): Promise<void> {
    if (await this.isNarrow()) {
      await this.page.getByTestId('nav-open').click();
      await this.page.getByRole('dialog', { name: 'Navigation' }).getByTestId(`nav-${target}`).click();
      await expect(this.page.getByRole('dialog', { name: 'Navigation' })).toHaveCount(0);
      await expect(this.page.locator('.topbar-title')).toHaveText(new RegExp(`^${target}$`, 'i'));
      return;
    }
    await this.page.getByTestId(`nav-${target}`).click();
    await expect(this.page.getByTestId(`nav-${target}`)).toHaveAttribute('aria-current', 'page');
  }
}
