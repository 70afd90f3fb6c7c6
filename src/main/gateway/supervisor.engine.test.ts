import { createServer, type Server } from 'node:net';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import type Docker from 'dockerode';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { GatewayEvent } from '../../shared/gateway';
import type { PlanoEmbeddedConfig } from '../../shared/config';
import { embeddedConfig, tempDir } from '../../../test/engine/gateway-fixtures';
import { CRASHLOOP_IMAGE, STANDIN_IMAGE, standinBinds } from '../../../test/engine/standin-image';
import { ensureTestEngine } from '../../../test/engine/test-engine';
import { DockerEngine } from './docker-engine';
import { GatewaySupervisor, type GatewaySupervisorOptions } from './supervisor';

/**
 * Embedded gateway against a real Docker-API engine (Podman here, Docker on a laptop), with the Node Plano
 * stand-in image built locally. Skips with the reason when no engine can be had (fails in CI).
 */
const engine = await ensureTestEngine();
const docker = engine.docker as Docker;
const workDirs: string[] = [];
const supervisors: GatewaySupervisor[] = [];

function supervise(embedded: Partial<PlanoEmbeddedConfig>, extra: Partial<GatewaySupervisorOptions> = {}, controlDir?: string): GatewaySupervisor {
  const workDir = tempDir();
  workDirs.push(workDir);
  const config = embeddedConfig({ image: STANDIN_IMAGE, dockerHost: engine.endpoint ?? '', ...embedded });
  const supervisor = new GatewaySupervisor({
    config,
    engine: DockerEngine.fromHost(config.routing.planoEmbedded.dockerHost),
    workDir,
    extraBinds: standinBinds(controlDir),
    stopTimeoutSec: 2,
    restartBackoff: { baseMs: 50, maxMs: 300 },
    startPollMs: 100,
    ...extra,
  });
  supervisors.push(supervisor);
  return supervisor;
}

function nextEvent(supervisor: GatewaySupervisor, match: (e: GatewayEvent) => boolean): Promise<GatewayEvent> {
  return new Promise((resolve) => {
    const off = supervisor.on('event', (event) => {
      if (match(event)) {
        off();
        resolve(event);
      }
    });
  });
}

async function containersNamed(name: string): Promise<Docker.ContainerInfo[]> {
  const list = await docker.listContainers({ all: true, filters: { name: [name] } });
  return list.filter((c) => c.Names.some((n) => n === `/${name}`));
}

async function execText(containerId: string, cmd: string[]): Promise<string> {
  const exec = await docker.getContainer(containerId).exec({ Cmd: cmd, AttachStdout: true, AttachStderr: true });
  const stream = await exec.start({ hijack: true, stdin: false });
  const out = new PassThrough();
  let text = '';
  out.on('data', (chunk: Buffer) => (text += chunk.toString()));
  docker.modem.demuxStream(stream, out, out);
  await new Promise<void>((resolve) => stream.on('end', resolve));
  return text;
}

afterEach(async () => {
  for (const supervisor of supervisors.splice(0)) await supervisor.close();
  // Belt and braces: nothing this file created may outlive it, even when a test failed midway.
  if (docker) {
    const mine = await docker.listContainers({ all: true, filters: { name: [`switchyard-test-${process.pid}-`] } });
    await Promise.all(mine.map((c) => docker.getContainer(c.Id).remove({ force: true }).catch(() => {})));
  }
});

afterAll(() => {
  for (const dir of workDirs) rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(!engine.available)('embedded gateway on a real engine', () => {
  it('starts cold to ready with the generated config mounted and keys only in the environment', async () => {
    const supervisor = supervise({});
    const phases: string[] = [];
    supervisor.on('event', (e) => e.kind === 'transition' && phases.push(e.phase));
    const status = await supervisor.start();

    expect(status.phase).toBe('ready');
    expect(phases).toEqual(['creating', 'starting', 'ready']);
    expect(status.port).toBeGreaterThan(0);
    expect(status.engine.reachable).toBe(true);

    // The fixture's `openai` provider is not at api.openai.com, so it gets a Plano name of its own.
    const models = (await (await fetch(`${supervisor.origin}/v1/models`)).json()) as { data: { id: string }[] };
    expect(models.data.map((m) => m.id)).toEqual(['switchyard-openai/gpt-4o']);

    const inside = await execText(status.containerId!, ['cat', '/app/plano_config.yaml']);
    expect(inside).toContain('version: v0.4.0');
    expect(inside).toContain('model: switchyard-openai/gpt-4o');
    expect(inside).toContain('access_key: $OPENAI_API_KEY');
    expect(inside).not.toContain('sk-test-key');

    const info = await docker.getContainer(status.containerId!).inspect();
    expect(info.Config.Env).toContain('OPENAI_API_KEY=sk-test-key');
    expect(info.Config.Labels['io.switchyard.managed']).toBe('true');
    expect(info.HostConfig.PortBindings?.['12000/tcp']?.[0]).toMatchObject({ HostIp: '127.0.0.1', HostPort: String(status.port) });
    expect(info.Mounts.find((m) => m.Destination === '/app/plano_config.yaml')?.RW).toBe(false);

    expect(supervisor.logs().map((l) => l.text)).toContain('plano stand-in: starting with /app/plano_config.yaml');
    expect(supervisor.configYaml()).toBe(inside);
  });

  it('notices a killed container from the event stream, restarts it and is ready again', async () => {
    // A 60 s health interval: only the engine's event stream can explain a prompt restart.
    const supervisor = supervise({ healthIntervalMs: 60_000 });
    const first = await supervisor.start();
    const unhealthy = nextEvent(supervisor, (e) => e.phase === 'unhealthy');
    const readyAgain = nextEvent(supervisor, (e) => e.kind === 'transition' && e.phase === 'ready');

    await docker.getContainer(first.containerId!).kill({ signal: 'SIGKILL' });
    const noticed = await unhealthy;
    // Podman sends kill then die; whichever wakes the supervisor first names the exit code.
    expect(noticed.reason).toMatch(/^container (died \(exit code 137\)|exited with code 137)/);
    await readyAgain;

    const status = supervisor.status();
    expect(status.restarts).toBe(1);
    expect(status.containerId).not.toBe(first.containerId);
    expect(status.fallbackActive).toBe(false);
    expect((await fetch(`${supervisor.origin}/healthz`)).status).toBe(200);
    expect(await containersNamed(status.containerName)).toHaveLength(1);
  });

  it('falls back after max restarts of a crash-looping gateway, then recovers and switches back', async () => {
    const control = tempDir('switchyard-control-');
    workDirs.push(control);
    const supervisor = supervise({ maxRestarts: 2, healthIntervalMs: 200, recoveryHoldMs: 400 }, { restartBackoff: { baseMs: 50, maxMs: 400 } }, control);
    await supervisor.start();
    expect(supervisor.acceptsTraffic()).toBe(true);

    writeFileSync(join(control, 'crash'), 'invalid configuration: model_providers[0].model: unknown provider');
    const fellBack = nextEvent(supervisor, (e) => e.kind === 'fallback');
    await docker.getContainer(supervisor.status().containerId!).kill({ signal: 'SIGKILL' });
    const fallback = await fellBack;

    const failed = supervisor.status();
    expect(failed.phase).toBe('failed');
    expect(failed.fallbackActive).toBe(true);
    expect(failed.restarts).toBe(2);
    expect(fallback.reason).toContain('gave up after 2 failed restarts');
    expect(fallback.reason).toContain('unknown provider');
    expect(supervisor.acceptsTraffic()).toBe(false);

    rmSync(join(control, 'crash'));
    const recovered = nextEvent(supervisor, (e) => e.kind === 'recovery');
    await recovered;
    expect(supervisor.status()).toMatchObject({ phase: 'ready', fallbackActive: false, fallbacks: 1 });
    expect(supervisor.acceptsTraffic()).toBe(true);
  });

  it('reports a crash-looping image with the reason it printed', async () => {
    const supervisor = supervise({ image: CRASHLOOP_IMAGE, maxRestarts: 1 });
    const status = await supervisor.start();
    expect(status.phase).toBe('failed');
    expect(status.fallbackActive).toBe(true);
    expect(status.lastError?.message).toContain('exited with code 1');
    expect(status.lastError?.message).toContain('unknown listener type');
    expect(supervisor.logs().some((l) => l.stream === 'stderr' && l.text.includes('invalid configuration'))).toBe(true);
  });

  it('adopts a healthy leftover container with the same config instead of starting another', async () => {
    const embedded = { containerName: `switchyard-test-${process.pid}-adopt` };
    const first = supervise(embedded);
    const started = await first.start();
    await first.detach();

    const second = supervise(embedded);
    const adopted = nextEvent(second, (e) => e.kind === 'adopt');
    const status = await second.start();
    expect((await adopted).reason).toContain(started.containerId!.slice(0, 12));
    expect(status).toMatchObject({ phase: 'ready', containerId: started.containerId, port: started.port });
    expect((await fetch(`${second.origin}/v1/models`)).status).toBe(200);
  });

  it('removes a leftover container whose config differs and starts a fresh one', async () => {
    const name = `switchyard-test-${process.pid}-stale`;
    const first = supervise({ containerName: name });
    const started = await first.start();
    await first.detach();

    const second = supervise({ containerName: name, env: { PLANO_LOG_LEVEL: 'debug' } });
    const cleanup = nextEvent(second, (e) => e.kind === 'cleanup');
    const status = await second.start();
    expect((await cleanup).reason).toMatch(/removed leftover container .*config differs/);
    expect(status.phase).toBe('ready');
    expect(status.containerId).not.toBe(started.containerId);
    expect((await containersNamed(name)).map((c) => c.Id)).toEqual([status.containerId]);
  });

  it('names the port when the configured port is already taken', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const supervisor = supervise({ port });
      const status = await supervisor.start();
      expect(status.phase).toBe('failed');
      expect(status.lastError?.code).toBe('CONTAINER_FAILED');
      expect(status.lastError?.message).toContain(`Port ${port} on 127.0.0.1 is already in use`);
      expect(await containersNamed(status.containerName)).toHaveLength(0);
    } finally {
      blocker.close();
    }
  });

  it('explains how to start Docker when no engine answers, and falls back', async () => {
    const supervisor = supervise({ dockerHost: '/tmp/switchyard-no-engine-here.sock' });
    const status = await supervisor.start();
    expect(status.phase).toBe('failed');
    expect(status.engine.reachable).toBe(false);
    expect(status.fallbackActive).toBe(true);
    expect(status.lastError?.code).toBe('CONTAINER_FAILED');
    expect(status.lastError?.message).toContain('No container engine answers at /tmp/switchyard-no-engine-here.sock');
    expect(status.lastError?.message).toContain('Start Docker');
  });

  it('gives the engine reason when the image cannot be pulled', async () => {
    const supervisor = supervise({ image: '127.0.0.1:1/switchyard/missing:1' });
    const status = await supervisor.start();
    expect(status.phase).toBe('failed');
    expect(status.lastError?.message).toMatch(/Cannot pull image 127\.0\.0\.1:1\/switchyard\/missing:1: .*(refused|connect)/i);
  });

  it('close() stops and removes the container, and a second close is harmless', async () => {
    const supervisor = supervise({ network: 'host', env: { STANDIN_HOST: '127.0.0.1' } });
    const status = await supervisor.start();
    expect(status.phase).toBe('ready');
    expect((await fetch(`${supervisor.origin}/healthz`)).status).toBe(200);
    await supervisor.close();
    await supervisor.close();
    expect(await containersNamed(status.containerName)).toHaveLength(0);
    expect(supervisor.status().phase).toBe('stopped');
  });

  it('close() during a start (the gateway deaf to SIGTERM) cancels it and removes the container without waiting out the grace period', async () => {
    // With a 10-minute grace period, a stop would hold close() far past this test's timeout.
    const supervisor = supervise({ env: { STANDIN_START_DELAY: '600' }, startTimeoutMs: 600_000 }, { stopTimeoutSec: 600 });
    const starting = nextEvent(supervisor, (e) => e.phase === 'starting');
    const start = supervisor.start();
    await starting;
    await supervisor.close();
    await start;
    expect(await containersNamed(supervisor.status().containerName)).toHaveLength(0);
    expect(supervisor.status().phase).toBe('stopped');
  });

  it('restarts a container that runs but keeps failing its health checks', async () => {
    const supervisor = supervise({ healthIntervalMs: 150, env: { STANDIN_CONTROL: '1' } });
    const first = await supervisor.start();
    const restarted = nextEvent(supervisor, (e) => e.kind === 'restart');
    const control = await fetch(`${supervisor.origin}/__control/healthz`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ status: 503 }) });
    expect(control.status).toBeLessThan(300);
    expect((await restarted).reason).toMatch(/health check failed 2 time\(s\) in a row: \/healthz answered 503/);
    await nextEvent(supervisor, (e) => e.kind === 'transition' && e.phase === 'ready');
    expect(supervisor.status().containerId).not.toBe(first.containerId);
    expect((await fetch(`${supervisor.origin}/healthz`)).status).toBe(200);
  });

  it('streams CPU and memory samples while ready (with an init process as PID 1)', async () => {
    const supervisor = supervise({}, { init: true });
    const sample = new Promise((resolve) => supervisor.on('stats', resolve));
    const status = await supervisor.start();
    expect(status.phase).toBe('ready');
    expect((await docker.getContainer(status.containerId!).inspect()).HostConfig.Init).toBe(true);
    expect(await sample).toMatchObject({ cpuPercent: expect.any(Number), memoryBytes: expect.any(Number) });
  });
});
