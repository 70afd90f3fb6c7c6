import { PassThrough, Readable } from 'node:stream';
import type { CliIo } from '../../src/main/cli/cli-io';

/** In-process CLI runs with real streams: what a user would see on stdout/stderr, and the exit code. */

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export interface CliRunOptions {
  /** Piped stdin; omit for a terminal (isTTY). */
  stdin?: string;
  env?: NodeJS.ProcessEnv;
  signal?: AbortSignal;
  /** Called with each stdout chunk as it is written (to act mid-stream). */
  onStdout?: (chunk: string) => void;
}

export async function runWithIo(
  run: (argv: readonly string[], io: CliIo) => Promise<number>,
  argv: readonly string[],
  options: CliRunOptions = {},
): Promise<CliRun> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c: Buffer) => {
    out += c.toString('utf8');
    options.onStdout?.(c.toString('utf8'));
  });
  stderr.on('data', (c: Buffer) => (err += c.toString('utf8')));
  const stdin: CliIo['stdin'] =
    options.stdin === undefined ? Object.assign(Readable.from([]), { isTTY: true }) : Readable.from([Buffer.from(options.stdin)]);
  const io: CliIo = { stdin, stdout, stderr, env: options.env ?? {} };
  if (options.signal) io.signal = options.signal;
  const code = await run(argv, io);
  return { code, stdout: out, stderr: err };
}
