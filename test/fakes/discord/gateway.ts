/**
 * The Discord gateway (v10, JSON, no compression) on a `ws` server: HELLO → IDENTIFY → READY (+ GUILD_CREATE for
 * the fake's guild), heartbeats answered with ACK, RESUME answered with RESUMED, and dispatches pushed by tests.
 * zlib-sync is not installed, so discord.js asks for neither `compress` nor identify compression.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { WebSocket, WebSocketServer } from 'ws';
import { z } from 'zod';
import { guildObject, userObject, type Identity } from './objects';
import type { Channel } from './store';

const frameSchema = z.object({ op: z.number().int(), d: z.unknown().optional() });
const identifySchema = z.object({ token: z.string(), intents: z.number().int() }).loose();
const resumeSchema = z.object({ token: z.string(), session_id: z.string(), seq: z.number().int().nullable() });

interface Session {
  readonly ws: WebSocket;
  sessionId: string | null;
  seq: number;
  intents: number;
}

export interface GatewayDeps {
  readonly token: string;
  readonly me: Identity;
  readonly heartbeatIntervalMs: number;
  readonly url: () => string;
  readonly channels: () => readonly Channel[];
}

export interface IdentifyRecord {
  readonly intents: number;
  readonly sessionId: string;
}

export class FakeGateway {
  readonly wss = new WebSocketServer({ noServer: true });
  private readonly sessions = new Set<Session>();
  private readonly knownSessions = new Set<string>();
  readonly identifies: IdentifyRecord[] = [];
  heartbeats = 0;

  constructor(private readonly deps: GatewayDeps) {
    this.wss.on('connection', (ws: WebSocket, req: IncomingMessage) => this.onConnection(ws, req));
  }

  private send(s: Session, op: number, d: unknown, t?: string): void {
    if (s.ws.readyState !== WebSocket.OPEN) return;
    if (op === 0) s.seq += 1;
    s.ws.send(JSON.stringify({ op, d, s: op === 0 ? s.seq : null, t: t ?? null }));
  }

  private onConnection(ws: WebSocket, req: IncomingMessage): void {
    const query = new URL(req.url ?? '/', 'ws://127.0.0.1').searchParams;
    if (query.get('v') !== '10') return ws.close(4012, 'Invalid API version');
    if ((query.get('encoding') ?? 'json') !== 'json' || query.has('compress')) return ws.close(4002, 'The fake gateway speaks uncompressed JSON only');
    const session: Session = { ws, sessionId: null, seq: 0, intents: 0 };
    this.sessions.add(session);
    ws.on('close', () => this.sessions.delete(session));
    ws.on('message', (raw) => this.onFrame(session, raw.toString()));
    this.send(session, 10, { heartbeat_interval: this.deps.heartbeatIntervalMs });
  }

  private onFrame(s: Session, text: string): void {
    let frame: z.infer<typeof frameSchema>;
    try {
      frame = frameSchema.parse(JSON.parse(text));
    } catch {
      return s.ws.close(4002, 'Decode error');
    }
    if (frame.op === 1) {
      this.heartbeats += 1;
      return this.send(s, 11, null);
    }
    if (frame.op === 2) return this.identify(s, frame.d);
    if (frame.op === 6) return this.resume(s, frame.d);
    if (frame.op === 3 || frame.op === 4 || frame.op === 8) return; // presence, voice state, request members: accepted, ignored
    s.ws.close(4001, 'Unknown opcode');
  }

  private identify(s: Session, d: unknown): void {
    if (s.sessionId) return s.ws.close(4005, 'Already authenticated');
    const parsed = identifySchema.safeParse(d);
    if (!parsed.success) return s.ws.close(4002, 'Decode error');
    if (parsed.data.token !== this.deps.token) return s.ws.close(4004, 'Authentication failed');
    s.sessionId = randomBytes(16).toString('hex');
    s.intents = parsed.data.intents;
    this.knownSessions.add(s.sessionId);
    this.identifies.push({ intents: s.intents, sessionId: s.sessionId });
    const guildChannels = this.deps.channels().filter((c) => c.kind === 'guildText');
    const guilds = guildChannels.length > 0 ? [{ id: this.deps.me.guildId, unavailable: true }] : [];
    this.send(
      s,
      0,
      {
        v: 10,
        user: { ...userObject(this.deps.me.botUserId, this.deps.me.botName, true), verified: true, flags: 0, mfa_enabled: false },
        guilds,
        session_id: s.sessionId,
        resume_gateway_url: this.deps.url(),
        shard: [0, 1],
        application: { id: this.deps.me.applicationId, flags: 0 },
        private_channels: [],
        relationships: [],
        user_settings: {},
        presences: [],
        guild_join_requests: [],
        geo_ordered_rtc_regions: [],
      },
      'READY',
    );
    if (guilds.length > 0) this.send(s, 0, guildObject(this.deps.me.guildId, this.deps.channels(), this.deps.me), 'GUILD_CREATE');
  }

  private resume(s: Session, d: unknown): void {
    const parsed = resumeSchema.safeParse(d);
    if (!parsed.success || parsed.data.token !== this.deps.token || !this.knownSessions.has(parsed.data.session_id)) return this.send(s, 9, false);
    s.sessionId = parsed.data.session_id;
    s.seq = parsed.data.seq ?? 0;
    this.send(s, 0, {}, 'RESUMED');
  }

  /** Sends a dispatch to every identified connection; returns how many received it. */
  dispatch(t: string, d: unknown): number {
    let n = 0;
    for (const s of this.sessions) {
      if (!s.sessionId) continue;
      this.send(s, 0, d, t);
      n += 1;
    }
    return n;
  }

  connectionCount(): number {
    return [...this.sessions].filter((s) => s.sessionId !== null).length;
  }

  /** Server-side close of every connection (e.g. 4000 to make clients resume, 1001 for an outage). */
  dropConnections(code = 4000): void {
    for (const s of this.sessions) s.ws.close(code, 'dropped by the fake');
  }

  close(): Promise<void> {
    for (const s of this.sessions) s.ws.terminate();
    return new Promise((resolve) => this.wss.close(() => resolve()));
  }
}
