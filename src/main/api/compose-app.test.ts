import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Logger } from '../logging/logger';
import type { Router } from '../routing/types';
import { EnvironmentSecrets } from '../stores/environment-secrets';
import { composeApp } from './compose-app';
import { TEST_CONFIG_YAML } from '../../../test/support/test-app';

const dirs: string[] = [];
afterEach(async () => {
  while (dirs.length > 0) await rm(dirs.pop()!, { recursive: true, force: true });
});

describe('composeApp close', () => {
  it('quitting does not hang on a router whose engine stopped answering, and says so in the log', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'switchyard-compose-'));
    dirs.push(dataDir);
    const configPath = join(dataDir, 'config.yaml');
    await writeFile(configPath, TEST_CONFIG_YAML);
    let closeCalls = 0;
    const hungRouter: Router = {
      mode: 'direct',
      route: () => Promise.reject(new Error('unused')),
      stream: () => (async function* () {})(),
      close: () => {
        closeCalls++;
        return new Promise<void>(() => undefined); // an engine that never answers `stop`
      },
    };
    const lines: Array<{ event: string; fields?: Record<string, unknown> }> = [];
    const logger: Logger = { log: (_level, event, fields) => lines.push({ event, fields }) };
    const app = await composeApp({
      configPath,
      dataDir,
      secrets: new EnvironmentSecrets(),
      env: {},
      logger,
      routerFactory: () => hungRouter,
      watchConfig: false,
      closeTimeoutMs: 100,
    });
    await app.core.invoke('router.state', undefined);

    await app.close();
    expect(closeCalls).toBe(1);
    expect(lines.find((l) => l.event === 'app.close_timeout')?.fields).toMatchObject({ timeoutMs: 100 });
  });
});
