import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { removeStaleTempFiles, writeFileAtomic } from './atomic-write';

const LOOP = fileURLToPath(new URL('../../../test/support/write-loop.ts', import.meta.url));

describe('writeFileAtomic', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'switchyard-atomic-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('replaces the file and leaves no temp file behind', async () => {
    const file = join(dir, 'a.json');
    await writeFileAtomic(file, '{"v":1}');
    await writeFileAtomic(file, '{"v":2}');
    expect(await readFile(file, 'utf8')).toBe('{"v":2}');
    expect(await readdir(dir)).toEqual(['a.json']);
  });

  it('a writer killed mid-write never leaves a torn file', async () => {
    const file = join(dir, 'conversation.json');
    for (let attempt = 0; attempt < 4; attempt++) {
      const child = spawn(process.execPath, ['--import', 'tsx', LOOP, file], { stdio: ['ignore', 'pipe', 'inherit'] });
      let completed = 0;
      // Kill after a different number of completed writes each time, so the kill lands at varied points.
      const killAfter = 5 + attempt * 7;
      await new Promise<void>((resolve, reject) => {
        child.stdout.on('data', (chunk: Buffer) => {
          completed += chunk.toString().split('\n').filter(Boolean).length;
          if (completed >= killAfter && child.exitCode === null && !child.killed) child.kill('SIGKILL');
        });
        child.on('exit', () => resolve());
        child.on('error', reject);
      });
      expect(completed).toBeGreaterThanOrEqual(killAfter);
      const parsed = JSON.parse(await readFile(file, 'utf8')) as { round: number; messages: unknown[] };
      expect(parsed.round).toBeGreaterThanOrEqual(killAfter);
      expect(parsed.messages.length).toBe(50 + (parsed.round % 200));
    }
    // whatever temp file the last kill left is cleaned up at the next start
    await removeStaleTempFiles(dir);
    expect(await readdir(dir)).toEqual(['conversation.json']);
  });

  it('removes only its own stale temp files', async () => {
    await writeFile(join(dir, '.x.json.123.abcd.tmp'), 'partial');
    await writeFile(join(dir, 'keep.tmp'), 'not ours');
    expect(await removeStaleTempFiles(dir)).toBe(1);
    expect((await readdir(dir)).sort()).toEqual(['keep.tmp']);
  });
});
