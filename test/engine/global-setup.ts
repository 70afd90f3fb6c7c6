import type { TestProject } from 'vitest/node';
import { ENGINE_ENV, ensureTestEngine, registerEngineUser, releaseTestEngine } from './test-engine';

/**
 * Vitest globalSetup: starts (or finds) a Docker-API engine and builds the Plano stand-in images once for
 * the whole run. Test files read the endpoint from SWITCHYARD_TEST_DOCKER_HOST (or `inject`). Parallel runs
 * share the engine; the last one to finish stops it if a test run started it.
 * Without an engine and without podman, engine tests skip with the reason; with CI=true this throws.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  registerEngineUser();
  const engine = await ensureTestEngine();
  project.provide(ENGINE_ENV, engine.available ? engine.endpoint! : '');
  return async () => {
    await releaseTestEngine(engine);
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    SWITCHYARD_TEST_DOCKER_HOST: string;
  }
}
