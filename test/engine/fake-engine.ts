import type { ContainerCreateOptions } from 'dockerode';
import type { ContainerEngine, ContainerState, EngineEvent, EngineInfo, EngineStatsSample, ManagedContainerInfo } from '../../src/main/gateway/container-engine';
import { START_ENGINE_HINT } from '../../src/main/gateway/docker-engine';
import type { GatewayHealthSource } from '../../src/main/gateway/supervisor';
import { SwitchyardError } from '../../src/shared/errors';
import type { HealthResult, PullProgress } from '../../src/shared/gateway';

/** One container as the fake engine keeps it. */
export interface FakeContainer {
  id: string;
  name: string;
  spec: ContainerCreateOptions;
  labels: Record<string, string>;
  running: boolean;
  started: boolean;
  exitCode?: number;
  removed: boolean;
  logLines: { stream: 'stdout' | 'stderr'; text: string }[];
}

/**
 * An in-memory Docker-API engine for the state machine's unit tests. Behaviour is scripted through public
 * fields: `reachable`, `images`, `pullError`, `startBehaviour` (what a new container does), `health`.
 */
export class FakeEngine implements ContainerEngine {
  readonly endpoint = '/fake/docker.sock';
  reachable = true;
  images = new Set<string>(['katanemo/plano:0.4.36']);
  pullError: string | undefined;
  /** 'healthy': runs and answers checks; 'crash': exits 1 right after start printing `crashOutput`; 'silent': runs, never answers. */
  startBehaviour: 'healthy' | 'crash' | 'silent' = 'healthy';
  crashOutput = 'plano: error: invalid configuration';
  startError: string | undefined;
  /** Check results while a container runs healthy. */
  health: Record<HealthResult['check'], boolean> = { health: true, readiness: true };
  readonly containers = new Map<string, FakeContainer>();
  readonly calls: string[] = [];
  private watchers = new Set<(e: EngineEvent) => void>();
  private logWaiters = new Map<string, Set<() => void>>();
  private nextId = 1;

  private unreachable(): SwitchyardError {
    return new SwitchyardError('CONTAINER_FAILED', `No container engine answers at ${this.endpoint} (connect ENOENT). ${START_ENGINE_HINT}`, {
      details: { reason: 'engine_unreachable' },
    });
  }

  async ping(): Promise<EngineInfo> {
    this.calls.push('ping');
    if (!this.reachable) throw this.unreachable();
    return { endpoint: this.endpoint };
  }

  async version(): Promise<string | undefined> {
    return 'fake 1.0';
  }

  async hasImage(image: string): Promise<boolean> {
    return this.images.has(image);
  }

  async pullImage(image: string, onProgress: (p: PullProgress) => void): Promise<void> {
    this.calls.push(`pull ${image}`);
    if (this.pullError) throw new SwitchyardError('CONTAINER_FAILED', `Cannot pull image ${image}: ${this.pullError}`, { details: { reason: 'pull_failed' } });
    for (const layer of ['a1', 'b2']) {
      onProgress({ image, layer, status: 'Downloading', current: 5, total: 10, done: false });
      onProgress({ image, layer, status: 'Pull complete', done: true });
    }
    this.images.add(image);
  }

  async listManaged(name: string): Promise<ManagedContainerInfo[]> {
    return [...this.containers.values()]
      .filter((c) => !c.removed && c.name === name)
      .map((c) => ({ id: c.id, name: c.name, labels: c.labels, running: c.running, managed: c.labels['io.switchyard.managed'] === 'true' }));
  }

  /** Puts a container in place as if an earlier run (or someone else) had left it. */
  addLeftover(name: string, labels: Record<string, string>, running = true): FakeContainer {
    const container = this.newContainer({ name, Image: 'x', Labels: labels });
    container.running = running;
    container.started = running;
    return container;
  }

  private newContainer(spec: ContainerCreateOptions): FakeContainer {
    const id = `${String(this.nextId++).padStart(4, '0')}${'f'.repeat(60)}`;
    const container: FakeContainer = { id, name: spec.name ?? id, spec, labels: { ...(spec.Labels ?? {}) }, running: false, started: false, removed: false, logLines: [] };
    this.containers.set(id, container);
    return container;
  }

  async createContainer(spec: ContainerCreateOptions): Promise<string> {
    this.calls.push(`create ${spec.name}`);
    if (!this.reachable) throw this.unreachable();
    const clash = [...this.containers.values()].find((c) => !c.removed && c.name === spec.name);
    if (clash) throw new SwitchyardError('CONTAINER_FAILED', `Cannot create container: name "${spec.name}" is already in use`);
    return this.newContainer(spec).id;
  }

  async startContainer(id: string): Promise<void> {
    this.calls.push(`start ${id.slice(0, 4)}`);
    if (this.startError) throw new SwitchyardError('CONTAINER_FAILED', `Cannot start the gateway container: ${this.startError}`);
    const c = this.get(id);
    c.started = true;
    c.running = true;
    this.log(id, 'stdout', 'gateway starting');
    if (this.startBehaviour === 'crash') {
      this.log(id, 'stderr', this.crashOutput);
      this.exit(id, 1);
    }
  }

  async inspectContainer(id: string): Promise<ContainerState> {
    const c = this.containers.get(id);
    if (!c || c.removed) return { running: false, status: 'removed' };
    const state: ContainerState = { running: c.running, status: c.running ? 'running' : c.started ? 'exited' : 'created' };
    if (c.exitCode !== undefined) state.exitCode = c.exitCode;
    return state;
  }

  async stopContainer(id: string): Promise<void> {
    this.calls.push(`stop ${id.slice(0, 4)}`);
    const c = this.containers.get(id);
    if (c?.running) this.exit(id, 0);
  }

  async removeContainer(id: string): Promise<void> {
    this.calls.push(`remove ${id.slice(0, 4)}`);
    const c = this.containers.get(id);
    if (!c) return;
    if (c.running) this.exit(id, 137);
    c.removed = true;
  }

  async watchEvents(onEvent: (event: EngineEvent) => void, signal: AbortSignal): Promise<void> {
    this.watchers.add(onEvent);
    await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
    this.watchers.delete(onEvent);
  }

  async followLogs(id: string, onLine: (stream: 'stdout' | 'stderr', text: string) => void, signal: AbortSignal): Promise<void> {
    const c = this.get(id);
    let sent = 0;
    const flush = (): void => {
      while (sent < c.logLines.length) {
        const line = c.logLines[sent++]!;
        onLine(line.stream, line.text);
      }
    };
    flush();
    if (!c.running) return;
    await new Promise<void>((resolve) => {
      const waiters = this.logWaiters.get(id) ?? new Set();
      this.logWaiters.set(id, waiters);
      const wake = (): void => {
        flush();
        if (!c.running || signal.aborted) {
          waiters.delete(wake);
          resolve();
        }
      };
      waiters.add(wake);
      signal.addEventListener('abort', wake, { once: true });
    });
  }

  async streamStats(_id: string, onSample: (s: EngineStatsSample) => void, signal: AbortSignal): Promise<void> {
    onSample({ cpuPercent: 1.5, memoryBytes: 1024, memoryLimitBytes: 4096 });
    await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
  }

  /** Writes a line to the container's output. */
  log(id: string, stream: 'stdout' | 'stderr', text: string): void {
    this.get(id).logLines.push({ stream, text });
    for (const wake of this.logWaiters.get(id) ?? []) wake();
  }

  /** The container's process ends (crash, kill, OOM): the engine announces it like Docker does. */
  exit(id: string, code: number, action: 'die' | 'oom' = 'die'): void {
    const c = this.get(id);
    c.running = false;
    c.exitCode = code;
    for (const wake of [...(this.logWaiters.get(id) ?? [])]) wake();
    for (const watcher of this.watchers) watcher({ action, containerId: id, at: 0, exitCode: code });
  }

  /** The running, not removed container (the gateway), if any. */
  live(): FakeContainer | undefined {
    return [...this.containers.values()].find((c) => !c.removed && c.running);
  }

  notRemoved(): FakeContainer[] {
    return [...this.containers.values()].filter((c) => !c.removed);
  }

  private get(id: string): FakeContainer {
    const c = this.containers.get(id);
    if (!c) throw new SwitchyardError('CONTAINER_FAILED', `no such container ${id}`);
    return c;
  }

  /** A health source that answers from the fake containers' state (no sockets). */
  healthSource(clock: { now(): number }): GatewayHealthSource {
    return {
      check: async (check, origin) => {
        const port = Number(new URL(origin).port);
        const c = [...this.containers.values()].find((x) => !x.removed && x.running && Number(x.labels['io.switchyard.port']) === port);
        const ok = !!c && this.startBehaviour !== 'silent' && this.health[check];
        const result: HealthResult = { at: clock.now(), ok, latencyMs: 1, check };
        if (ok) result.status = 200;
        else result.error = c ? `${check} answered 503` : 'ECONNREFUSED connect refused';
        return result;
      },
      close: async () => {},
    };
  }
}
