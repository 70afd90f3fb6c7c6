import type { Readable, Writable } from 'node:stream';

/** Everything a command touches outside itself, so tests run commands in-process with real streams. */
export interface CliIo {
  stdin: Readable & { isTTY?: boolean };
  stdout: Writable;
  stderr: Writable;
  env: NodeJS.ProcessEnv;
  /** Aborted on Ctrl-C (main.ts wires SIGINT); a running request is cancelled. */
  signal?: AbortSignal;
}

export const EXIT_OK = 0;
/** The request was sent and failed (AUTH_FAILED, UPSTREAM_ERROR, TIMEOUT, ...). */
export const EXIT_REQUEST_FAILED = 1;
/** Bad flags, a bad config file, or a request the router rejected before any network call. */
export const EXIT_USAGE = 2;
/** Interrupted (128 + SIGINT), as shells expect. */
export const EXIT_INTERRUPTED = 130;

/** Writes and waits for the stream to take it, so output is not lost when the process exits right after. */
export function write(stream: Writable, text: string): Promise<void> {
  return new Promise((resolve) => {
    if (text === '' || stream.destroyed || stream.writableEnded) return resolve();
    // A closed pipe (`| head`) is not our failure: the callback gets the error and we carry on.
    stream.write(text, () => resolve());
  });
}

/** Reads all of stdin as UTF-8 (the prompt when none is given on the command line). */
export async function readAll(stream: Readable, signal?: AbortSignal): Promise<string> {
  const chunks: Buffer[] = [];
  const iterate = async (): Promise<void> => {
    for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  };
  if (!signal) {
    await iterate();
  } else {
    await Promise.race([
      iterate(),
      new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true })),
    ]);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Resolves on the first SIGINT or SIGTERM: long-running commands (serve, endpoint) then close down cleanly. */
export function untilSignal(): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      process.off('SIGINT', done);
      process.off('SIGTERM', done);
      resolve();
    };
    process.on('SIGINT', done);
    process.on('SIGTERM', done);
  });
}
