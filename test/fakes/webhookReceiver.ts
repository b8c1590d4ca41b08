/**
 * A local HTTP endpoint on 127.0.0.1 that receives outgoing webhooks: it records every request (path, content type,
 * body) and answers with the statuses it is told to (200 once the list is used up), or never answers (`hang`). It can
 * be closed and started again on the same port (an endpoint that goes down and comes back).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

export interface ReceivedHook {
  readonly path: string;
  readonly contentType: string;
  readonly body: string;
  /** The status answered. */
  readonly status: number;
}

export class WebhookReceiver {
  readonly received: ReceivedHook[] = [];
  /** Statuses to answer next, in order (then 200). */
  readonly answers: number[] = [];
  /** While true, requests are read and never answered. */
  hang = false;
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  private waiters: Array<{ count: number; resolve: () => void }> = [];

  private constructor(public port: number) {}

  /** Starts on `port` (0: a free one). */
  static async start(port = 0): Promise<WebhookReceiver> {
    const r = new WebhookReceiver(port);
    await r.up();
    return r;
  }

  /** A port nothing listens on (for a receiver that is down from the start). */
  static async freePort(): Promise<number> {
    const r = await WebhookReceiver.start();
    await r.down();
    return r.port;
  }

  url(path = '/hook'): string {
    return `http://127.0.0.1:${this.port}${path}`;
  }

  /** The successfully answered (2xx) requests. */
  delivered(): ReceivedHook[] {
    return this.received.filter((h) => h.status >= 200 && h.status < 300);
  }

  /** Resolves once `count` requests were answered 2xx (Jest's timeout bounds the wait). */
  deliveredCount(count: number): Promise<void> {
    if (this.delivered().length >= count) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ count, resolve }));
  }

  async up(): Promise<void> {
    const server = createServer((req, res) => void this.handle(req, res));
    server.on('connection', (s) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    const address = server.address();
    if (typeof address === 'object' && address) this.port = address.port;
    this.server = server;
  }

  /** Stops listening and drops every open connection (a crashed endpoint). */
  async down(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    if (this.hang) return;
    const status = this.answers.shift() ?? 200;
    this.received.push({ path: req.url ?? '', contentType: req.headers['content-type'] ?? '', body: Buffer.concat(chunks).toString('utf8'), status });
    res.writeHead(status, { 'content-type': 'text/plain' }).end(status < 300 ? 'ok' : 'no');
    const n = this.delivered().length;
    this.waiters = this.waiters.filter((w) => (n >= w.count ? (w.resolve(), false) : true));
  }
}
