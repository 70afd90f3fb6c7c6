import { expect, type Locator, type Page } from '@playwright/test';
import type { RoutingMode } from '../../src/shared/chat';
import { AppShell } from './app-shell';

/** Compare: one prompt through several routes, answers side by side with their metrics. */
export class ComparePage {
  readonly shell: AppShell;
  readonly prompt: Locator;
  readonly runButton: Locator;
  readonly stopButton: Locator;
  readonly addRouteButton: Locator;

  constructor(readonly page: Page) {
    this.shell = new AppShell(page);
    this.prompt = page.getByTestId('compare-prompt');
    this.runButton = page.getByTestId('compare-run');
    this.stopButton = page.getByTestId('compare-stop');
    this.addRouteButton = page.getByTestId('compare-add');
  }

  async open(): Promise<void> {
    await this.shell.goTo('compare');
    await expect(this.prompt).toBeVisible();
  }

  column(index: number): Locator {
    return this.page.getByTestId(`compare-col-${index}`);
  }

  output(index: number): Locator {
    return this.page.getByTestId(`compare-output-${index}`);
  }

  /** A metric of a column by its label: Served by, TTFT, Latency, Tokens, Speed, Cost. */
  metric(index: number, label: string): Locator {
    return this.page.getByTestId(`compare-metrics-${index}`).locator('div').filter({ has: this.page.locator('dt', { hasText: new RegExp(`^${label}$`) }) }).locator('dd');
  }

  async setMode(index: number, mode: RoutingMode | ''): Promise<void> {
    await this.page.getByTestId(`compare-mode-${index}`).selectOption(mode);
  }

  async run(prompt: string): Promise<void> {
    await this.prompt.fill(prompt);
    await this.runButton.click();
  }

  async waitAllDone(timeout = 60_000): Promise<void> {
    await expect(this.runButton).toBeVisible({ timeout });
  }
}
