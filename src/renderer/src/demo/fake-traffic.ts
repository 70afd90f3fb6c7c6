import type { ApiEventName, ApiEvents, ChatInput, ExportResult } from '../../../shared/api';
import type { StreamPart } from '../../../shared/chat';
import type { EndpointStatus } from '../../../shared/endpoint';
import { SwitchyardError } from '../../../shared/errors';
import type { TrafficDetail, TrafficEntry, TrafficView } from '../../../shared/traffic';

type Emit = <E extends ApiEventName>(event: E, payload: ApiEvents[E]) => void;

/** The fake bridge's Traffic log and local endpoint: what the real API keeps, in memory, with its events. */
export class FakeTraffic {
  readonly details: TrafficDetail[] = [];
  persist = false;
  private seq = 0;
  private endpointStatus: EndpointStatus = { available: true, enabled: false, running: false, host: '127.0.0.1', port: 8741, allowRemote: false, inFlight: 0, keyMasked: 'sy-local-…k3Y9' };

  constructor(private readonly emit: Emit) {}

  /** A request finished (the fake streams call this with the last part); `client` makes it an outside one. */
  record(input: ChatInput, last: StreamPart, client?: TrafficEntry['client']): TrafficEntry {
    const seq = ++this.seq;
    const entry: TrafficEntry = {
      id: `t${seq}`,
      seq,
      startedAt: Date.now(),
      source: client ? 'endpoint' : input.ephemeral ? 'compare' : 'playground',
      stream: true,
      mode: input.mode ?? 'direct',
      status: last.type === 'finish' ? 'ok' : last.type === 'error' && last.error.code === 'CANCELLED' ? 'cancelled' : 'error',
    };
    if (client) entry.client = client;
    if (last.type === 'finish') {
      Object.assign(entry, { provider: last.response.provider, model: last.response.model, usage: last.response.usage, trace: last.response.trace, latencyMs: last.response.latencyMs });
      if (last.response.trace.ttftMs !== undefined) entry.ttftMs = last.response.trace.ttftMs;
    } else if (last.type === 'error') {
      entry.error = last.error;
    }
    const detail: TrafficDetail = { ...entry, requestBody: input.request };
    if (last.type === 'finish') detail.responseBody = { content: last.response.content };
    this.details.push(detail);
    this.emit('traffic.entry', entry);
    return entry;
  }

  api = {
    list: async (): Promise<TrafficView> => this.view(),
    get: async ({ id }: { id: string }): Promise<TrafficDetail> => {
      const found = this.details.find((d) => d.id === id);
      if (!found) throw new SwitchyardError('NOT_FOUND', `traffic entry ${id} not found`);
      return structuredClone(found);
    },
    clear: async (): Promise<TrafficView> => {
      this.details.length = 0;
      this.emit('traffic.cleared', {});
      return this.view();
    },
    setPersist: async ({ persist }: { persist: boolean }): Promise<TrafficView> => {
      this.persist = persist;
      return this.view();
    },
    export: async (): Promise<ExportResult> => ({ filename: 'switchyard-traffic.jsonl', mimeType: 'application/x-ndjson', content: this.details.map((d) => `${JSON.stringify(d)}\n`).join('') }),
  };

  endpoint = {
    status: async (): Promise<EndpointStatus> => ({ ...this.endpointStatus }),
    setEnabled: async ({ enabled }: { enabled: boolean }): Promise<EndpointStatus> => {
      this.endpointStatus = { ...this.endpointStatus, enabled, running: enabled, ...(enabled ? { url: 'http://127.0.0.1:8741/v1' } : { url: undefined }) };
      if (!enabled) delete this.endpointStatus.url;
      this.emit('endpoint.status', { ...this.endpointStatus });
      return { ...this.endpointStatus };
    },
    revealKey: async (): Promise<{ key: string }> => ({ key: 'sy-local-FAKEKEYFAKEKEYFAKEKEYk3Y9' }),
    regenerateKey: async (): Promise<EndpointStatus> => {
      this.endpointStatus = { ...this.endpointStatus, keyMasked: 'sy-local-…n3w1' };
      return { ...this.endpointStatus };
    },
  };

  private view(): TrafficView {
    return { entries: this.details.map(({ requestBody: _r, responseBody: _s, ...entry }) => entry), persist: this.persist, capacity: 500 };
  }
}
