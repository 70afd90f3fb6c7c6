export { LOG_LEVELS, levelEnabled, nullLogger, teeLogger, type Logger, type LogLevel, type LogRecord } from './logger';
export { DEFAULT_MAX_LOG_BYTES, FileLogger, createFileLogger, type FileLoggerOptions } from './file-logger';
export { REDACTED, Redactor, isSecretFieldName } from './redact';
export { tailLines, tailRecords } from './tail';
