import { randomBytes } from 'node:crypto';
import type Docker from 'dockerode';
import { CRASHLOOP_IMAGE } from '../../test/engine/standin-image';
import { ensureTestEngine, registerEngineUser, releaseTestEngine, type TestEngine } from '../../test/engine/test-engine';
import { E2E_IMAGE_REPO, ensureE2EImage } from './embedded-image';

/**
 * The real container engine for journeys 3 and 4: DOCKER_HOST or /var/run/docker.sock when one answers,
 * else rootful Podman's Docker API started by scripts/engine.sh (via test/engine). Without one the embedded
 * specs skip with the reason, except in CI, where ensureTestEngine throws.
 */
export interface E2EEngine {
  /** Socket path or URL: the app's `routing.plano_embedded.docker_host`. */
  endpoint: string;
  docker: Docker;
  /** A healthy, self-contained Plano stand-in image. */
  healthyImage: string;
  /** An image whose container exits at once with a config error, as Plano does with a bad config. */
  crashImage: string;
  /** A fresh tag pointing at `image`, which the test can later move (to fix a "broken release" from outside). */
  tagAs(image: string, tag?: string): Promise<string>;
  /** Removes every container of this name (safety net after a test; the app should have removed it). */
  removeContainersNamed(name: string): Promise<void>;
  /** IDs of containers (running or not) with this exact name. */
  containersNamed(name: string): Promise<string[]>;
}

export type EngineSetup = { engine: E2EEngine; raw: TestEngine } | { missing: string };

export async function setUpEngine(): Promise<EngineSetup> {
  // Registered as a user of the shared engine, so a vitest run finishing meanwhile does not stop it under us.
  registerEngineUser();
  const raw = await ensureTestEngine();
  if (!raw.available || !raw.docker || !raw.endpoint) return { missing: raw.missing ?? 'no container engine' };
  const docker = raw.docker;
  const healthyImage = await ensureE2EImage(docker);
  const containersNamed = async (name: string): Promise<string[]> => {
    const list = await docker.listContainers({ all: true, filters: { name: [name] } });
    // The name filter matches substrings; keep exact names only.
    return list.filter((c) => c.Names.some((n) => n.replace(/^\//, '') === name)).map((c) => c.Id);
  };
  const engine: E2EEngine = {
    endpoint: raw.endpoint,
    docker,
    healthyImage,
    crashImage: CRASHLOOP_IMAGE,
    async tagAs(image, tag = `t-${randomBytes(4).toString('hex')}`) {
      await docker.getImage(image).tag({ repo: E2E_IMAGE_REPO, tag });
      return `${E2E_IMAGE_REPO}:${tag}`;
    },
    containersNamed,
    async removeContainersNamed(name) {
      for (const id of await containersNamed(name)) await docker.getContainer(id).remove({ force: true }).catch(() => undefined);
    },
  };
  return { engine, raw };
}

/** Unregisters; the last user of an engine that a test run started stops it. */
export async function tearDownEngine(setup: EngineSetup): Promise<void> {
  if ('raw' in setup) await releaseTestEngine(setup.raw);
}

export function uniqueContainerName(): string {
  return `switchyard-e2e-${process.pid}-${randomBytes(3).toString('hex')}`;
}
