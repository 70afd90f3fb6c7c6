import { open } from 'node:fs/promises';

/**
 * The last `n` lines of the log for the UI's error-log panel: read backwards in chunks (the file may be
 * megabytes), continuing into the rotated `<file>.1` when the current file holds fewer lines.
 */

const CHUNK = 64 * 1024;

export async function tailLines(path: string, n: number): Promise<string[]> {
  if (!Number.isInteger(n) || n <= 0) return [];
  const current = await readLastLines(path, n);
  if (current.length >= n) return current;
  const older = await readLastLines(`${path}.1`, n - current.length);
  return [...older, ...current];
}

async function readLastLines(path: string, n: number): Promise<string[]> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  try {
    const { size } = await handle.stat();
    let position = size;
    let chunks: Buffer[] = [];
    let newlines = 0;
    // n lines need n+1 newlines before them (the last line ends in one) unless we reach the start.
    while (position > 0 && newlines <= n) {
      const length = Math.min(CHUNK, position);
      position -= length;
      const buffer = Buffer.alloc(length);
      await handle.read(buffer, 0, length, position);
      chunks = [buffer, ...chunks];
      for (const byte of buffer) if (byte === 0x0a) newlines++;
    }
    // Decoding the joined bytes (not each chunk) keeps multi-byte characters split across chunks intact.
    const lines = Buffer.concat(chunks).toString('utf8').split('\n');
    if (lines[lines.length - 1] === '') lines.pop();
    // The first line may be partial when we stopped mid-file.
    if (position > 0) lines.shift();
    return lines.slice(-n);
  } finally {
    await handle.close();
  }
}

/** Parsed records (lines that are not JSON, e.g. from a crash, come back as `{raw}`). */
export async function tailRecords(path: string, n: number): Promise<Record<string, unknown>[]> {
  return (await tailLines(path, n)).map((line) => {
    try {
      const value: unknown = JSON.parse(line);
      return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : { raw: line };
    } catch {
      return { raw: line };
    }
  });
}
