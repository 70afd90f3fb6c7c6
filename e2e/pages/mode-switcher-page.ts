import { expect, type Locator, type Page } from '@playwright/test';
import type { RoutingMode } from '../../src/shared/chat';
import { AppShell } from './app-shell';

/** The Modes page: mode buttons, the route diagram, the fallback banner and each mode's settings form. */
export class ModeSwitcherPage {
  readonly shell: AppShell;
  readonly diagram: Locator;
  readonly fallbackBanner: Locator;

  constructor(readonly page: Page) {
    this.shell = new AppShell(page);
    this.diagram = page.getByTestId('route-diagram');
    this.fallbackBanner = page.getByTestId('fallback-banner');
  }

  async open(): Promise<void> {
    await this.shell.goTo('modes');
    await expect(this.diagram).toBeVisible();
  }

  modeButton(mode: RoutingMode): Locator {
    return this.page.getByTestId(`mode-${mode}`);
  }

  /** Clicks a mode and waits until the app reports it as the active one. */
  async switchTo(mode: RoutingMode): Promise<void> {
    await this.modeButton(mode).click();
    await expect(this.modeButton(mode)).toHaveAttribute('aria-pressed', 'true');
  }

  /** The diagram's edge for a mode; `data-active` marks the path serving requests now. */
  path(mode: RoutingMode): Locator {
    return this.page.getByTestId(`route-path-${mode}`);
  }

  async expectActivePath(mode: RoutingMode): Promise<void> {
    await expect(this.diagram).toHaveAttribute('data-served-by', mode);
    await expect(this.path(mode)).toHaveAttribute('data-active', 'true');
  }

  settingsForm(mode: 'plano_proxy' | 'plano_embedded'): Locator {
    return this.page.getByTestId(`mode-form-${mode}`);
  }

  /** Opens a mode's settings tab, fills fields by key (`base_url`, `retry_count`, ...) and saves. */
  async saveSettings(mode: 'plano_proxy' | 'plano_embedded', values: Record<string, string>): Promise<void> {
    await this.page.getByTestId(`settings-tab-${mode}`).click();
    const form = this.settingsForm(mode);
    for (const [key, value] of Object.entries(values)) await form.getByTestId(`field-${key}`).fill(value);
    await form.getByTestId(`save-${mode}`).click();
  }
}
