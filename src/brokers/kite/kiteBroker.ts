/**
 * KiteBroker: the `Broker` interface over the real `kiteconnect` client.
 *  - Placement is never blindly repeated: on a timeout, a dropped connection or a 5xx the order book is
 *    searched for our tag first (after `lookupDelaysMs`); only when every look-up misses is the order sent
 *    again, at most `maxPlaceAttempts` times in all. 429 waits and retries (Kite refused it, so it is safe).
 *  - Reads (orders, trades, positions, margins, quotes) retry network errors and 5xx with exponential backoff.
 *  - InputException / OrderException / MarginException … come back as `rejected` with Kite's message.
 *  - TokenException halts the broker: the `onSessionExpired` callback fires once and every call answers
 *    `session-expired` until `resume(newAccessToken)` after a fresh login.
 *  - MARKET and SL-M orders carry `market_protection` (-1 = Kite's automatic protection by default).
 * Order updates from the ticker, postbacks and polls all go through `ingest` (cumulative → delta).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { KiteConnect } from 'kiteconnect';
import { z } from 'zod';
import type { BrokerError, BrokerPosition, Margins, OrderAck, OrderChange, OrderUpdate, OrderUpdateListener } from '../../core/broker';
import type { Clock } from '../../core/clock';
import { clientOrderId, orderId, type ClientOrderId, type OrderId } from '../../core/ids';
import type { OrderIntent, OrderSource } from '../../core/order';
import { err, ok, type Result } from '../../core/result';
import { findByClientId, type BrokerOrderSnapshot, type BrokerTrade, type OrderBookBroker } from '../../oms/brokerOrders';
import { CumulativeFillTracker } from '../../oms/fillIngest';
import { realSleep } from '../../oms/rateLimiter';
import { classifyKiteError, toBrokerError, type KiteFailure } from './kiteErrors';
import { kiteInstant, kiteOrderSchema, parseKiteOrder, toSnapshot } from './kiteOrderSnapshot';
import { joinSymbol, splitSymbol } from './kiteSymbols';

export type KiteClient = InstanceType<typeof KiteConnect>;

export interface KiteBrokerOptions {
  readonly kite: KiteClient;
  readonly clock: Clock;
  /** Secret for postback checksums. */
  readonly apiSecret?: string;
  /** -1 (automatic) or a percentage; default -1. */
  readonly marketProtection?: number;
  readonly sleep?: (ms: number) => Promise<void>;
  /** Waits before each order-book look-up after an unanswered placement (default [250, 1000]). */
  readonly lookupDelaysMs?: readonly number[];
  /** Placement attempts in all when look-ups find nothing (default 2). */
  readonly maxPlaceAttempts?: number;
  /** Retries of reads and of 429s (default 3), backoff base (default 200 ms, doubling). */
  readonly retries?: number;
  readonly backoffMs?: number;
  readonly onSessionExpired?: (message: string) => void;
}

const EXTERNAL: OrderSource = { kind: 'job', job: 'kite-external' };

const positionSchema = z.object({ tradingsymbol: z.string(), exchange: z.string(), product: z.string(), quantity: z.coerce.number(), average_price: z.coerce.number(), last_price: z.coerce.number() });
const positionsSchema = z.object({ net: z.array(positionSchema) });
const holdingsSchema = z.array(positionSchema.extend({ product: z.string().optional() }));
const marginsSchema = z.object({ available: z.object({ live_balance: z.coerce.number().optional(), cash: z.coerce.number() }), utilised: z.object({ debits: z.coerce.number() }) });
const tradeSchema = z.object({ trade_id: z.coerce.string(), order_id: z.coerce.string(), exchange: z.string(), tradingsymbol: z.string(), transaction_type: z.enum(['BUY', 'SELL']), quantity: z.coerce.number(), average_price: z.coerce.number(), fill_timestamp: z.union([z.date(), z.string(), z.null()]).optional() });
const ltpSchema = z.record(z.string(), z.object({ last_price: z.coerce.number() }));
const orderMarginSchema = z.array(z.object({ total: z.coerce.number(), charges: z.object({ total: z.coerce.number() }).optional() }));

export class KiteBroker implements OrderBookBroker {
  readonly name = 'kite';
  private readonly listeners = new Set<OrderUpdateListener>();
  private readonly tracker = new CumulativeFillTracker();
  private readonly sources = new Map<string, OrderSource>();
  private readonly brokerIds = new Map<ClientOrderId, OrderId>();
  private readonly sleep: (ms: number) => Promise<void>;
  private halted = false;
  /** Requests Kite answered with an error or not at all (for reports). */
  failures = 0;

  constructor(private readonly o: KiteBrokerOptions) {
    this.sleep = o.sleep ?? realSleep;
  }

  get sessionExpired(): boolean {
    return this.halted;
  }

  /** After a fresh login: trading resumes with the new token. */
  resume(accessToken: string): void {
    this.o.kite.setAccessToken(accessToken);
    this.halted = false;
  }

  onOrderUpdate(listener: OrderUpdateListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async place(intent: OrderIntent): Promise<Result<OrderAck, BrokerError>> {
    if (this.halted) return this.expired();
    const { exchange, tradingsymbol } = splitSymbol(intent.symbol);
    const marketLike = intent.orderType === 'MARKET' || intent.orderType === 'SL-M';
    const params = {
      exchange,
      tradingsymbol,
      transaction_type: intent.side,
      quantity: intent.quantity,
      product: intent.product,
      order_type: intent.orderType,
      validity: intent.validity,
      tag: intent.clientOrderId,
      ...(intent.orderType === 'LIMIT' || intent.orderType === 'SL' ? { price: intent.price } : {}),
      ...(intent.orderType === 'SL' || intent.orderType === 'SL-M' ? { trigger_price: intent.trigger } : {}),
      ...(marketLike ? { market_protection: this.o.marketProtection ?? -1 } : {}),
    };
    this.sources.set(intent.clientOrderId, intent.source);
    const maxAttempts = this.o.maxPlaceAttempts ?? 2;
    let rateRetries = 0;
    for (let attempt = 1; ; ) {
      try {
        const r = await this.o.kite.placeOrder('regular', params);
        return ok(this.acked(intent.clientOrderId, orderId(String(r.order_id))));
      } catch (e) {
        const f = this.fail(e);
        if (f.kind === 'token') return this.expired();
        if (f.kind === 'rejected') return err(toBrokerError(f));
        if (f.kind === 'rate-limited') {
          if (rateRetries++ >= (this.o.retries ?? 3)) return err(toBrokerError(f));
          await this.sleep(this.backoff(rateRetries));
          continue;
        }
        // Unknown outcome: the order may have been placed. Look for our tag before anything else.
        for (const wait of this.o.lookupDelaysMs ?? [250, 1000]) {
          await this.sleep(wait);
          const book = await this.orders();
          if (!book.ok) {
            if (book.error.kind === 'session-expired') return book;
            continue;
          }
          const found = findByClientId(book.value, intent.clientOrderId);
          if (found) return ok(this.acked(intent.clientOrderId, found.brokerOrderId));
        }
        if (++attempt > maxAttempts) return err(toBrokerError(f));
      }
    }
  }

  async modify(id: ClientOrderId, change: OrderChange): Promise<Result<OrderAck, BrokerError>> {
    const bid = await this.brokerIdOf(id);
    if (!bid.ok) return bid;
    const params = {
      ...(change.quantity !== undefined ? { quantity: change.quantity } : {}),
      ...(change.price !== undefined ? { price: change.price } : {}),
      ...(change.trigger !== undefined ? { trigger_price: change.trigger } : {}),
    };
    // A modification repeats safely (same target values), so it retries like a read.
    const r = await this.call(() => this.o.kite.modifyOrder('regular', bid.value, params));
    return r.ok ? ok({ clientOrderId: id, brokerOrderId: bid.value }) : r;
  }

  async cancel(id: ClientOrderId): Promise<Result<OrderAck, BrokerError>> {
    const bid = await this.brokerIdOf(id);
    if (!bid.ok) return bid;
    const r = await this.call(() => this.o.kite.cancelOrder('regular', bid.value));
    return r.ok ? ok({ clientOrderId: id, brokerOrderId: bid.value }) : r;
  }

  async orders(): Promise<Result<readonly BrokerOrderSnapshot[], BrokerError>> {
    const r = await this.call(() => this.o.kite.getOrders());
    if (!r.ok) return r;
    const parsed = z.array(kiteOrderSchema).safeParse(r.value);
    if (!parsed.success) return err({ kind: 'network', message: 'Kite sent an order book we cannot read; try again, and report it if it persists.' });
    const now = this.o.clock.now();
    return ok(parsed.data.map((x) => toSnapshot(x, now)));
  }

  async trades(): Promise<Result<readonly BrokerTrade[], BrokerError>> {
    const r = await this.read(() => this.o.kite.getTrades(), z.array(tradeSchema), 'trade book');
    if (!r.ok) return r;
    const tags = new Map<string, ClientOrderId>();
    for (const [c, b] of this.brokerIds) tags.set(b, c);
    const now = this.o.clock.now();
    return ok(
      r.value.map((t) => {
        const c = tags.get(t.order_id);
        return { tradeId: t.trade_id, brokerOrderId: orderId(t.order_id), ...(c ? { clientOrderId: c } : {}), symbol: joinSymbol(t.exchange, t.tradingsymbol), side: t.transaction_type, quantity: t.quantity, price: t.average_price, time: kiteInstant(t.fill_timestamp, now) };
      }),
    );
  }

  async positions(): Promise<Result<readonly BrokerPosition[], BrokerError>> {
    const r = await this.read(() => this.o.kite.getPositions(), positionsSchema, 'positions');
    if (!r.ok) return r;
    return ok(r.value.net.filter((p) => p.quantity !== 0).map((p) => ({ symbol: joinSymbol(p.exchange, p.tradingsymbol), product: p.product === 'MIS' ? 'MIS' : 'CNC', quantity: p.quantity, averagePrice: p.average_price, lastPrice: p.last_price })));
  }

  async holdings(): Promise<Result<readonly BrokerPosition[], BrokerError>> {
    const r = await this.read(() => this.o.kite.getHoldings(), holdingsSchema, 'holdings');
    if (!r.ok) return r;
    return ok(r.value.map((p) => ({ symbol: joinSymbol(p.exchange, p.tradingsymbol), product: 'CNC', quantity: p.quantity, averagePrice: p.average_price, lastPrice: p.last_price })));
  }

  async margins(): Promise<Result<Margins, BrokerError>> {
    const r = await this.read(() => this.o.kite.getMargins('equity'), marginsSchema, 'margins');
    if (!r.ok) return r;
    return ok({ available: r.value.available.live_balance ?? r.value.available.cash, used: r.value.utilised.debits });
  }

  /** Last traded prices keyed by our symbol names. */
  async lastPrices(symbols: readonly string[]): Promise<Result<ReadonlyMap<string, number>, BrokerError>> {
    const keys = symbols.map((s) => {
      const x = splitSymbol(s);
      return `${x.exchange}:${x.tradingsymbol}`;
    });
    const r = await this.read(() => this.o.kite.getLTP(keys), ltpSchema, 'prices');
    if (!r.ok) return r;
    const m = new Map<string, number>();
    symbols.forEach((s, i) => {
      const q = r.value[keys[i]!];
      if (q) m.set(s, q.last_price);
    });
    return ok(m);
  }

  /** Kite's margin (and charges, where it gives them) for one prospective order. */
  async orderMargin(intent: OrderIntent): Promise<Result<{ readonly margin: number; readonly charges?: number }, BrokerError>> {
    const { exchange, tradingsymbol } = splitSymbol(intent.symbol);
    const order = { exchange, tradingsymbol, transaction_type: intent.side, variety: 'regular' as const, product: intent.product, order_type: intent.orderType, quantity: intent.quantity, price: intent.price ?? 0, trigger_price: intent.trigger ?? 0 };
    const r = await this.read(() => this.o.kite.orderMargins([order]), orderMarginSchema, 'order margins');
    if (!r.ok) return r;
    const m = r.value[0];
    if (!m) return err({ kind: 'network', message: 'Kite returned no margin for the order; try again.' });
    return ok({ margin: m.total, ...(m.charges ? { charges: m.charges.total } : {}) });
  }

  /**
   * The one ingest for order updates: a ticker `order_update` payload, a verified postback or an order-book
   * row. Cumulative fills become deltas; duplicates and stale updates change nothing.
   */
  ingest(raw: unknown): Result<readonly OrderUpdate[], string> {
    const snap = parseKiteOrder(raw, this.o.clock.now());
    if (!snap.ok) return snap;
    const s = snap.value;
    const id = s.clientOrderId ?? clientOrderId(`X${s.brokerOrderId}`.replace(/[^A-Za-z0-9]/g, '').slice(0, 20));
    if (s.clientOrderId) this.brokerIds.set(s.clientOrderId, s.brokerOrderId);
    const updates = this.tracker.observe(s, id, this.sources.get(id) ?? EXTERNAL);
    for (const u of updates) for (const l of [...this.listeners]) l(u);
    return ok(updates);
  }

  /** An HTTP postback body: checksum sha256(order_id + order_timestamp + api_secret) verified, then ingested. */
  handlePostback(body: unknown): Result<readonly OrderUpdate[], string> {
    const secret = this.o.apiSecret;
    if (secret === undefined) return err('Postbacks are not enabled: no Kite API secret is configured.');
    const p = z.object({ order_id: z.coerce.string(), order_timestamp: z.string(), checksum: z.string() }).safeParse(body);
    if (!p.success) return err('The postback is missing order_id, order_timestamp or checksum; ignored.');
    const want = createHash('sha256').update(p.data.order_id + p.data.order_timestamp + secret).digest();
    const got = Buffer.from(p.data.checksum, 'hex');
    if (got.length !== want.length || !timingSafeEqual(got, want)) return err('The postback checksum does not match; ignored (check the API secret).');
    return this.ingest(body);
  }

  /** Polls the order book and ingests every row (a fallback when the ticker and postbacks are quiet). */
  async sync(): Promise<Result<number, BrokerError>> {
    const r = await this.call(() => this.o.kite.getOrders());
    if (!r.ok) return r;
    let n = 0;
    for (const row of r.value) if (this.ingest(row).ok) n++;
    return ok(n);
  }

  /** Starts the delta tracker from stored figures (after a restart, so old fills are not counted again). */
  primeFills(id: ClientOrderId, brokerOrderId: OrderId, filled: number, averagePrice: number, source: OrderSource): void {
    this.brokerIds.set(id, brokerOrderId);
    this.sources.set(id, source);
    this.tracker.prime(brokerOrderId, filled, averagePrice, true);
  }

  private acked(id: ClientOrderId, bid: OrderId): OrderAck {
    this.brokerIds.set(id, bid);
    return { clientOrderId: id, brokerOrderId: bid };
  }

  private async brokerIdOf(id: ClientOrderId): Promise<Result<OrderId, BrokerError>> {
    const known = this.brokerIds.get(id);
    if (known) return ok(known);
    const book = await this.orders();
    if (!book.ok) return book;
    const found = findByClientId(book.value, id);
    if (!found) return err({ kind: 'not-found', message: `Kite has no order tagged ${id}; check the order id.` });
    this.brokerIds.set(id, found.brokerOrderId);
    return ok(found.brokerOrderId);
  }

  private async read<S extends z.ZodType>(fn: () => Promise<unknown>, schema: S, what: string): Promise<Result<z.infer<S>, BrokerError>> {
    const r = await this.call(fn);
    if (!r.ok) return r;
    const p = schema.safeParse(r.value);
    return p.success ? ok(p.data) : err({ kind: 'network', message: `Kite sent ${what} we cannot read; try again, and report it if it persists.` });
  }

  /** A call that is safe to repeat: network errors, 5xx and 429 retry with exponential backoff. */
  private async call<T>(fn: () => Promise<T>): Promise<Result<T, BrokerError>> {
    if (this.halted) return this.expired();
    for (let attempt = 0; ; attempt++) {
      try {
        return ok(await fn());
      } catch (e) {
        const f = this.fail(e);
        if (f.kind === 'token') return this.expired();
        if (f.kind === 'rejected' || attempt >= (this.o.retries ?? 3)) return err(toBrokerError(f));
        await this.sleep(this.backoff(attempt + 1));
      }
    }
  }

  private fail(e: unknown): KiteFailure {
    this.failures++;
    const f = classifyKiteError(e);
    if (f.kind === 'token' && !this.halted) {
      this.halted = true;
      this.o.onSessionExpired?.('The Kite session has expired; trading through Kite is halted until you log in again.');
    }
    return f;
  }

  private expired(): Result<never, BrokerError> {
    return err({ kind: 'session-expired', message: 'The Kite session has expired; log in to Kite again to resume trading.' });
  }

  private backoff(n: number): number {
    return (this.o.backoffMs ?? 200) * 2 ** (n - 1);
  }
}
