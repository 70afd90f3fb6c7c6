import { expect, type Locator, type Page } from '@playwright/test';
import { AppShell } from './app-shell';

/**
 * The chat playground: composer, messages with their route badge and trace, conversations list, parameters.
 * Locators use the renderer's data-testid hooks and accessible names (src/renderer/src/features/playground).
 */
export class PlaygroundPage {
  readonly shell: AppShell;
  readonly composer: Locator;
  readonly sendButton: Locator;
  readonly stopButton: Locator;
  readonly conversations: Locator;
  readonly conversationList: Locator;
  readonly newChatButton: Locator;
  readonly noProviderCard: Locator;
  readonly providerSelect: Locator;
  readonly modelInput: Locator;
  /** Page-level notices (errors that belong to no message). */
  readonly notice: Locator;

  constructor(readonly page: Page) {
    this.shell = new AppShell(page);
    this.composer = page.getByRole('textbox', { name: 'Message' });
    this.sendButton = page.getByTestId('send');
    this.stopButton = page.getByTestId('stop');
    this.conversations = page.getByRole('navigation', { name: 'Conversations' });
    this.conversationList = page.getByTestId('conversation-list');
    this.newChatButton = page.getByTestId('new-chat');
    this.noProviderCard = page.getByRole('heading', { name: 'No provider configured' });
    this.providerSelect = page.getByTestId('param-provider');
    this.modelInput = page.getByTestId('param-model');
    this.notice = page.getByRole('region', { name: 'Chat' }).getByTestId('error-box');
  }

  async open(): Promise<void> {
    await this.shell.goTo('playground');
    await this.waitReady();
  }

  /** The app has connected to its API when the composer is shown. */
  async waitReady(): Promise<void> {
    await expect(this.composer).toBeVisible({ timeout: 20_000 });
  }

  /** The model picker's suggestions for the selected provider. */
  async modelOptions(): Promise<string[]> {
    const list = await this.modelInput.getAttribute('list');
    const options = await this.page.locator(`datalist[id="${list}"] option`).all();
    return Promise.all(options.map(async (o) => (await o.getAttribute('value')) ?? ''));
  }

  async type(text: string): Promise<void> {
    await this.composer.fill(text);
  }

  async send(text: string): Promise<void> {
    await this.composer.fill(text);
    await expect(this.sendButton).toBeEnabled();
    await this.sendButton.click();
  }

  userMessages(): Locator {
    return this.page.getByTestId('message-user');
  }

  assistantMessages(): Locator {
    return this.page.getByTestId('message-assistant');
  }

  lastAssistant(): Locator {
    return this.assistantMessages().last();
  }

  /** The route badge of a message: mode, provider, model, TTFT, latency, tokens, retries, fallback. */
  route(message: Locator): RouteBadge {
    return new RouteBadge(message.getByTestId('route-badge'));
  }

  /** Waits until the newest reply has finished streaming (the Send button is back). */
  async waitForReplyDone(): Promise<void> {
    await expect(this.stopButton).toHaveCount(0, { timeout: 30_000 });
    await expect(this.sendButton).toBeVisible();
  }

  conversationItems(): Locator {
    return this.conversationList.locator('.conv-open');
  }

  /** Makes the conversation list visible: on a small window it is a drawer behind a button. */
  async showConversations(): Promise<void> {
    const opener = this.page.getByTestId('conversations-open');
    if (await opener.isVisible()) await opener.click();
    await expect(this.conversationList).toBeVisible();
  }

  /** Makes the parameters visible: on a window below 1200 px they are a sheet over the chat. */
  async showParameters(): Promise<void> {
    if (await this.providerSelect.isVisible()) return;
    await this.page.getByTestId('toggle-params').click();
    await expect(this.providerSelect).toBeVisible();
  }

  /** Closes whichever drawer or sheet is open (Escape, as a user would). */
  async closeDrawer(): Promise<void> {
    if ((await this.page.getByRole('dialog').count()) === 0) return;
    await this.page.keyboard.press('Escape');
    await expect(this.page.getByRole('dialog')).toHaveCount(0);
  }
}

export class RouteBadge {
  readonly mode: Locator;
  readonly model: Locator;
  readonly ttft: Locator;
  readonly latency: Locator;
  readonly tokens: Locator;
  readonly retries: Locator;
  readonly fallback: Locator;
  readonly traceToggle: Locator;
  readonly trace: Locator;

  constructor(readonly root: Locator) {
    this.mode = root.getByTestId('route-mode');
    this.model = root.getByTestId('route-model');
    this.ttft = root.getByTestId('route-ttft');
    this.latency = root.getByTestId('route-latency');
    this.tokens = root.getByTestId('route-tokens');
    this.retries = root.getByTestId('route-retries');
    this.fallback = root.getByTestId('route-fallback');
    this.traceToggle = root.getByTestId('route-trace-toggle');
    this.trace = root.getByTestId('route-trace');
  }

  /** A metric by its visible label (Provider, Model, TTFT, ...). */
  metric(label: string): Locator {
    return this.root.locator('.metric').filter({ has: this.root.page().locator('.metric-label', { hasText: new RegExp(`^${label}$`) }) });
  }

  /** Expands the attempt-by-attempt trace and returns its rows. */
  async openTrace(): Promise<Locator> {
    if (!(await this.trace.isVisible())) await this.traceToggle.click();
    await expect(this.trace).toBeVisible();
    // One group per attempt: its row, and its error on a second line when it failed.
    return this.trace.locator('tbody');
  }
}
