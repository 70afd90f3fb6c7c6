import type { Page, TestInfo } from '@playwright/test';
import type { AppData } from './app-data';
import { startServe, type ServeHandle } from './serve-process';

export interface AppStartOptions {
  /** Extra environment for the serve process (provider keys, DOCKER_HOST, ...). */
  env?: Record<string, string>;
  /** `--config FILE`; by default the app uses `<data folder>/config.yaml`. */
  configPath?: string;
  extraArgs?: string[];
}

/**
 * Browser mode as a user runs it: `switchyard serve` in a private data folder. `restart()` stops the process
 * and starts a new one on the same folder (and a new port and token), like quitting and reopening the app.
 */
export class AppController {
  #handle: ServeHandle | undefined;
  #options: AppStartOptions = {};
  #logs: string[] = [];

  constructor(
    private readonly data: AppData,
    private readonly testInfo: TestInfo,
  ) {}

  async start(options: AppStartOptions = {}): Promise<ServeHandle> {
    if (this.#handle) throw new Error('app already started; use restart()');
    this.#options = options;
    const serveOptions: Parameters<typeof startServe>[0] = { env: { ...this.data.env, ...(options.env ?? {}) } };
    if (options.configPath) serveOptions.configPath = options.configPath;
    if (options.extraArgs) serveOptions.extraArgs = options.extraArgs;
    this.#handle = await startServe(serveOptions);
    return this.#handle;
  }

  get handle(): ServeHandle {
    if (!this.#handle) throw new Error('app not started: call app.start() first');
    return this.#handle;
  }

  /** Opens the printed URL (token included) and waits for the app shell to render. */
  async open(page: Page): Promise<void> {
    await page.goto(this.handle.url);
  }

  async stop(): Promise<void> {
    const handle = this.#handle;
    if (!handle) return;
    this.#handle = undefined;
    await handle.stop();
    this.#logs.push(handle.output());
  }

  async restart(): Promise<ServeHandle> {
    const options = this.#options;
    await this.stop();
    return this.start(options);
  }

  /** Teardown: stop the server and keep what it printed with the test's results when it failed. */
  async dispose(): Promise<void> {
    await this.stop();
    if (this.testInfo.status !== this.testInfo.expectedStatus && this.#logs.length > 0) {
      await this.testInfo.attach('switchyard-serve-output', { body: this.#logs.join('\n--- restart ---\n'), contentType: 'text/plain' });
    }
  }
}
