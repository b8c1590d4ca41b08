/**
 * The ticker websocket: `?api_key=…&access_token=…` checked on upgrade (403 otherwise), at most 3 connections per API
 * key (the 4th upgrade is answered 429) and 3000 instruments per connection (extra tokens are refused with a text
 * `{"type":"error"}` frame). Text messages subscribe/unsubscribe/mode; ticks go out as binary frames in each
 * connection's mode; a 1-byte heartbeat every `heartbeatMs`; order updates as `{"type":"order","data":…}` text frames.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { z } from 'zod';
import type { MarketSnapshot } from '../market';
import type { SessionStore } from '../sessions';
import { encodeFrame, type TickMode } from './packets';

export const MAX_CONNECTIONS_PER_KEY = 3;
export const MAX_INSTRUMENTS_PER_CONNECTION = 3000;

export interface TickerConnection {
  readonly id: number;
  readonly apiKey: string;
  readonly socket: WebSocket;
  /** Subscribed token → mode (new subscriptions start in `quote`, as on Kite). */
  readonly subscriptions: Map<number, TickMode>;
}

const messageSchema = z.union([
  z.object({ a: z.enum(['subscribe', 'unsubscribe']), v: z.array(z.number().int()) }),
  z.object({ a: z.literal('mode'), v: z.tuple([z.enum(['ltp', 'quote', 'full']), z.array(z.number().int())]) }),
]);

export class TickerServer {
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly connections = new Map<number, TickerConnection>();
  private readonly heartbeat: NodeJS.Timeout;
  private seq = 0;
  /** Text messages received from clients, in order (for assertions). */
  readonly received: { readonly connection: number; readonly text: string }[] = [];
  rejectedUpgrades = 0;

  constructor(
    private readonly sessions: SessionStore,
    heartbeatMs: number,
  ) {
    this.heartbeat = setInterval(() => {
      for (const c of this.connections.values()) if (c.socket.readyState === c.socket.OPEN) c.socket.send(Buffer.alloc(1));
    }, heartbeatMs);
    this.heartbeat.unref();
  }

  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(req.url ?? '/', 'ws://fake');
    const apiKey = url.searchParams.get('api_key') ?? '';
    const session = this.sessions.validate(apiKey, url.searchParams.get('access_token') ?? '');
    const refuse = (line: string): void => {
      this.rejectedUpgrades++;
      socket.end(`HTTP/1.1 ${line}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    };
    if (!session) return refuse('403 Forbidden');
    if ([...this.connections.values()].filter((c) => c.apiKey === apiKey).length >= MAX_CONNECTIONS_PER_KEY)
      return refuse('429 Too Many Requests');
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      const conn: TickerConnection = { id: ++this.seq, apiKey, socket: ws, subscriptions: new Map() };
      this.connections.set(conn.id, conn);
      ws.on('message', (data, isBinary) => {
        if (!isBinary) this.onText(conn, data.toString());
      });
      ws.on('close', () => this.connections.delete(conn.id));
    });
  }

  private onText(conn: TickerConnection, text: string): void {
    this.received.push({ connection: conn.id, text });
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    const msg = messageSchema.safeParse(json);
    if (!msg.success) return this.sendError(conn, 'Invalid message: send {"a":"subscribe"|"unsubscribe"|"mode","v":…}.');
    const m = msg.data;
    if (m.a === 'mode') {
      const [mode, tokens] = m.v;
      for (const t of tokens) if (conn.subscriptions.has(t)) conn.subscriptions.set(t, mode);
    } else if (m.a === 'unsubscribe') {
      for (const t of m.v) conn.subscriptions.delete(t);
    } else {
      let refused = 0;
      for (const t of m.v) {
        if (conn.subscriptions.has(t)) continue;
        if (conn.subscriptions.size >= MAX_INSTRUMENTS_PER_CONNECTION) refused++;
        else conn.subscriptions.set(t, 'quote');
      }
      if (refused > 0) this.sendError(conn, `Subscription limit of ${MAX_INSTRUMENTS_PER_CONNECTION} instruments per connection exceeded: ${refused} refused.`);
    }
  }

  private sendError(conn: TickerConnection, message: string): void {
    conn.socket.send(JSON.stringify({ type: 'error', data: message }));
  }

  /** Sends each connection one frame with the snapshots it subscribes to, each in that connection's mode. */
  pushSnapshots(snapshots: readonly MarketSnapshot[]): void {
    for (const c of this.connections.values()) {
      if (c.socket.readyState !== c.socket.OPEN) continue;
      const packets: { snapshot: MarketSnapshot; mode: TickMode }[] = [];
      for (const s of snapshots) {
        const mode = c.subscriptions.get(s.token);
        if (mode) packets.push({ snapshot: s, mode });
      }
      if (packets.length > 0) c.socket.send(encodeFrame(packets));
    }
  }

  sendOrderUpdate(apiKey: string, data: Record<string, unknown>): void {
    const text = JSON.stringify({ type: 'order', id: '', data });
    for (const c of this.connections.values()) if (c.apiKey === apiKey && c.socket.readyState === c.socket.OPEN) c.socket.send(text);
  }

  connectionCount(): number {
    return this.connections.size;
  }

  /** Current subscriptions per open connection (token → mode). */
  subscriptions(): { readonly id: number; readonly tokens: ReadonlyMap<number, TickMode> }[] {
    return [...this.connections.values()].map((c) => ({ id: c.id, tokens: new Map(c.subscriptions) }));
  }

  /** Closes every connection from the server side (abruptly unless `graceful`), to test reconnects. */
  dropConnections(graceful = false): void {
    for (const c of this.connections.values()) {
      if (graceful) c.socket.close(1001, 'going away');
      else c.socket.terminate();
    }
    this.connections.clear();
  }

  close(): void {
    clearInterval(this.heartbeat);
    this.dropConnections();
    this.wss.close();
  }
}
