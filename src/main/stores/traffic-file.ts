import { open, readFile, unlink } from 'node:fs/promises';
import type { TrafficDetail } from '../../shared/traffic';
import { nullLogger, type Logger } from '../logging/logger';
import { storageFailed, writeFileAtomic } from './atomic-write';
import { KeyedQueue } from './keyed-queue';

/**
 * The Traffic log kept across restarts, when the user opts in: one JSON line per finished request,
 * appended as requests finish, rewritten whole (atomically) once it holds twice what the log keeps, so
 * the file stays bounded. Writes are queued in order; a failed write is logged, never a failed request.
 */
export class TrafficFile {
  private readonly queue = new KeyedQueue();
  private lines = 0;

  constructor(
    readonly path: string,
    private readonly capacity: number,
    private readonly logger: Logger = nullLogger,
  ) {}

  /** The newest `capacity` records in the file; lines that do not parse (a torn last line) are skipped. */
  async load(): Promise<TrafficDetail[]> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw storageFailed(this.path, error);
    }
    const records: TrafficDetail[] = [];
    for (const line of text.split('\n')) {
      if (line.trim() === '') continue;
      try {
        const record = JSON.parse(line) as TrafficDetail;
        if (typeof record?.id === 'string' && typeof record.seq === 'number') records.push(record);
      } catch {
        // a line cut short by a crash mid-write
      }
    }
    this.lines = records.length;
    return records.slice(-this.capacity);
  }

  append(record: TrafficDetail, all: () => TrafficDetail[]): void {
    void this.queue.run('file', async () => {
      try {
        if (this.lines >= this.capacity * 2) {
          const kept = all();
          await writeFileAtomic(this.path, kept.map((r) => `${JSON.stringify(r)}\n`).join(''));
          this.lines = kept.length;
          return;
        }
        const handle = await open(this.path, 'a', 0o600);
        try {
          await handle.appendFile(`${JSON.stringify(record)}\n`);
        } finally {
          await handle.close();
        }
        this.lines++;
      } catch (error) {
        this.logger.log('error', 'traffic.write_failed', { path: this.path, error: String(error) });
      }
    });
  }

  /** Removes the file (the user cleared the log or stopped keeping it). */
  remove(): Promise<void> {
    return this.queue.run('file', async () => {
      this.lines = 0;
      await unlink(this.path).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'ENOENT') this.logger.log('error', 'traffic.remove_failed', { path: this.path, error: String(error) });
      });
    });
  }

  /** Resolves once every queued write is done. */
  flush(): Promise<void> {
    return this.queue.run('file', async () => undefined);
  }
}
