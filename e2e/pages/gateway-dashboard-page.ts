import { expect, type Locator, type Page } from '@playwright/test';
import type { GatewayEventKind, GatewayPhase } from '../../src/shared/gateway';
import { AppShell } from './app-shell';

/** The gateway dashboard: controls, state, restart count, timeline, logs, generated config. */
export class GatewayDashboardPage {
  readonly shell: AppShell;
  readonly startButton: Locator;
  readonly stopButton: Locator;
  readonly restartButton: Locator;
  readonly phase: Locator;
  readonly restarts: Locator;
  readonly timeline: Locator;
  readonly logs: Locator;
  readonly engineUnreachable: Locator;
  readonly generatedConfig: Locator;
  /** What the last Start/Stop/Restart came to. */
  readonly outcome: Locator;
  /** The container as the engine's inspect describes it. */
  readonly inspect: Locator;
  /** Where Plano sends each model. */
  readonly routes: Locator;

  constructor(readonly page: Page) {
    this.shell = new AppShell(page);
    this.startButton = page.getByTestId('gateway-start');
    this.stopButton = page.getByTestId('gateway-stop');
    this.restartButton = page.getByTestId('gateway-restart');
    this.phase = page.getByTestId('gateway-phase');
    this.restarts = page.getByTestId('gateway-restarts');
    this.timeline = page.getByTestId('gateway-timeline');
    this.logs = page.getByTestId('log-view');
    this.engineUnreachable = page.getByTestId('engine-unreachable');
    this.generatedConfig = page.getByTestId('gateway-config');
    this.outcome = page.getByTestId('gateway-outcome');
    this.inspect = page.getByTestId('container-inspect');
    this.routes = page.getByTestId('gateway-routes');
  }

  async open(): Promise<void> {
    await this.shell.goTo('gateway');
    await expect(this.page.getByRole('heading', { level: 1, name: /gateway/i })).toBeVisible();
  }

  /** Brings the controls and the state back into view (after reading the config or the logs below). */
  async scrollToTop(): Promise<void> {
    await this.page.getByRole('heading', { level: 1 }).scrollIntoViewIfNeeded();
    await this.page.locator('main').evaluate((main) => main.scrollTo(0, 0));
  }

  async expectPhase(phase: GatewayPhase | RegExp, timeout = 60_000): Promise<void> {
    await expect(this.phase.locator('.pill').first()).toHaveText(phase, { timeout });
  }

  /** The restart count itself (the stat also says how many of max_restarts in a row were used). */
  async restartCount(): Promise<number> {
    return Number(/\d+/.exec(await this.restarts.locator('.stat-value').innerText())?.[0]);
  }

  timelineEntries(kind?: GatewayEventKind): Locator {
    const items = this.timeline.locator('li[data-kind]');
    return kind ? this.timeline.locator(`li[data-kind="${kind}"]`) : items;
  }
}
