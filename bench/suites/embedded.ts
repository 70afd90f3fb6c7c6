import { rmSync } from 'node:fs';
import type Docker from 'dockerode';
import type { ChatResponse } from '../../src/shared/chat';
import type { GatewayEvent } from '../../src/shared/gateway';
import { GatewaySupervisor } from '../../src/main/gateway/supervisor';
import { PlanoEmbeddedRouter } from '../../src/main/routing/plano-embedded-router';
import { embeddedConfig, tempDir } from '../../test/engine/gateway-fixtures';
import { STANDIN_IMAGE, standinBinds } from '../../test/engine/standin-image';
import { ensureTestEngine } from '../../test/engine/test-engine';
import { startOpenAIMock, type OpenAIMock } from '../../test/mocks/openai-mock.mjs';
import { percentile } from '../lib/stats';
import type { BenchSuite, BenchTable } from '../types';

/**
 * Embedded Plano on a real engine (Podman or Docker), with the Node Plano stand-in.
 *   cold start       new supervisor → container ready (/healthz and /v1/models answered)
 *   kill → Direct    SIGKILL the container while requests run back to back: time to the first request
 *                    served by Direct, and how many requests failed (goal: none)
 *   recovery → gw    restarted container ready → first request served by the gateway again
 *   quit in start    close() while the container is still starting and deaf to SIGTERM (as Plano's
 *                    entrypoint is at first), with the app's default 5 s grace period; nothing may remain
 * Goal: a killed container costs no failed request, each switch takes under one second, and quitting
 * during start takes under one second.
 */

const ROUNDS = 5;
const SWITCH_GOAL_MS = 1000;
const QUIT_GOAL_MS = 1000;

interface Sample {
  coldStartMs: number;
  noticedMs: number;
  killToDirectMs: number;
  restartToReadyMs: number;
  readyToGatewayMs: number;
  failed: number;
  requests: number;
}

function nextEvent(supervisor: GatewaySupervisor, match: (e: GatewayEvent) => boolean): Promise<number> {
  return new Promise((resolve) => {
    const off = supervisor.on('event', (e) => {
      if (match(e)) {
        off();
        resolve(performance.now());
      }
    });
  });
}

async function oneRound(docker: Docker, endpoint: string, openai: OpenAIMock): Promise<Sample> {
  const workDir = tempDir('switchyard-bench-');
  const config = embeddedConfig(
    { image: STANDIN_IMAGE, dockerHost: endpoint, network: 'host', env: { STANDIN_HOST: '127.0.0.1' }, healthIntervalMs: 10_000, recoveryHoldMs: 10_000 },
    { openai: { baseUrl: openai.url, apiKey: 'sk-bench', models: ['gpt-4o-mock'], defaultModel: 'gpt-4o-mock' } },
  );
  const supervisor = new GatewaySupervisor({ config, workDir, extraBinds: standinBinds(), stopTimeoutSec: 2, restartBackoff: { baseMs: 50, maxMs: 500 }, startPollMs: 50 });
  const router = new PlanoEmbeddedRouter(config, { gateway: supervisor });
  try {
    const coldStart = performance.now();
    const status = await supervisor.start();
    if (status.phase !== 'ready') throw new Error(`gateway did not start: ${status.lastError?.message ?? status.phase}`);
    const coldStartMs = performance.now() - coldStart;
    await router.route({ messages: [{ role: 'user', content: 'warm up' }] });

    // Requests back to back, one at a time, while the container is killed and comes back.
    const served: { at: number; by: string }[] = [];
    let failed = 0;
    let running = true;
    const traffic = (async () => {
      while (running) {
        try {
          const r: ChatResponse = await router.route({ messages: [{ role: 'user', content: 'ping' }] });
          served.push({ at: performance.now(), by: r.trace.servedBy });
        } catch {
          failed += 1;
        }
      }
    })();

    const noticed = nextEvent(supervisor, (e) => e.phase === 'unhealthy');
    const creating = nextEvent(supervisor, (e) => e.kind === 'transition' && e.phase === 'creating');
    const ready = nextEvent(supervisor, (e) => e.kind === 'transition' && e.phase === 'ready');
    const killedAt = performance.now();
    await docker.getContainer(status.containerId!).kill({ signal: 'SIGKILL' });
    const noticedAt = await noticed;
    const creatingAt = await creating;
    const readyAt = await ready;
    // Let traffic reach the restarted gateway, then stop.
    while (!served.some((s) => s.at > readyAt && s.by === 'plano_embedded')) await new Promise((r) => setTimeout(r, 5));
    running = false;
    await traffic;

    const firstDirect = served.find((s) => s.at > killedAt && s.by === 'direct');
    const firstBack = served.find((s) => s.at > readyAt && s.by === 'plano_embedded')!;
    return {
      coldStartMs,
      noticedMs: noticedAt - killedAt,
      killToDirectMs: firstDirect ? firstDirect.at - killedAt : Number.NaN,
      restartToReadyMs: readyAt - creatingAt,
      readyToGatewayMs: firstBack.at - readyAt,
      failed,
      requests: served.length + failed,
    };
  } finally {
    await router.close();
    await supervisor.close();
    rmSync(workDir, { recursive: true, force: true });
  }
}

/** close() while the gateway is starting; how long it took and how many containers of that name remain. */
async function quitDuringStart(docker: Docker, endpoint: string): Promise<{ quitMs: number; left: number }> {
  const workDir = tempDir('switchyard-bench-');
  const config = embeddedConfig({ image: STANDIN_IMAGE, dockerHost: endpoint, network: 'host', env: { STANDIN_HOST: '127.0.0.1', STANDIN_START_DELAY: '60' }, startTimeoutMs: 120_000 });
  const supervisor = new GatewaySupervisor({ config, workDir, extraBinds: standinBinds(), startPollMs: 50 });
  try {
    const starting = nextEvent(supervisor, (e) => e.kind === 'transition' && e.phase === 'starting');
    const start = supervisor.start();
    await starting;
    const t0 = performance.now();
    await supervisor.close();
    const quitMs = performance.now() - t0;
    await start;
    const left = (await docker.listContainers({ all: true, filters: { name: [config.routing.planoEmbedded.containerName] } })).length;
    return { quitMs, left };
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}

const ms = (v: number): string => (Number.isFinite(v) ? v.toFixed(1) : 'n/a');

const suite: BenchSuite = {
  name: 'embedded',
  async run(): Promise<BenchTable[]> {
    const engine = await ensureTestEngine();
    if (!engine.available) {
      return [{ title: 'Embedded gateway (skipped)', columns: ['reason'], rows: [[engine.missing ?? 'no engine']] }];
    }
    const openai = await startOpenAIMock({ apiKey: 'sk-bench' });
    const samples: Sample[] = [];
    const quits: { quitMs: number; left: number }[] = [];
    try {
      for (let i = 0; i < ROUNDS; i++) samples.push(await oneRound(engine.docker!, engine.endpoint!, openai));
      for (let i = 0; i < ROUNDS; i++) quits.push(await quitDuringStart(engine.docker!, engine.endpoint!));
    } finally {
      await openai.close();
    }
    const quitMs = quits.map((q) => q.quitMs);
    const left = quits.reduce((n, q) => n + q.left, 0);
    const row = (label: string, values: number[]): (string | number)[] => [label, ms(percentile(values, 50)), ms(Math.min(...values)), ms(Math.max(...values))];
    const killToDirect = samples.map((s) => s.killToDirectMs);
    const readyToGateway = samples.map((s) => s.readyToGatewayMs);
    const failed = samples.reduce((a, s) => a + s.failed, 0);
    const requests = samples.reduce((a, s) => a + s.requests, 0);
    const worstSwitch = Math.max(...killToDirect, ...readyToGateway);
    return [
      {
        title: `Embedded Plano on ${engine.endpoint} (${ROUNDS} rounds, stand-in image, host network)`,
        columns: ['measure', 'p50 ms', 'min ms', 'max ms'],
        rows: [
          row('cold start → ready', samples.map((s) => s.coldStartMs)),
          row('kill → noticed (engine event)', samples.map((s) => s.noticedMs)),
          row('kill → first request served by Direct', killToDirect),
          row('restart: creating → ready', samples.map((s) => s.restartToReadyMs)),
          row('ready again → first request via gateway', readyToGateway),
          row('quit while starting (deaf to SIGTERM) → closed', quitMs),
        ],
        notes: [
          `${failed === 0 ? 'PASS' : 'MISS'}: ${failed} of ${requests} requests failed while the container was killed and restarted (goal: none)`,
          `${worstSwitch < SWITCH_GOAL_MS ? 'PASS' : 'MISS'}: slowest switch ${ms(worstSwitch)} ms (kill → Direct, or ready → gateway; goal < ${SWITCH_GOAL_MS} ms)`,
          `${Math.max(...quitMs) < QUIT_GOAL_MS && left === 0 ? 'PASS' : 'MISS'}: quitting during start took at most ${ms(Math.max(...quitMs))} ms with the default 5 s grace period, and left ${left} container(s) behind (goal < ${QUIT_GOAL_MS} ms, none left)`,
          'Cold start includes engine ping, leftover check, config write, create, start, /healthz and /v1/models; real Plano (Envoy + brightstaff) starts slower than the Node stand-in.',
        ],
      },
    ];
  },
};

export default suite;
