import type { ExportResult } from '../../shared/api';
import type { ChatResponse, RouteTrace } from '../../shared/chat';
import type { ModelPrice } from '../../shared/config';
import { SwitchyardError, type SerializedError } from '../../shared/errors';
import { costOf } from '../../shared/prices';
import type { TrafficDetail, TrafficEntry, TrafficView } from '../../shared/traffic';
import type { TrafficFile } from '../stores/traffic-file';
import type { ApiEventBus } from './event-bus';
import { captureBody } from './traffic-capture';

/** How many requests the log keeps (the oldest go first). */
export const TRAFFIC_CAPACITY = 500;

/** What is known of a request when it begins: the entry's own fields, and the body as received. */
export type TrafficStart = Pick<TrafficEntry, 'source' | 'client' | 'stream' | 'mode' | 'provider' | 'model'> & { requestBody: unknown };

/** One request's record while it runs; every method after the first that ends it does nothing. */
export interface TrafficRecord {
  complete(response: ChatResponse, responseBody: unknown, httpStatus?: number): void;
  fail(error: SerializedError, trace?: RouteTrace, httpStatus?: number): void;
  cancel(trace?: RouteTrace): void;
}

interface Item {
  entry: TrafficEntry;
  requestBody: unknown;
  responseBody?: unknown;
}

export interface TrafficLogOptions {
  events: ApiEventBus;
  /** Key values out of one string of a body. */
  redactText: (text: string) => string;
  now: () => number;
  newId: () => string;
  /** The price list of a provider, for the cost column. */
  prices: (provider: string) => Record<string, ModelPrice> | undefined;
  /** Whether finished records go to the file (the `traffic.persist` setting). */
  persist: () => boolean;
  file?: TrafficFile;
  capacity?: number;
}

/**
 * Every chat request the app serves, newest last: the playground's, Compare's and outside clients'. Summaries
 * are pushed as `traffic.entry` events when a request begins and when it ends; bodies stay here until asked
 * for, with keys redacted and long strings shortened (see captureBody). In memory only, unless the user opts
 * in to keeping the log in the data folder.
 */
export class TrafficLog {
  private readonly items = new Map<string, Item>();
  private seq = 0;
  readonly capacity: number;

  constructor(private readonly options: TrafficLogOptions) {
    this.capacity = options.capacity ?? TRAFFIC_CAPACITY;
  }

  /** Takes in what an earlier run kept (persisted logs only). */
  restore(details: TrafficDetail[]): void {
    for (const { requestBody, responseBody, ...entry } of details) {
      const item: Item = { entry, requestBody };
      if (responseBody !== undefined) item.responseBody = responseBody;
      this.items.set(entry.id, item);
      this.seq = Math.max(this.seq, entry.seq);
    }
    this.trim();
  }

  begin(start: TrafficStart): TrafficRecord {
    const entry: TrafficEntry = {
      id: this.options.newId(),
      seq: ++this.seq,
      startedAt: this.options.now(),
      source: start.source,
      stream: start.stream,
      mode: start.mode,
      status: 'running',
    };
    if (start.client !== undefined) entry.client = start.client;
    if (start.provider !== undefined) entry.provider = start.provider;
    if (start.model !== undefined) entry.model = start.model;
    const item: Item = { entry, requestBody: this.capture(start.requestBody) };
    this.items.set(entry.id, item);
    this.trim();
    this.emit(entry);
    let ended = false;
    const end = (change: Partial<TrafficEntry>, responseBody?: unknown): void => {
      if (ended) return;
      ended = true;
      Object.assign(entry, change);
      if (responseBody !== undefined) item.responseBody = this.capture(responseBody);
      this.emit(entry);
      if (this.options.persist() && this.items.has(entry.id)) this.options.file?.append(this.detailOf(item), () => this.details());
    };
    return {
      complete: (response, responseBody, httpStatus) => {
        const change: Partial<TrafficEntry> = {
          status: 'ok',
          provider: response.provider,
          model: response.model,
          latencyMs: response.trace.latencyMs,
          usage: response.usage,
          trace: response.trace,
        };
        if (response.trace.ttftMs !== undefined) change.ttftMs = response.trace.ttftMs;
        if (httpStatus !== undefined) change.httpStatus = httpStatus;
        const prices = this.options.prices(response.provider);
        const cost = prices ? costOf(prices, response.usage, response.model, start.model) : undefined;
        if (cost !== undefined) change.costUsd = cost;
        end(change, responseBody);
      },
      fail: (error, trace, httpStatus) => {
        const change: Partial<TrafficEntry> = { status: 'error', error, ...traceFigures(trace) };
        if (httpStatus !== undefined) change.httpStatus = httpStatus;
        end(change);
      },
      cancel: (trace) => end({ status: 'cancelled', ...traceFigures(trace) }),
    };
  }

  view(): TrafficView {
    return { entries: [...this.items.values()].map((i) => i.entry), persist: this.options.persist(), capacity: this.capacity };
  }

  get(id: string): TrafficDetail {
    const item = this.items.get(id);
    if (!item) throw new SwitchyardError('NOT_FOUND', `traffic entry ${id} not found (the log keeps the last ${this.capacity})`, { details: { field: 'id' } });
    return this.detailOf(item);
  }

  async clear(): Promise<void> {
    this.items.clear();
    await this.options.file?.remove();
  }

  /** The user turned keeping the log on (everything so far is written) or off (the file goes). */
  async persistChanged(): Promise<void> {
    const file = this.options.file;
    if (!file) return;
    await file.remove();
    if (this.options.persist()) for (const item of this.items.values()) if (item.entry.status !== 'running') file.append(this.detailOf(item), () => this.details());
  }

  /** Every request with its bodies, one JSON object per line. */
  export(): ExportResult {
    const stamp = new Date(this.options.now()).toISOString().replace(/[:.]/g, '-');
    return {
      filename: `switchyard-traffic-${stamp}.jsonl`,
      mimeType: 'application/x-ndjson',
      content: this.details().map((d) => `${JSON.stringify(d)}\n`).join(''),
    };
  }

  private details(): TrafficDetail[] {
    return [...this.items.values()].filter((i) => i.entry.status !== 'running').map((i) => this.detailOf(i));
  }

  private detailOf(item: Item): TrafficDetail {
    const detail: TrafficDetail = { ...item.entry, requestBody: item.requestBody };
    if (item.responseBody !== undefined) detail.responseBody = item.responseBody;
    return detail;
  }

  private capture(body: unknown): unknown {
    return captureBody(body, this.options.redactText);
  }

  private trim(): void {
    for (const id of this.items.keys()) {
      if (this.items.size <= this.capacity) break;
      this.items.delete(id);
    }
  }

  private emit(entry: TrafficEntry): void {
    // A snapshot, since the entry changes when the request ends; none when no one listens (an outside
    // client's request while no window is open).
    if (this.options.events.listening) this.options.events.emit('traffic.entry', { ...entry });
  }
}

function traceFigures(trace: RouteTrace | undefined): Partial<TrafficEntry> {
  if (trace === undefined) return {};
  const out: Partial<TrafficEntry> = { trace, latencyMs: trace.latencyMs };
  if (trace.ttftMs !== undefined) out.ttftMs = trace.ttftMs;
  return out;
}
