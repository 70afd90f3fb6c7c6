import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { StreamPart } from '../../shared/chat';
import { createTestApp, type TestApp } from '../../../test/support/test-app';
import { writeFileAtomic } from './atomic-write';

/**
 * A full disk, simulated at the file-system call (a real one needs a mount this suite cannot make): writes
 * into a folder marked full fail with ENOSPC, as the kernel reports it. Reads and other folders work.
 */
const full = vi.hoisted(() => ({ dirs: new Set<string>() }));
vi.mock('node:fs/promises', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs/promises')>();
  const enospc = (): NodeJS.ErrnoException => Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', errno: -28, syscall: 'write' });
  const open: typeof fs.open = async (path, flags, mode) => {
    const handle = await fs.open(path, flags, mode);
    const inFullDir = [...full.dirs].some((dir) => String(path).startsWith(dir));
    if (!inFullDir || flags === 'r') return handle;
    return Object.assign(handle, { writeFile: () => Promise.reject(enospc()) });
  };
  return { ...fs, default: { ...fs, open }, open };
});

let app: TestApp | undefined;
afterEach(async () => {
  full.dirs.clear();
  await app?.close();
  app = undefined;
});

describe('a full disk', () => {
  it('writeFileAtomic fails with STORAGE_FAILED naming the file, and the old file is untouched', async () => {
    app = await createTestApp();
    const path = join(app.dir, 'kept.json');
    await writeFileAtomic(path, 'old');
    full.dirs.add(app.dir);
    await expect(writeFileAtomic(path, 'new')).rejects.toMatchObject({
      code: 'STORAGE_FAILED',
      retryable: true,
      message: `Could not save ${path}: the disk is full (ENOSPC)`,
      details: { path, errno: 'ENOSPC' },
    });
    expect(await readFile(path, 'utf8')).toBe('old');
  });

  it('a chat on a full disk is STORAGE_FAILED naming the history file, over chat.send and chat.stream', async () => {
    app = await createTestApp();
    full.dirs.add(join(app.dir, 'history'));
    const sent = await app.core.invoke('chat.send', { request: { messages: [{ role: 'user', content: 'hello' }] } }).catch((e: unknown) => e);
    expect(sent).toMatchObject({ code: 'STORAGE_FAILED', message: expect.stringMatching(/^Could not save .*history.*\.json: the disk is full \(ENOSPC\)$/) });
    expect((sent as { details: { path: string } }).details.path.startsWith(join(app.dir, 'history'))).toBe(true);

    const parts: StreamPart[] = [];
    await app.core.streamChat({ request: { messages: [{ role: 'user', content: 'hello' }] } }, (part) => parts.push(part), new AbortController().signal).catch((e: unknown) => {
      parts.push({ type: 'error', error: e as never });
    });
    expect(parts.at(-1)).toMatchObject({ type: 'error', error: { code: 'STORAGE_FAILED' } });
  });

  it('a settings save on a full disk is STORAGE_FAILED naming config.yaml, and the file keeps its text', async () => {
    app = await createTestApp();
    const before = await readFile(app.configPath, 'utf8');
    full.dirs.add(app.dir);
    const saved = await app.core.invoke('router.setMode', { mode: 'plano_proxy' }).catch((e: unknown) => e);
    expect(saved).toMatchObject({ code: 'STORAGE_FAILED', details: { path: app.configPath, errno: 'ENOSPC' } });
    expect(await readFile(app.configPath, 'utf8')).toBe(before);
  });
});
