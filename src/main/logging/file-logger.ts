import { closeSync, fstatSync, mkdirSync, openSync, renameSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { levelEnabled, type Logger, type LogLevel, type LogRecord } from './logger';
import { Redactor } from './redact';
import { tailLines } from './tail';

/**
 * The structured error log: JSON lines appended to one file, secrets redacted before they are written,
 * rotated to `<file>.1` when it would pass `maxBytes`. Writes are synchronous appends: the log carries
 * errors and state changes (not per-token traffic), and a synchronous write cannot be lost when the
 * process exits right after an error. A logger never throws: a failed write is counted and dropped.
 */

export const DEFAULT_MAX_LOG_BYTES = 5 * 1024 * 1024;
/** A single line is capped so one huge upstream body cannot rotate the whole log away. */
const MAX_LINE_BYTES = 64 * 1024;

export interface FileLoggerOptions {
  path: string;
  /** Lines below this level are skipped. Default `info`. */
  level?: LogLevel;
  maxBytes?: number;
  /** Exact secret values (API keys) to scrub from every string. */
  secrets?: Iterable<string>;
  now?: () => Date;
}

export class FileLogger implements Logger {
  readonly path: string;
  private readonly level: LogLevel;
  private readonly maxBytes: number;
  private readonly redactor: Redactor;
  private readonly now: () => Date;
  private fd: number | undefined;
  private size = 0;
  private closed = false;
  /** Lines that could not be written (disk full, permissions): visible to diagnostics, never thrown. */
  droppedLines = 0;

  constructor(options: FileLoggerOptions) {
    this.path = options.path;
    this.level = options.level ?? 'info';
    this.maxBytes = Math.max(1024, options.maxBytes ?? DEFAULT_MAX_LOG_BYTES);
    this.redactor = new Redactor(options.secrets);
    this.now = options.now ?? (() => new Date());
  }

  /** Adds known secret values (e.g. after the config is reloaded or a key is set in Settings). */
  addSecrets(secrets: Iterable<string>): void {
    this.redactor.addSecrets(secrets);
  }

  log(level: LogLevel, event: string, fields: Record<string, unknown> = {}): void {
    if (this.closed || !levelEnabled(level, this.level)) return;
    try {
      const line = this.format(level, event, fields);
      this.write(line);
    } catch {
      this.droppedLines++;
    }
  }

  /** The record exactly as it would be written (redacted), for tests and for a stderr mirror. */
  format(level: LogLevel, event: string, fields: Record<string, unknown> = {}): string {
    const redacted = this.redactor.redactValue(fields) as Record<string, unknown>;
    // Fields named ts/level/event are dropped so a field cannot impersonate the record's own.
    const { ts: _ts, level: _level, event: _event, ...rest } = redacted;
    const record: LogRecord = { ts: this.now().toISOString(), level, event: this.redactor.redactString(event), ...rest };
    let line = JSON.stringify(record);
    if (Buffer.byteLength(line) > MAX_LINE_BYTES) {
      line = JSON.stringify({ ts: record.ts, level, event: record.event, truncated: true, preview: line.slice(0, 2048) });
    }
    return `${line}\n`;
  }

  private write(line: string): void {
    const bytes = Buffer.byteLength(line);
    if (this.fd === undefined) this.open();
    if (this.size > 0 && this.size + bytes > this.maxBytes) this.rotate();
    writeSync(this.fd!, line);
    this.size += bytes;
  }

  private open(): void {
    mkdirSync(dirname(this.path), { recursive: true });
    // 0o600: the log holds request metadata; it is nobody else's business even with keys redacted.
    this.fd = openSync(this.path, 'a', 0o600);
    this.size = fstatSync(this.fd).size;
  }

  private rotate(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
    renameSync(this.path, `${this.path}.1`);
    this.open();
  }

  /** The last `n` lines (from the rotated file too when needed), for the UI's error-log panel. */
  tail(n: number): Promise<string[]> {
    return tailLines(this.path, n);
  }

  close(): void {
    this.closed = true;
    if (this.fd !== undefined) {
      try {
        closeSync(this.fd);
      } catch {
        // already closed: nothing to do
      }
      this.fd = undefined;
    }
  }
}

export function createFileLogger(options: FileLoggerOptions): FileLogger {
  return new FileLogger(options);
}
