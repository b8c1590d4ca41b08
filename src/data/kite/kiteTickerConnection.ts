/**
 * One ticker websocket (one worker thread running the real KiteTicker, see tickerWorkerScript.ts) and its
 * subscriptions. The parent owns the token set: on every (re)connect it subscribes all of them again in the
 * chosen mode, so subscriptions survive reconnects. A dropped connection is retried with exponential backoff
 * (plus jitter) for ever, except when Kite refuses the login (403), which needs a new access token.
 */
import { Worker } from 'node:worker_threads';
import { z } from 'zod';
import type { TickMode } from '../feeds';
import { TICKER_WORKER_SCRIPT } from './tickerWorkerScript';

export interface TickerCredentials {
  readonly apiKey: string;
  readonly accessToken: string;
  /** Websocket root (default Kite's wss://ws.kite.trade/). */
  readonly root?: string;
}

export type TickerStatus =
  | { readonly kind: 'connected'; readonly connection: number }
  | { readonly kind: 'disconnected'; readonly connection: number; readonly reason: string; readonly retryInMs: number | null }
  | { readonly kind: 'error'; readonly connection: number; readonly message: string };

export interface ReconnectPolicy {
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
}

export const DEFAULT_RECONNECT: ReconnectPolicy = { baseDelayMs: 500, maxDelayMs: 30_000 };

/** Realm-independent (a transferred array may come from another realm, e.g. under Jest's VM contexts). */
const isFloat64Array = (v: unknown): v is Float64Array => Object.prototype.toString.call(v) === '[object Float64Array]';

const workerMessage = z.discriminatedUnion('ev', [
  z.object({ ev: z.literal('connected') }),
  z.object({ ev: z.literal('closed'), reason: z.string() }),
  z.object({ ev: z.literal('error'), message: z.string() }),
  z.object({ ev: z.literal('ticks'), buf: z.custom<Float64Array>(isFloat64Array) }),
]);

let kitePath: string | null = null;
const resolveKite = (): string => (kitePath ??= require.resolve('kiteconnect'));

export class KiteTickerConnection {
  private readonly tokens = new Set<number>();
  private worker: Worker | null = null;
  private connected = false;
  private stopped = true;
  private fatal = false;
  private failures = 0;
  private retryTimer: NodeJS.Timeout | undefined;

  constructor(
    readonly id: number,
    private readonly credentials: TickerCredentials,
    private readonly mode: TickMode,
    private readonly onTicks: (buf: Float64Array) => void,
    private readonly onStatus: (s: TickerStatus) => void,
    private readonly reconnect: ReconnectPolicy = DEFAULT_RECONNECT,
  ) {}

  get size(): number {
    return this.tokens.size;
  }

  get isConnected(): boolean {
    return this.connected;
  }

  has(token: number): boolean {
    return this.tokens.has(token);
  }

  /** Starts connecting (and keeps reconnecting until stop). */
  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.fatal = false;
    this.spawn();
  }

  add(tokens: readonly number[]): void {
    const fresh = tokens.filter((t) => !this.tokens.has(t));
    for (const t of fresh) this.tokens.add(t);
    if (this.connected && fresh.length > 0) this.worker?.postMessage({ op: 'subscribe', tokens: fresh, mode: this.mode });
  }

  remove(tokens: readonly number[]): void {
    const gone = tokens.filter((t) => this.tokens.delete(t));
    if (this.connected && gone.length > 0) this.worker?.postMessage({ op: 'unsubscribe', tokens: gone });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    const w = this.worker;
    this.worker = null;
    this.connected = false;
    if (w) {
      w.postMessage({ op: 'close' });
      await w.terminate();
    }
  }

  private spawn(): void {
    const w = new Worker(TICKER_WORKER_SCRIPT, {
      eval: true,
      workerData: { kitePath: resolveKite(), apiKey: this.credentials.apiKey, accessToken: this.credentials.accessToken, root: this.credentials.root },
    });
    this.worker = w;
    w.on('message', (raw: unknown) => {
      if (this.worker !== w) return;
      const m = workerMessage.safeParse(raw);
      if (!m.success) return;
      const msg = m.data;
      if (msg.ev === 'ticks') this.onTicks(msg.buf);
      else if (msg.ev === 'connected') this.handleConnected();
      else if (msg.ev === 'error') {
        if (/\b403\b/.test(msg.message)) this.fatal = true;
        this.onStatus({ kind: 'error', connection: this.id, message: msg.message });
      } else this.handleDown(w, msg.reason);
    });
    w.on('error', (e) => {
      if (this.worker === w) this.handleDown(w, `the ticker worker failed: ${e.message}`);
    });
    w.on('exit', () => {
      if (this.worker === w) this.handleDown(w, 'the ticker worker exited');
    });
  }

  private handleConnected(): void {
    this.connected = true;
    this.failures = 0;
    if (this.tokens.size > 0) this.worker?.postMessage({ op: 'subscribe', tokens: [...this.tokens], mode: this.mode });
    this.onStatus({ kind: 'connected', connection: this.id });
  }

  private handleDown(w: Worker, reason: string): void {
    if (this.worker !== w) return;
    this.worker = null;
    this.connected = false;
    void w.terminate();
    if (this.stopped) return;
    if (this.fatal) {
      this.stopped = true;
      this.onStatus({ kind: 'disconnected', connection: this.id, reason: 'Kite refused the ticker login (403); log in to Kite again to get a new access token', retryInMs: null });
      return;
    }
    this.failures++;
    const cap = Math.min(this.reconnect.maxDelayMs, this.reconnect.baseDelayMs * 2 ** (this.failures - 1));
    const delay = Math.round(cap / 2 + (Math.random() * cap) / 2);
    this.onStatus({ kind: 'disconnected', connection: this.id, reason, retryInMs: delay });
    this.retryTimer = setTimeout(() => {
      if (!this.stopped) this.spawn();
    }, delay);
  }
}
