import type { ApiEventListener, ApiEventMessage } from './event-bus';

/**
 * Holds pushed events until the page says it has attached its handlers, then delivers them in order.
 * Bounded: a page that never becomes ready cannot make main hold events without limit (oldest go first).
 */
export class EventQueue {
  private queued: ApiEventMessage[] = [];
  private isReady = false;

  constructor(
    private readonly deliver: ApiEventListener,
    private readonly limit = 1000,
  ) {}

  push: ApiEventListener = (event) => {
    if (this.isReady) {
      this.deliver(event);
      return;
    }
    this.queued.push(event);
    if (this.queued.length > this.limit) this.queued.splice(0, this.queued.length - this.limit);
  };

  ready(): void {
    this.isReady = true;
    const pending = this.queued;
    this.queued = [];
    for (const event of pending) this.deliver(event);
  }

  /** The page is reloading: hold events again until the new page is ready. */
  reset(): void {
    this.isReady = false;
  }

  get pending(): number {
    return this.queued.length;
  }
}
