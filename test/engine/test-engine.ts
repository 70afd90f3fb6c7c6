import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Docker from 'dockerode';
import { createDockerClient } from '../../src/main/gateway/docker-engine';
import { buildStandinImages, PROJECT_ROOT } from './standin-image';

/**
 * One engine for the engine tests: DOCKER_HOST or /var/run/docker.sock when they answer, else rootful
 * Podman's Docker-API service started by scripts/engine.sh. When none can be had, tests skip with the
 * reason, except in CI (CI=true), where that is a failure.
 */

export const ENGINE_ENV = 'SWITCHYARD_TEST_DOCKER_HOST';
const execFileAsync = promisify(execFile);

export interface TestEngine {
  available: boolean;
  /** Socket path or URL, usable as `docker_host`. */
  endpoint?: string;
  docker?: Docker;
  /** Why engine tests are skipped. */
  missing?: string;
  /** True when this process started the Podman service (so teardown stops it). */
  startedHere?: boolean;
}

let ensured: Promise<TestEngine> | undefined;

async function answers(endpoint: string): Promise<Docker | undefined> {
  try {
    const { docker } = createDockerClient(endpoint);
    await docker.ping();
    return docker;
  } catch {
    return undefined;
  }
}

function podmanInstalled(): boolean {
  return ['/usr/bin/podman', '/usr/local/bin/podman', '/bin/podman'].some((p) => existsSync(p));
}

async function bootstrap(): Promise<TestEngine> {
  const given = process.env[ENGINE_ENV];
  if (given) {
    const docker = await answers(given);
    if (docker) return { available: true, endpoint: given, docker };
  }
  const script = join(PROJECT_ROOT, 'scripts', 'engine.sh');
  const wasRunning = await execFileAsync(script, ['status']).then(
    () => true,
    () => false,
  );
  if (!process.env.DOCKER_HOST && !existsSync('/var/run/docker.sock') && !podmanInstalled()) {
    return { available: false, missing: 'no Docker engine (DOCKER_HOST, /var/run/docker.sock) and podman is not installed (apt-get install podman runc slirp4netns catatonit busybox-static)' };
  }
  try {
    const { stdout } = await execFileAsync(script, ['start']);
    const endpoint = stdout.trim().split('\n').at(-1)!;
    const docker = await answers(endpoint);
    if (!docker) return { available: false, missing: `the engine at ${endpoint} does not answer /_ping` };
    return { available: true, endpoint, docker, startedHere: !wasRunning };
  } catch (error) {
    const e = error as { stderr?: string; message?: string };
    return { available: false, missing: `scripts/engine.sh start failed: ${(e.stderr || e.message || String(error)).trim()}` };
  }
}

/** Ensures the engine and the stand-in images, once per process; sets SWITCHYARD_TEST_DOCKER_HOST. */
export function ensureTestEngine(): Promise<TestEngine> {
  ensured ??= (async () => {
    const engine = await bootstrap();
    if (!engine.available) {
      if (process.env.CI === 'true') throw new Error(`CI needs a container engine for the embedded-gateway tests: ${engine.missing}`);
      console.warn(`[engine tests skipped] ${engine.missing}`);
      return engine;
    }
    if (!existsSync('/bin/busybox')) {
      const missing = '/bin/busybox is missing (apt-get install busybox-static): the Plano stand-in image cannot be built';
      if (process.env.CI === 'true') throw new Error(missing);
      console.warn(`[engine tests skipped] ${missing}`);
      return { available: false, missing };
    }
    await buildStandinImages(engine.docker!);
    process.env[ENGINE_ENV] = engine.endpoint;
    return engine;
  })();
  return ensured;
}

/**
 * Several test runs may share the engine (parallel vitest processes on one machine): each run registers
 * itself, and the last one to finish stops the Podman service, and only if a test run started it (an
 * engine started by hand or by CI, or a real Docker, is left alone).
 */
function sharedPaths(): { users: string; startedByTests: string } {
  // Read at call time: a caller may point SWITCHYARD_ENGINE_DIR at its own engine after importing this.
  const dir = (process.env.SWITCHYARD_ENGINE_DIR ?? '/tmp/switchyard-engine').replace(/\/$/, '');
  return { users: `${dir}.users`, startedByTests: `${dir}.started-by-tests` };
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Marks this process as using the engine (call before ensureTestEngine). */
export function registerEngineUser(): void {
  const { users } = sharedPaths();
  mkdirSync(users, { recursive: true });
  writeFileSync(join(users, String(process.pid)), '');
}

/** Unregisters this process; stops the Podman service when no other run uses it and a test run started it. */
export async function releaseTestEngine(engine: TestEngine): Promise<void> {
  const { users, startedByTests } = sharedPaths();
  rmSync(join(users, String(process.pid)), { force: true });
  if (engine.startedHere) writeFileSync(startedByTests, '');
  const others = existsSync(users) ? readdirSync(users).map(Number).filter((pid) => pid !== process.pid && alive(pid)) : [];
  if (others.length > 0 || !existsSync(startedByTests)) return;
  rmSync(startedByTests, { force: true });
  await execFileAsync(join(PROJECT_ROOT, 'scripts', 'engine.sh'), ['stop']);
}

/** Stops the Podman service if this process started it (for a run with an engine folder of its own). */
export async function stopTestEngine(engine: TestEngine): Promise<void> {
  if (!engine.startedHere) return;
  await execFileAsync(join(PROJECT_ROOT, 'scripts', 'engine.sh'), ['stop']);
}
