/**
 * Live ticks from Kite: subscriptions spread over up to 3 ticker connections of at most 3000 instruments each
 * (Kite's limits per API key), each connection a worker thread running the real KiteTicker. Ticks arrive as
 * normalised `Tick`s; the object passed to `onTick` is reused for every tick (no allocation per tick), so copy
 * it if you keep it.
 */
import type { StopFeed, TickHandler } from '../../core/feed';
import type { InstrumentToken } from '../../core/ids';
import type { MutableTick } from '../../core/tick';
import { err, ok, type Result } from '../../core/result';
import type { LiveTickSource, TickMode } from '../feeds';
import { KiteTickerConnection, type ReconnectPolicy, type TickerCredentials, type TickerStatus } from './kiteTickerConnection';
import { TICK_FIELDS } from './tickerWorkerScript';

export const KITE_MAX_CONNECTIONS = 3;
export const KITE_MAX_INSTRUMENTS_PER_CONNECTION = 3000;

export interface KiteTickSourceOptions extends TickerCredentials {
  /** Packet mode (default `full`: it carries the exchange timestamp and open interest). */
  readonly mode?: TickMode;
  readonly maxConnections?: number;
  readonly maxPerConnection?: number;
  readonly reconnect?: ReconnectPolicy;
  readonly onStatus?: (s: TickerStatus) => void;
}

export class KiteTickSource implements LiveTickSource {
  private readonly connections: KiteTickerConnection[] = [];
  private readonly tick: MutableTick = { token: 0 as InstrumentToken, price: 0, lastQuantity: 0, volumeTraded: 0, time: 0 };
  private onTick: TickHandler | null = null;
  private running = false;
  private readonly maxConnections: number;
  private readonly maxPer: number;

  constructor(private readonly options: KiteTickSourceOptions) {
    this.maxConnections = options.maxConnections ?? KITE_MAX_CONNECTIONS;
    this.maxPer = options.maxPerConnection ?? KITE_MAX_INSTRUMENTS_PER_CONNECTION;
  }

  /** Subscribed tokens per connection (for status and tests). */
  distribution(): number[] {
    return this.connections.map((c) => c.size);
  }

  subscribe(tokens: readonly InstrumentToken[]): Result<void, string> {
    const fresh = [...new Set(tokens)].filter((t) => !this.connections.some((c) => c.has(t)));
    const used = this.connections.reduce((n, c) => n + c.size, 0);
    const capacity = this.maxConnections * this.maxPer;
    if (used + fresh.length > capacity) {
      return err(
        `cannot subscribe ${used + fresh.length} instruments: Kite allows ${this.maxConnections} connections of ${this.maxPer} instruments (${capacity}) per API key; subscribe fewer.`,
      );
    }
    let rest = fresh;
    while (rest.length > 0) {
      let target = this.connections.find((c) => c.size < this.maxPer);
      if (!target) {
        target = this.newConnection();
        if (this.running) target.start();
      }
      const room = this.maxPer - target.size;
      target.add(rest.slice(0, room));
      rest = rest.slice(room);
    }
    return ok(undefined);
  }

  unsubscribe(tokens: readonly InstrumentToken[]): void {
    for (const c of this.connections) c.remove(tokens);
  }

  async start(onTick: TickHandler): Promise<StopFeed> {
    this.onTick = onTick;
    this.running = true;
    for (const c of this.connections) c.start();
    return () => this.stop();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.onTick = null;
    await Promise.all(this.connections.map((c) => c.stop()));
  }

  private newConnection(): KiteTickerConnection {
    const c = new KiteTickerConnection(
      this.connections.length + 1,
      { apiKey: this.options.apiKey, accessToken: this.options.accessToken, root: this.options.root },
      this.options.mode ?? 'full',
      (buf) => this.deliver(buf),
      (s) => this.options.onStatus?.(s),
      this.options.reconnect,
    );
    this.connections.push(c);
    return c;
  }

  private deliver(buf: Float64Array): void {
    const handler = this.onTick;
    if (!handler) return;
    const t = this.tick;
    for (let o = 0; o + TICK_FIELDS <= buf.length; o += TICK_FIELDS) {
      t.token = buf[o]! as InstrumentToken;
      t.price = buf[o + 1]!;
      t.lastQuantity = buf[o + 2]!;
      t.volumeTraded = buf[o + 3]!;
      t.time = buf[o + 4]!;
      const oi = buf[o + 5]!;
      t.oi = Number.isNaN(oi) ? undefined : oi;
      handler(t);
    }
  }
}
