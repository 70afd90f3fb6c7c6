import type { ContainerDetails, GatewayStatus, LogLine } from '../../src/shared/gateway';
import { TypedEmitter } from '../../src/main/gateway/typed-emitter';
import type { GatewayTarget } from '../../src/main/routing/gateway-target';
import type { GatewayPort, GatewayPortEvents } from '../../src/main/api/gateway-port';

/** A gateway service stand-in: start/stop move the phase and emit what the real one would. */
export class FakeGateway extends TypedEmitter<GatewayPortEvents> implements GatewayPort {
  /** Follows `current`: it takes traffic while ready and not fallen back; models go by `provider/model`. */
  readonly target: GatewayTarget = {
    get origin() {
      return undefined;
    },
    models: { lists: () => true, toPlano: (provider, model) => `${provider}/${model}`, fromPlano: () => undefined },
    acceptsTraffic: () => this.current.phase === 'ready' && !this.current.fallbackActive,
    unavailableReason: () => `gateway is ${this.current.phase}`,
    whenSettled: async () => undefined,
    checkNow: () => undefined,
    status: () => this.status(),
  };

  current: GatewayStatus = {
    phase: 'idle',
    engine: { reachable: true, endpoint: 'unix:///var/run/docker.sock', version: '27.0' },
    image: 'katanemo/plano:0.4.36',
    containerName: 'switchyard-plano',
    restarts: 0,
    restartsInRow: 0,
    maxRestarts: 3,
    recoveryAttempts: 0,
    fallbacks: 0,
    fallbackActive: false,
    history: [],
  };
  lines: LogLine[] = [
    { seq: 1, at: 1, stream: 'stdout', text: 'envoy started' },
    { seq: 2, at: 2, stream: 'stderr', text: 'brightstaff ready' },
  ];
  yaml = 'version: v0.4.0\nmodel_providers:\n  - model: openai/gpt-4o\n    access_key: $OPENAI_API_KEY\n';

  status(): GatewayStatus {
    return structuredClone(this.current);
  }

  async start(): Promise<void> {
    this.set({ phase: 'ready', port: 12000, readySince: 5 });
    this.emit('log', { seq: 3, at: 3, stream: 'stdout', text: 'listening on 12000' });
  }

  async stop(): Promise<void> {
    this.set({ phase: 'stopped' });
  }

  async restart(): Promise<void> {
    this.set({ phase: 'ready', restarts: this.current.restarts + 1 });
  }

  logs(sinceSeq = 0): LogLine[] {
    return this.lines.filter((l) => l.seq > sinceSeq);
  }

  generatedConfig(): string {
    return this.yaml;
  }

  /** What inspect answers; undefined until a test sets it (no container). */
  details: ContainerDetails | undefined;

  async inspect(): Promise<ContainerDetails | undefined> {
    return structuredClone(this.details);
  }

  set(change: Partial<GatewayStatus>): void {
    this.current = { ...this.current, ...change };
    this.emit('status', this.status());
    this.emit('event', { at: 10, kind: 'transition', phase: this.current.phase, reason: 'test' });
  }
}
