/** Structured logging. Lines are JSON; anything that looks like a secret is redacted before writing. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface Logger {
  log(level: LogLevel, event: string, fields?: Record<string, unknown>): void;
}

export const nullLogger: Logger = { log() {} };

export const LOG_LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error'];

/** True when `level` is at or above `threshold`. */
export function levelEnabled(level: LogLevel, threshold: LogLevel): boolean {
  return LOG_LEVELS.indexOf(level) >= LOG_LEVELS.indexOf(threshold);
}

/** One line of the log file as written: `{ts, level, event, ...fields}`. */
export interface LogRecord {
  ts: string;
  level: LogLevel;
  event: string;
  [field: string]: unknown;
}

/** Sends every line to each logger (e.g. the file and, in the CLI with --verbose, stderr). */
export function teeLogger(...loggers: Logger[]): Logger {
  return {
    log(level, event, fields) {
      for (const logger of loggers) logger.log(level, event, fields);
    },
  };
}
