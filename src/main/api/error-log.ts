import type { ErrorLogEntry } from '../../shared/api';

/** Entries shown in Settings at most, newest last. */
const MAX_ENTRIES = 200;

/**
 * The log's JSON lines reduced to its errors and warnings (the file also holds state changes at info
 * level, which are not what "Error log" promises). Lines that do not parse are skipped.
 */
export function readErrorLog(lines: string[]): ErrorLogEntry[] {
  const entries: ErrorLogEntry[] = [];
  for (const line of lines) {
    let record: Record<string, unknown>;
    try {
      record = JSON.parse(line) as Record<string, unknown>;
    } catch {
      continue;
    }
    if (record === null || typeof record !== 'object' || (record.level !== 'error' && record.level !== 'warn')) continue;
    const { ts, level, event, ...rest } = record;
    entries.push({
      at: typeof ts === 'string' ? ts : '',
      level,
      event: typeof event === 'string' ? event : '',
      detail: Object.keys(rest).length > 0 ? JSON.stringify(rest) : '',
    });
  }
  return entries.slice(-MAX_ENTRIES);
}
