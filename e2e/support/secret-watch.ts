import { expect, type Page } from '@playwright/test';

/**
 * Watches everything the page receives — HTTP bodies, WebSocket frames — and its final DOM for a secret.
 * Keys live in the serve process's environment; none may ever reach the renderer.
 */
export class SecretWatch {
  readonly leaks: string[] = [];
  #pending: Promise<void>[] = [];

  constructor(
    private readonly page: Page,
    private readonly secrets: string[],
  ) {
    page.on('websocket', (ws) => {
      ws.on('framereceived', (frame) => this.#check(`WebSocket frame from ${ws.url()}`, String(frame.payload)));
      ws.on('framesent', (frame) => this.#check(`WebSocket frame to ${ws.url()}`, String(frame.payload)));
    });
    page.on('response', (response) => {
      this.#pending.push(
        response
          .text()
          .then((body) => this.#check(`response ${response.status()} ${response.url()}`, body))
          .catch(() => undefined),
      );
    });
  }

  #check(where: string, text: string): void {
    for (const secret of this.secrets) if (text.includes(secret)) this.leaks.push(`${where} contains a secret`);
  }

  /** Fails when a secret showed up anywhere, including the page's current HTML and text. */
  async expectNoLeaks(): Promise<void> {
    await Promise.all(this.#pending);
    if (!this.page.isClosed()) {
      const html = await this.page.content().catch(() => '');
      this.#check('page HTML', html);
      const storage = await this.page
        // A string, because the e2e code is type-checked without the DOM library.
        .evaluate<string>('JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage })')
        .catch(() => '');
      this.#check('web storage', storage);
    }
    expect(this.leaks, 'secrets must never reach the renderer').toEqual([]);
  }
}
