import { readFileSync, rmSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { GatewayEvent, LogLine, PullProgress, StatsSample } from '../../shared/gateway';
import type { PlanoEmbeddedConfig } from '../../shared/config';
import { FakeClock, settle } from '../../../test/engine/fake-clock';
import { FakeEngine } from '../../../test/engine/fake-engine';
import { embeddedConfig, tempDir } from '../../../test/engine/gateway-fixtures';
import { CONFIG_HASH_LABEL, MANAGED_LABEL, PORT_LABEL } from './container-spec';
import { GatewaySupervisor, type GatewaySupervisorOptions } from './supervisor';

/** The state machine with a fake clock and an in-memory engine: fast, deterministic, every branch. */

const dirs: string[] = [];
const open: GatewaySupervisor[] = [];

interface Harness {
  supervisor: GatewaySupervisor;
  engine: FakeEngine;
  clock: FakeClock;
  events: GatewayEvent[];
  busyPorts: Set<number>;
  kinds(): string[];
}

function harness(embedded: Partial<PlanoEmbeddedConfig> = {}, extra: Partial<GatewaySupervisorOptions> = {}, engine = new FakeEngine()): Harness {
  const clock = new FakeClock();
  const workDir = tempDir();
  dirs.push(workDir);
  const busyPorts = new Set<number>();
  let nextPort = 41000;
  const supervisor = new GatewaySupervisor({
    config: embeddedConfig({ containerName: 'switchyard-plano', network: '', healthIntervalMs: 10_000, recoveryHoldMs: 5_000, ...embedded }),
    engine,
    clock,
    workDir,
    random: () => 0,
    healthChecker: engine.healthSource(clock),
    ports: { isFree: async (p) => !busyPorts.has(p), findFree: async () => nextPort++ },
    ...extra,
  });
  open.push(supervisor);
  const events: GatewayEvent[] = [];
  supervisor.on('event', (e) => events.push(e));
  return { supervisor, engine, clock, events, busyPorts, kinds: () => events.map((e) => `${e.kind}:${e.phase}`) };
}

afterEach(async () => {
  for (const s of open.splice(0)) await s.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('GatewaySupervisor lifecycle', () => {
  it('goes idle → creating → starting → ready and creates the container the way Plano expects', async () => {
    const h = harness({ port: 12000 });
    expect(h.supervisor.status().phase).toBe('idle');
    const status = await h.supervisor.start();

    expect(status.phase).toBe('ready');
    expect(h.events.filter((e) => e.kind === 'transition').map((e) => e.phase)).toEqual(['creating', 'starting', 'ready']);
    expect(h.events.every((e) => e.at > 0 && e.reason.length > 0)).toBe(true);
    expect(status).toMatchObject({ port: 12000, restarts: 0, fallbackActive: false, engine: { reachable: true, version: 'fake 1.0' } });
    expect(h.supervisor.acceptsTraffic()).toBe(true);
    expect(h.supervisor.origin).toBe('http://127.0.0.1:12000');

    const container = h.engine.live()!;
    expect(container.spec.HostConfig?.PortBindings).toEqual({ '12000/tcp': [{ HostIp: '127.0.0.1', HostPort: '12000' }] });
    expect(container.spec.HostConfig?.Binds?.[0]).toBe(`${h.supervisor.configPath}:/app/plano_config.yaml:ro`);
    expect(container.spec.HostConfig?.ExtraHosts).toEqual(['host.docker.internal:host-gateway']);
    expect(container.spec.Env).toContain('OPENAI_API_KEY=sk-test-key');
    expect(container.labels[MANAGED_LABEL]).toBe('true');
    const yaml = readFileSync(h.supervisor.configPath, 'utf8');
    expect(yaml).toContain('access_key: $OPENAI_API_KEY');
    expect(yaml).not.toContain('sk-test-key');
    expect(h.supervisor.configYaml()).toBe(yaml);
  });

  it('pulls a missing image with per-layer progress first', async () => {
    const h = harness({ image: 'katanemo/plano:9.9.9' });
    const progress: PullProgress[] = [];
    h.supervisor.on('pull', (p) => progress.push(p));
    const status = await h.supervisor.start();
    expect(status.phase).toBe('ready');
    expect(h.kinds().slice(0, 2)).toEqual(['transition:pulling', 'pull:pulling']);
    expect(progress.filter((p) => p.done).map((p) => p.layer)).toEqual(['a1', 'b2']);
  });

  it('reports an image that cannot be pulled with the engine reason and falls back', async () => {
    const engine = new FakeEngine();
    engine.pullError = 'manifest unknown: katanemo/plano:9.9.9 not found';
    const h = harness({ image: 'katanemo/plano:9.9.9' }, {}, engine);
    const status = await h.supervisor.start();
    expect(status.phase).toBe('failed');
    expect(status.lastError?.message).toContain('manifest unknown');
    expect(status.fallbackActive).toBe(true);
  });

  it('keeps the last log lines in a ring buffer and streams them, with a growing seq', async () => {
    const h = harness({}, { logCapacity: 3 });
    const streamed: LogLine[] = [];
    h.supervisor.on('log', (l) => streamed.push(l));
    await h.supervisor.start();
    const id = h.engine.live()!.id;
    for (const text of ['one', 'two', 'three']) h.engine.log(id, 'stderr', text);
    await settle();
    expect(streamed.map((l) => l.text)).toEqual(['gateway starting', 'one', 'two', 'three']);
    expect(h.supervisor.logs().map((l) => l.text)).toEqual(['one', 'two', 'three']);
    expect(h.supervisor.logs(3).map((l) => l.text)).toEqual(['three']);
    expect(streamed.at(-1)).toMatchObject({ seq: 4, stream: 'stderr' });
  });

  it('streams stats samples while ready', async () => {
    const h = harness();
    const samples: StatsSample[] = [];
    h.supervisor.on('stats', (s) => samples.push(s));
    await h.supervisor.start();
    expect(samples[0]).toMatchObject({ cpuPercent: 1.5, memoryBytes: 1024, memoryLimitBytes: 4096 });
  });

  it('fails the start when the gateway is not ready within the start timeout', async () => {
    const engine = new FakeEngine();
    engine.startBehaviour = 'silent';
    const h = harness({ startTimeoutMs: 2_000, maxRestarts: 0 }, {}, engine);
    const start = h.supervisor.start();
    await h.clock.advance(2_500);
    const status = await start;
    expect(status.phase).toBe('failed');
    expect(h.events.some((e) => e.kind === 'error' && e.reason.startsWith('HEALTH_CHECK_FAILED: gateway was not ready within 2 s'))).toBe(true);
  });
});

describe('GatewaySupervisor supervision', () => {
  it('notices a dead container from the event stream at once, restarts it and counts the restart', async () => {
    const h = harness({ healthIntervalMs: 60_000 });
    await h.supervisor.start();
    const first = h.engine.live()!;
    h.engine.log(first.id, 'stderr', 'killed by the OOM killer');
    h.engine.exit(first.id, 137, 'oom');
    await settle();
    // No clock movement yet: only the event can have told the supervisor.
    expect(h.supervisor.phase).toBe('restarting');
    expect(h.supervisor.acceptsTraffic()).toBe(false);
    expect(h.events.find((e) => e.phase === 'unhealthy')?.reason).toBe('container ran out of memory (exit code 137)');
    expect(h.events.find((e) => e.kind === 'restart')?.reason).toContain('exited with code 137; last output: gateway starting | killed by the OOM killer');
    await h.clock.advance(300);
    expect(h.supervisor.status()).toMatchObject({ phase: 'ready', restarts: 1 });
    expect(h.engine.live()!.id).not.toBe(first.id);
    expect(first.removed).toBe(true);
  });

  it('restarts after repeated failed health checks, not after one', async () => {
    const h = harness({ healthIntervalMs: 1_000 }, { unhealthyThreshold: 2 });
    await h.supervisor.start();
    h.engine.health.health = false;
    await h.clock.advance(1_000);
    expect(h.supervisor.phase).toBe('unhealthy');
    h.engine.health.health = true;
    await h.clock.advance(1_000);
    expect(h.supervisor.phase).toBe('ready');
    h.engine.health.health = false;
    await h.clock.advance(2_000);
    expect(h.supervisor.phase).toBe('restarting');
    h.engine.health.health = true;
    await h.clock.advance(500);
    expect(h.supervisor.status()).toMatchObject({ phase: 'ready', restarts: 1 });
  });

  it('falls back to Direct after max_restarts failed restarts, keeps trying, and switches back after the hold', async () => {
    const h = harness({ maxRestarts: 3, recoveryHoldMs: 5_000, healthIntervalMs: 1_000 });
    await h.supervisor.start();
    h.engine.startBehaviour = 'crash';
    h.engine.crashOutput = 'plano: error: unknown provider "opneai"';
    h.engine.exit(h.engine.live()!.id, 1);
    await h.clock.advance(250 + 500 + 1_000);
    const failed = h.supervisor.status();
    expect(failed).toMatchObject({ phase: 'failed', restarts: 3, fallbackActive: true, fallbacks: 1 });
    expect(failed.fallbackReason).toContain('gave up after 3 failed restarts');
    expect(failed.fallbackReason).toContain('unknown provider "opneai"');
    expect(h.events.filter((e) => e.kind === 'restart')).toHaveLength(3);
    expect(h.supervisor.unavailableReason()).toContain('gave up after 3 failed restarts');

    // Background recovery goes on while Direct serves.
    h.engine.startBehaviour = 'healthy';
    await h.clock.advance(2_000);
    expect(h.supervisor.phase).toBe('ready');
    expect(h.supervisor.status().fallbackActive).toBe(true);
    expect(h.supervisor.acceptsTraffic()).toBe(false);
    expect(h.supervisor.unavailableReason()).toContain('hold period');
    await h.clock.advance(5_000);
    expect(h.supervisor.status()).toMatchObject({ phase: 'ready', fallbackActive: false });
    expect(h.events.at(-1)).toMatchObject({ kind: 'recovery', phase: 'ready' });
    expect(h.supervisor.acceptsTraffic()).toBe(true);
  });

  it('keeps a given-up gateway failed while recovery runs, and counts recovery attempts apart from restarts', async () => {
    const h = harness({ maxRestarts: 2, recoveryHoldMs: 1_000, healthIntervalMs: 1_000 });
    await h.supervisor.start();
    h.engine.startBehaviour = 'crash';
    h.engine.exit(h.engine.live()!.id, 1);
    await h.clock.advance(250 + 500);
    expect(h.supervisor.status()).toMatchObject({ phase: 'failed', restarts: 2, restartsInRow: 2, maxRestarts: 2, recoveryAttempts: 0, fallbackActive: true });
    expect(h.supervisor.status().recovery).toMatchObject({ attempt: 1, step: 'waiting', nextAttemptAt: expect.any(Number) });

    const since = h.events.length;
    const seen: { phase: string; step?: string }[] = [];
    h.supervisor.on('status', (s) => seen.push({ phase: s.phase, ...(s.recovery ? { step: s.recovery.step } : {}) }));
    await h.clock.advance(30_000);
    // Attempts create and start containers, yet the gateway is reported failed throughout, as two facts.
    expect(new Set(seen.map((s) => s.phase))).toEqual(new Set(['failed']));
    expect(seen.some((s) => s.step === 'creating' || s.step === 'starting')).toBe(true);
    const recovering = h.supervisor.status();
    expect(recovering.recoveryAttempts).toBeGreaterThanOrEqual(2);
    expect(recovering).toMatchObject({ restarts: 2, restartsInRow: 2, fallbackActive: true });
    expect(h.events.slice(since).filter((e) => e.kind === 'transition')).toEqual([]);
    expect(h.events.slice(since).filter((e) => e.kind === 'restart').map((e) => e.reason)).toContainEqual(expect.stringMatching(/^recovery attempt 2 \(gateway failed: /));

    h.engine.startBehaviour = 'healthy';
    await h.clock.advance(31_000);
    expect(h.supervisor.status()).toMatchObject({ phase: 'ready', fallbackActive: false, restartsInRow: 0, restarts: 2 });
    expect(h.supervisor.status().recovery).toBeUndefined();
  });

  it('refuses a config Plano cannot express before any container, and does not retry it', async () => {
    const h = harness({}, {});
    const bad = new GatewaySupervisor({
      config: embeddedConfig({ containerName: 'switchyard-plano', network: '' }, { local: { apiKey: undefined, headers: { 'X-Title': 'x' } } }),
      engine: h.engine,
      clock: h.clock,
      workDir: tempDir(),
      healthChecker: h.engine.healthSource(h.clock),
    });
    open.push(bad);
    const status = await bad.start();
    expect(status).toMatchObject({ phase: 'failed', fallbackActive: true, lastError: { code: 'CONFIG_INVALID' } });
    expect(status.lastError?.message).toContain('providers.local.headers');
    await h.clock.advance(120_000);
    expect(h.engine.calls.filter((c) => c.startsWith('create'))).toEqual([]);
    expect(bad.status()).toMatchObject({ recoveryAttempts: 0 });
    expect(bad.status().recovery).toBeUndefined();
  });

  it('reports CONTAINER_FAILED instead of falling back when fallback is off', async () => {
    const engine = new FakeEngine();
    engine.startBehaviour = 'crash';
    const h = harness({ maxRestarts: 1, fallback: false }, {}, engine);
    const start = h.supervisor.start();
    await h.clock.advance(1_000);
    const status = await start;
    expect(status).toMatchObject({ phase: 'failed', fallbackActive: false, lastError: { code: 'CONTAINER_FAILED' } });
    expect(h.events.some((e) => e.kind === 'fallback')).toBe(false);
    expect(h.events.some((e) => e.kind === 'error' && e.reason.includes('fallback is off'))).toBe(true);
    expect(h.supervisor.fallbackEnabled).toBe(false);
  });

  it('refills the restart budget once the gateway has been healthy for the hold period', async () => {
    const h = harness({ maxRestarts: 1, recoveryHoldMs: 1_000, healthIntervalMs: 500 });
    await h.supervisor.start();
    for (let i = 0; i < 3; i++) {
      h.engine.exit(h.engine.live()!.id, 1);
      await h.clock.advance(300);
      expect(h.supervisor.phase).toBe('ready');
      await h.clock.advance(1_000);
    }
    expect(h.supervisor.status()).toMatchObject({ restarts: 3, fallbackActive: false });
  });

  it('checkNow() makes a dead container noticed without waiting for the next poll', async () => {
    const h = harness({ healthIntervalMs: 60_000 });
    await h.supervisor.start();
    const c = h.engine.live()!;
    c.running = false; // died without an event reaching us
    h.supervisor.checkNow();
    await h.clock.advance(250); // the moment it waits for the dead container's last log lines
    expect(h.supervisor.phase).toBe('restarting');
  });
});

describe('GatewaySupervisor startup hygiene', () => {
  async function leftoverHash(): Promise<string> {
    const probe = harness();
    await probe.supervisor.start();
    const hash = probe.engine.live()!.labels[CONFIG_HASH_LABEL]!;
    await probe.supervisor.close();
    return hash;
  }

  it('adopts a healthy leftover with our label and the same config hash', async () => {
    const hash = await leftoverHash();
    const engine = new FakeEngine();
    const leftover = engine.addLeftover('switchyard-plano', { [MANAGED_LABEL]: 'true', [CONFIG_HASH_LABEL]: hash, [PORT_LABEL]: '41555' });
    const h = harness({}, {}, engine);
    const status = await h.supervisor.start();
    expect(status).toMatchObject({ phase: 'ready', containerId: leftover.id, port: 41555 });
    expect(h.kinds()).toContain('adopt:idle');
    expect(engine.calls.some((c) => c.startsWith('create'))).toBe(false);
  });

  it('removes a leftover whose config differs, and one that is not running', async () => {
    const engine = new FakeEngine();
    const stale = engine.addLeftover('switchyard-plano', { [MANAGED_LABEL]: 'true', [CONFIG_HASH_LABEL]: 'old', [PORT_LABEL]: '41555' });
    const h = harness({}, {}, engine);
    const status = await h.supervisor.start();
    expect(stale.removed).toBe(true);
    expect(h.events.find((e) => e.kind === 'cleanup')?.reason).toContain('config differs');
    expect(status.containerId).not.toBe(stale.id);

    const hash = h.engine.live()!.labels[CONFIG_HASH_LABEL]!;
    await h.supervisor.close();
    const engine2 = new FakeEngine();
    const stopped = engine2.addLeftover('switchyard-plano', { [MANAGED_LABEL]: 'true', [CONFIG_HASH_LABEL]: hash, [PORT_LABEL]: '41555' }, false);
    const h2 = harness({}, {}, engine2);
    await h2.supervisor.start();
    expect(stopped.removed).toBe(true);
    expect(h2.events.find((e) => e.kind === 'cleanup')?.reason).toContain('not running');
  });

  it('refuses to touch a container with our name that Switchyard did not create', async () => {
    const engine = new FakeEngine();
    const foreign = engine.addLeftover('switchyard-plano', {});
    const h = harness({}, {}, engine);
    const status = await h.supervisor.start();
    expect(status.phase).toBe('failed');
    expect(status.lastError?.message).toContain('exists and was not created by Switchyard');
    expect(foreign.removed).toBe(false);
  });

  it('names the port when it is taken, and picks a free one with auto', async () => {
    const h = harness({ port: 12000 });
    h.busyPorts.add(12000);
    const status = await h.supervisor.start();
    expect(status.phase).toBe('failed');
    expect(status.lastError?.message).toContain('Port 12000 on 127.0.0.1 is already in use');
    expect(h.engine.calls.some((c) => c.startsWith('create'))).toBe(false);

    const auto = harness({ port: 'auto' });
    expect((await auto.supervisor.start()).port).toBe(41000);
  });

  it('turns an engine "address already in use" at start into the same clear error', async () => {
    const engine = new FakeEngine();
    engine.startError = 'rootlessport listen tcp 127.0.0.1:12000: bind: address already in use';
    const h = harness({ port: 12000 }, {}, engine);
    const status = await h.supervisor.start();
    expect(status.lastError?.message).toContain('Port 12000 on 127.0.0.1 is already in use');
  });

  it('fails with CONTAINER_FAILED and a how-to when no engine answers, then recovers when one appears', async () => {
    const engine = new FakeEngine();
    engine.reachable = false;
    const h = harness({ recoveryHoldMs: 1_000, healthIntervalMs: 500 }, { restartBackoff: { baseMs: 1_000, maxMs: 1_000 } }, engine);
    const status = await h.supervisor.start();
    expect(status).toMatchObject({ phase: 'failed', fallbackActive: true, engine: { reachable: false } });
    expect(status.lastError?.message).toContain('Start Docker');
    engine.reachable = true;
    await h.clock.advance(500);
    expect(h.supervisor.phase).toBe('ready');
    await h.clock.advance(1_000);
    expect(h.supervisor.status().fallbackActive).toBe(false);
  });
});

describe('GatewaySupervisor stop, restart, close', () => {
  it('stop() ends a fallback, and a later start begins afresh', async () => {
    const engine = new FakeEngine();
    engine.reachable = false;
    const h = harness({}, {}, engine);
    expect((await h.supervisor.start()).fallbackActive).toBe(true);
    const stopped = await h.supervisor.stop();
    expect(stopped).toMatchObject({ phase: 'stopped', fallbackActive: false });
    expect(h.supervisor.unavailableReason()).toBe('gateway is stopped: stopped by request');
    engine.reachable = true;
    expect(await h.supervisor.start()).toMatchObject({ phase: 'ready', fallbackActive: false, fallbacks: 1 });
  });

  it('stop() removes the container and restart() brings up a new one', async () => {
    const h = harness();
    await h.supervisor.start();
    const first = h.engine.live()!;
    const stopped = await h.supervisor.stop();
    expect(stopped.phase).toBe('stopped');
    expect(first.removed).toBe(true);
    expect(h.supervisor.acceptsTraffic()).toBe(false);
    expect(h.supervisor.unavailableReason()).toContain('stopped');
    const restarted = await h.supervisor.restart();
    expect(restarted.phase).toBe('ready');
    expect(h.engine.notRemoved()).toHaveLength(1);
  });

  it('close() is idempotent, cancels a start in flight and leaves no container', async () => {
    const engine = new FakeEngine();
    engine.startBehaviour = 'silent';
    const h = harness({ startTimeoutMs: 60_000 }, {}, engine);
    const start = h.supervisor.start();
    await h.clock.advance(1_000);
    expect(h.supervisor.phase).toBe('starting');
    await Promise.all([h.supervisor.close(), h.supervisor.close()]);
    await start;
    expect(engine.notRemoved()).toHaveLength(0);
    // A gateway that never became ready is removed at once: no stop that would wait out a grace period
    // (Plano's entrypoint ignores SIGTERM while it starts).
    expect(engine.calls.filter((c) => c.startsWith('stop'))).toEqual([]);
    expect(h.supervisor.phase).toBe('stopped');
    await expect(h.supervisor.start()).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(h.clock.pendingTimers).toBe(0);
  });

  it('close() stops a ready gateway gracefully before removing it', async () => {
    const h = harness();
    await h.supervisor.start();
    const id = h.engine.live()!.id.slice(0, 4);
    await h.supervisor.close();
    expect(h.engine.calls.filter((c) => c.endsWith(id) && /^(stop|remove)/.test(c))).toEqual([`stop ${id}`, `remove ${id}`]);
  });

  it('detach() leaves the container running for the next run to adopt', async () => {
    const h = harness();
    await h.supervisor.start();
    await h.supervisor.detach();
    expect(h.engine.live()).toBeDefined();
    expect(h.supervisor.phase).toBe('stopped');
  });

  it('a throwing subscriber does not stop supervision', async () => {
    const h = harness();
    h.supervisor.on('event', () => {
      throw new Error('subscriber bug');
    });
    expect((await h.supervisor.start()).phase).toBe('ready');
  });
});
