/**
 * Real HTTP against a fastify app listening on 127.0.0.1 (random port). Fastify's `inject` is not usable under
 * Jest here (light-my-request needs the ESM-only `cookie` package), and real sockets test more anyway.
 */
import type { FastifyInstance } from 'fastify';

export interface HttpAnswer {
  readonly statusCode: number;
  readonly headers: Record<string, string>;
  readonly body: string;
  /** The body parsed as JSON, typed as the caller expects (tests then check it). */
  json<T = Record<string, unknown>>(): T;
}

export interface Call {
  readonly method: 'GET' | 'POST';
  readonly url: string;
  readonly headers?: Record<string, string>;
  /** An object is sent as JSON; a string as is. */
  readonly payload?: unknown;
}

export async function listen(app: FastifyInstance): Promise<(call: Call) => Promise<HttpAnswer>> {
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return async (c) => {
    const headers: Record<string, string> = { ...(c.headers ?? {}) };
    let body: string | undefined;
    if (typeof c.payload === 'string') body = c.payload;
    else if (c.payload !== undefined) {
      body = JSON.stringify(c.payload);
      headers['content-type'] ??= 'application/json';
    }
    const r = await fetch(`http://127.0.0.1:${port}${c.url}`, { method: c.method, headers, ...(body !== undefined ? { body } : {}) });
    const text = await r.text();
    return { statusCode: r.status, headers: Object.fromEntries(r.headers.entries()), body: text, json: <T>() => JSON.parse(text) as T };
  };
}
