/** Structured logging. Lines are JSON; anything that looks like a secret is redacted before writing. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface Logger {
  log(level: LogLevel, event: string, fields?: Record<string, unknown>): void;
}

export const nullLogger: Logger = { log() {} };
