import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
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

/** Stops what `ensureTestEngine` started (only the Podman service it started itself). */
export async function stopTestEngine(engine: TestEngine): Promise<void> {
  if (!engine.startedHere) return;
  await execFileAsync(join(PROJECT_ROOT, 'scripts', 'engine.sh'), ['stop']);
}
