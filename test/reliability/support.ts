/**
 * Shared pieces of the reliability suite (issue 16): a logger that keeps every line it writes (through the real
 * secret scrubber), and plain HTTP calls with node:http (no client library of our own in between).
 */
import { request } from 'node:http';
import { Writable } from 'node:stream';
import { createLogger, SecretScrubber, type Logger } from '../../src/log';

export interface CapturedLog {
  readonly logger: Logger;
  readonly lines: string[];
}

/** A JSON logger at `level` whose scrubbed lines land in `lines`. */
export function capturedLogger(secrets: readonly string[] = [], level: 'info' | 'warn' | 'debug' = 'info'): CapturedLog {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer | string, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { logger: createLogger({ level, format: 'json', scrubber: new SecretScrubber(secrets), destination, isTTY: false }), lines };
}

export interface RawAnswer {
  /** The status, or 0 when the server closed the connection without one. */
  readonly status: number;
  readonly body: string;
}

/** One HTTP request; `body` is sent in `parts` chunks, `between(i)` awaited after chunk i (to act mid-upload). */
export function rawRequest(
  url: string,
  o: { readonly method?: string; readonly body?: string; readonly headers?: Record<string, string>; readonly parts?: number; readonly between?: (i: number) => Promise<void> } = {},
): Promise<RawAnswer> {
  return new Promise((resolve) => {
    const body = Buffer.from(o.body ?? '', 'utf8');
    const req = request(url, { method: o.method ?? 'GET', headers: { ...(o.body !== undefined ? { 'content-type': 'application/json', 'content-length': String(body.length) } : {}), ...o.headers } });
    let settled = false;
    const settle = (a: RawAnswer): void => {
      if (!settled) {
        settled = true;
        resolve(a);
      }
    };
    req.on('response', (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => settle({ status: res.statusCode ?? 0, body: text }));
      res.on('error', () => settle({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', () => settle({ status: 0, body: '' }));
    void (async () => {
      const parts = Math.max(1, o.parts ?? 1);
      const size = Math.ceil(body.length / parts);
      for (let i = 0; i < parts && !req.destroyed; i++) {
        req.write(body.subarray(i * size, (i + 1) * size));
        await o.between?.(i);
      }
      if (!req.destroyed) req.end();
    })();
  });
}
