import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');
export const CLI_BIN = resolve(ROOT, 'bin/switchyard.js');

export interface ServeOptions {
  /** Environment of the serve process (the data-folder variables and any provider keys). */
  env: Record<string, string>;
  /** Passed as `--config FILE`; omitted to let the app use its default path in the data folder. */
  configPath?: string;
  extraArgs?: string[];
  /** How long to wait for the URL line. */
  startTimeoutMs?: number;
}

export interface ServeHandle {
  /** The URL exactly as printed, token included. */
  url: string;
  /** e.g. http://127.0.0.1:43121 */
  origin: string;
  port: number;
  token: string;
  /** The printed URL with the token removed (what a user who lost the token would open). */
  urlWithoutToken: string;
  /** Everything the process printed so far (stdout and stderr interleaved), for failure messages. */
  output(): string;
  stop(): Promise<void>;
  readonly child: ChildProcess;
}

const URL_RE = /(https?:\/\/(?:127\.0\.0\.1|localhost|\[::1\]):\d+\/\S*)/;

/** Finds the token in the printed URL, wherever the server put it (query, fragment or path). */
export function extractToken(url: URL): string | undefined {
  const fromQuery = url.searchParams.get('token');
  if (fromQuery) return fromQuery;
  const hash = new URLSearchParams(url.hash.replace(/^#/, ''));
  const fromHash = hash.get('token');
  if (fromHash) return fromHash;
  const segment = url.pathname.split('/').filter(Boolean).pop();
  return segment && segment.length >= 16 ? segment : undefined;
}

function stripToken(url: URL, token: string): string {
  const copy = new URL(url.href);
  copy.searchParams.delete('token');
  copy.hash = '';
  copy.pathname = copy.pathname.replace(token, '');
  return copy.href;
}

/**
 * Starts `node bin/switchyard.js serve --port 0` as a child process and waits for the URL it prints.
 * Fails with everything the process printed when it exits or stays silent instead.
 */
export async function startServe(options: ServeOptions): Promise<ServeHandle> {
  const args = [CLI_BIN, 'serve', '--port', '0', '--host', '127.0.0.1'];
  if (options.configPath) args.push('--config', options.configPath);
  args.push(...(options.extraArgs ?? []));
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    // Only what the test gives: no developer keys leak into the app from the outer environment.
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', NODE_ENV: 'production', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));

  const urlLine = await new Promise<string>((found, fail) => {
    const timer = setTimeout(
      () => fail(new Error(`switchyard serve printed no URL within ${options.startTimeoutMs ?? 20_000} ms. Output:\n${output}`)),
      options.startTimeoutMs ?? 20_000,
    );
    const onData = (chunk: Buffer): void => {
      output += chunk.toString('utf8');
      const m = URL_RE.exec(output);
      if (m) {
        clearTimeout(timer);
        found(m[1]!);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('error', (e) => {
      clearTimeout(timer);
      fail(e);
    });
    void exited.then((code) => {
      clearTimeout(timer);
      fail(new Error(`switchyard serve exited with code ${code} before printing a URL. Output:\n${output}`));
    });
  });

  const parsed = new URL(urlLine);
  const token = extractToken(parsed);
  if (!token) throw new Error(`switchyard serve printed a URL without a token: ${urlLine}`);
  let stopped: Promise<void> | undefined;
  return {
    url: urlLine,
    origin: parsed.origin,
    port: Number(parsed.port),
    token,
    urlWithoutToken: stripToken(parsed, token),
    output: () => output,
    child,
    stop() {
      stopped ??= (async () => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 8_000);
        await exited;
        clearTimeout(timer);
      })();
      return stopped;
    },
  };
}
