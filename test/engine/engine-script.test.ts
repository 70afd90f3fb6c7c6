import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from './standin-image';
import { ensureTestEngine } from './test-engine';

const run = promisify(execFile);
const script = join(PROJECT_ROOT, 'scripts', 'engine.sh');
const engine = await ensureTestEngine();

describe.skipIf(!engine.available)('scripts/engine.sh', () => {
  it('start is idempotent: it prints the same endpoint and reuses the running engine', async () => {
    const [first, second] = await Promise.all([run(script, ['start']), run(script, ['start'])]);
    expect(first.stdout.trim()).not.toBe('');
    expect(second.stdout.trim()).toBe(first.stdout.trim());
    await expect(run(script, ['status'])).resolves.toBeDefined();
  });

  it('env prints the endpoint for the tests, and a bad command is a usage error', async () => {
    const { stdout } = await run(script, ['env']);
    const { stdout: started } = await run(script, ['start']);
    expect(stdout).toContain(`export SWITCHYARD_TEST_DOCKER_HOST=${started.trim()}`);
    await expect(run(script, ['bogus'])).rejects.toMatchObject({ code: 2, stderr: expect.stringContaining('usage:') });
  });
});
