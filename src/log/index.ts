export { createLogger, usePrettyFormat, REDACT_PATHS, type Logger, type LoggerOptions } from './logger';
export { SecretScrubber, REDACTED } from './secretScrubber';
export { clip, LOG_FIELD_MAX } from './clip';
export { LogRing, type LogEntry, type LogLevelName } from './logRing';
