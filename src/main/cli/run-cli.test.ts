import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOpenAIMock, type OpenAIMock } from '../../../test/mocks/openai-mock.mjs';
import { runWithIo } from '../../../test/support/cli-run';
import { CLI_VERSION, runCli } from './run-cli';

const repo = resolve(__dirname, '../../..');

describe('runCli: the command table', () => {
  it('no command prints the usage on stderr and exits 2', async () => {
    const run = await runWithIo(runCli, []);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/Usage: switchyard <command>/);
    expect(run.stderr).toMatch(/route/);
    expect(run.stderr).toMatch(/serve/);
  });

  it('an unknown command is named, exit 2', async () => {
    const run = await runWithIo(runCli, ['rout']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/unknown command "rout"/);
  });

  it('--help exits 0 on stdout; --version matches package.json', async () => {
    expect((await runWithIo(runCli, ['--help'])).code).toBe(0);
    const pkg = JSON.parse(await readFile(join(repo, 'package.json'), 'utf8')) as { version: string };
    expect(await runWithIo(runCli, ['--version'])).toEqual({ code: 0, stdout: `${pkg.version}\n`, stderr: '' });
    expect(CLI_VERSION).toBe(pkg.version);
  });

  it('route --help and serve --help dispatch to their commands', async () => {
    const route = await runWithIo(runCli, ['route', '--help']);
    expect(route.code).toBe(0);
    expect(route.stdout).toMatch(/switchyard route/);
    const serve = await runWithIo(runCli, ['serve', '--help']);
    expect(serve.code).toBe(0);
    expect(serve.stdout).toMatch(/switchyard serve/);
  });
});

describe('bin/switchyard.js launcher', () => {
  it('without a build, says to run `npm run build` and exits 2', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'switchyard-bin-'));
    try {
      await mkdir(join(dir, 'bin'));
      await copyFile(join(repo, 'bin', 'switchyard.js'), join(dir, 'bin', 'switchyard.js'));
      await writeFile(join(dir, 'package.json'), '{"type":"module"}');
      const run = await runNode([join(dir, 'bin', 'switchyard.js'), 'route', 'hi'], {});
      expect(run.code).toBe(2);
      expect(run.stderr).toContain('npm run build');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

// The built CLI as users run it (a child process). `npm run build` makes out/main/cli.js; the lead wires the
// build into the test run. SWITCHYARD_TEST_CLI points at another build of it (e.g. a scratch outDir).
const builtCli = process.env.SWITCHYARD_TEST_CLI ?? join(repo, 'out', 'main', 'cli.js');
const cliArgs = process.env.SWITCHYARD_TEST_CLI ? [builtCli] : [join(repo, 'bin', 'switchyard.js')];
const haveBuild = existsSync(builtCli);
if (!haveBuild) {
  console.warn(`[run-cli.test] skipping the built-CLI tests: ${builtCli} does not exist (run \`npm run build\` first)`);
}

describe.skipIf(!haveBuild)('the built CLI in a child process (out/main/cli.js)', () => {
  let mock: OpenAIMock;
  let dir: string;
  let config: string;
  const key = 'sk-child-process-key-123456';

  beforeAll(async () => {
    mock = await startOpenAIMock({ apiKey: key });
    dir = await mkdtemp(join(tmpdir(), 'switchyard-child-'));
    config = join(dir, 'config.yaml');
    await writeFile(config, `providers:\n  local:\n    type: openai\n    base_url: ${mock.url}\n    api_key: $CHILD_KEY\n    default_model: gpt-4o-mock\n`);
  });
  afterAll(async () => {
    await mock?.close();
    await rm(dir, { recursive: true, force: true });
  });

  const env = () => ({ PATH: process.env.PATH, XDG_CONFIG_HOME: join(dir, 'xdg'), CHILD_KEY: key });

  it('routes a prompt from stdin and exits 0', async () => {
    mock.behave({ reply: 'from a real process' });
    const run = await runNode([...cliArgs, 'route', '--config', config, '--stream'], env(), 'hello\n');
    expect(run).toEqual({ code: 0, stdout: 'from a real process\n', stderr: '' });
  });

  it('exits 1 with the error code on stderr when the request fails', async () => {
    const run = await runNode([...cliArgs, 'route', '--config', config, 'hi'], { ...env(), CHILD_KEY: 'sk-wrong-000000000' });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^AUTH_FAILED: /);
  });

  it('Ctrl-C (SIGINT) cancels a request that is waiting and exits 130', async () => {
    mock.behave({ hang: true });
    const before = mock.chatRequests().length;
    const run = await runNode([...cliArgs, 'route', '--config', config, 'hi'], env(), undefined, (child) => {
      // Once the request has reached the mock (so the CLI is up and waiting), interrupt like a terminal would.
      const poll = setInterval(() => {
        if (mock.chatRequests().length > before) {
          clearInterval(poll);
          child.kill('SIGINT');
        }
      }, 20);
      child.on('close', () => clearInterval(poll));
    });
    expect(run.code).toBe(130);
    expect(run.stderr).toMatch(/^CANCELLED: /);
  });

  it('exits 2 naming the flag on a usage error', async () => {
    const run = await runNode([...cliArgs, 'route', '--config', config, '--max-tokens', 'many', 'hi'], env());
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--max-tokens/);
  });
});

function runNode(
  args: string[],
  env: NodeJS.ProcessEnv,
  stdin?: string,
  onSpawn?: (child: ChildProcess) => void,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, args, { env, stdio: ['pipe', 'pipe', 'pipe'] });
    onSpawn?.(child);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ code, stdout, stderr }));
    child.stdin.end(stdin ?? '');
  });
}
