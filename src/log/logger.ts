/**
 * The process logger: pino, JSON lines when not on a terminal or when NODE_ENV=production, pino-pretty on a
 * terminal. Secrets are removed twice: by key path (pino `redact`) and by scrubbing every written line of
 * known secret values and secret-shaped patterns — so a token inside an error message is caught too.
 */
import pino, { type DestinationStream, type Logger } from 'pino';
import pretty from 'pino-pretty';
import type { LogFormat, LogLevel } from '../config/types';
import type { LogRing } from './logRing';
import { REDACTED, SecretScrubber } from './secretScrubber';

export type { Logger } from 'pino';

/** Keys whose values are secret wherever they appear (top level or one level down). */
const SECRET_KEYS = [
  'token', 'botToken', 'accessToken', 'access_token', 'apiSecret', 'api_secret', 'apiToken', 'requestToken',
  'request_token', 'encryptionKey', 'password', 'secret', 'webhookSecret', 'authorization', 'Authorization', 'cookie',
];
export const REDACT_PATHS: string[] = [
  ...SECRET_KEYS,
  ...SECRET_KEYS.map((k) => `*.${k}`),
  'headers.authorization',
  '*.headers.authorization',
  '*.headers.cookie',
];

export interface LoggerOptions {
  readonly level: LogLevel;
  readonly format: LogFormat;
  readonly scrubber: SecretScrubber;
  /** Where lines go; default process.stdout. */
  readonly destination?: NodeJS.WritableStream;
  /** Overrides terminal detection (default: destination.isTTY). */
  readonly isTTY?: boolean;
  /** Default process.env.NODE_ENV. */
  readonly nodeEnv?: string;
  /** Keeps the recent warnings and errors (scrubbed) for /logs. */
  readonly ring?: LogRing;
}

export function usePrettyFormat(format: LogFormat, isTTY: boolean, nodeEnv: string | undefined): boolean {
  if (format === 'json') return false;
  if (format === 'pretty') return true;
  return isTTY && nodeEnv !== 'production';
}

export function createLogger(options: LoggerOptions): Logger {
  const out = options.destination ?? process.stdout;
  const isTTY = options.isTTY ?? (out as NodeJS.WriteStream).isTTY === true;
  const sink: NodeJS.WritableStream = usePrettyFormat(options.format, isTTY, options.nodeEnv ?? process.env.NODE_ENV)
    ? pretty({ colorize: isTTY, destination: out, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname', sync: true })
    : out;
  const scrubbing: DestinationStream = {
    write(line: string) {
      const clean = options.scrubber.scrub(line);
      options.ring?.push(clean);
      sink.write(clean);
    },
  };
  return pino(
    {
      level: options.level,
      base: { app: 'autoppm' },
      redact: { paths: REDACT_PATHS, censor: REDACTED },
    },
    scrubbing,
  );
}
