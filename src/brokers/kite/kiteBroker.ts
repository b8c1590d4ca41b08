/**
 * KiteBroker: the `Broker` interface over the real `kiteconnect` client.
 *  - A placement is never sent twice (kitePlacement.ts): on a timeout, a dropped connection or a 5xx the order
 *    book is searched for our tag with backoff for as long as Kite may take; missing, the outcome is
 *    `unknown-outcome` (the OMS marks the order UNKNOWN). 429 waits and retries (Kite refused it, so it is safe).
 *  - Reads (orders, trades, positions, margins, quotes) retry network errors and 5xx with exponential backoff.
 *  - InputException / OrderException / MarginException … come back as `rejected` with Kite's message.
 *  - TokenException halts the broker: the `onSessionExpired` callback fires once and every call answers
 *    `session-expired` until `resume(newAccessToken)` after a fresh login.
 *  - MARKET and SL-M orders carry `market_protection` (-1 = Kite's automatic protection by default).
 *  - `attachExit` places a stop-loss / take-profit pair as one two-leg GTT (OCO): Kite fires the leg whose trigger
 *    the LTP touches and drops the other; both legs are LIMIT orders, the stop leg's limit a little beyond its
 *    trigger (`stopLimitBufferBps`) so it still fills in a falling market.
 * Order updates from the ticker, postbacks and polls all go through `ingest` (kiteOrderFeed.ts); a postback only
 * triggers a read of the order's history from Kite (kitePostbacks.ts).
 */
import type { KiteConnect } from 'kiteconnect';
import { z } from 'zod';
import type { BrokerError, BrokerPosition, ExitAck, ExitRequest, Margins, OrderAck, OrderChange, OrderUpdate, OrderUpdateListener } from '../../core/broker';
import type { Clock } from '../../core/clock';
import { orderId, type ClientOrderId, type OrderId } from '../../core/ids';
import type { OrderIntent } from '../../core/order';
import { err, ok, type Result } from '../../core/result';
import { findByClientId, type BrokerOrderSnapshot, type BrokerTrade, type ExitLeg, type FillPrime, type OrderBookBroker } from '../../oms/brokerOrders';
import { realSleep } from '../../oms/rateLimiter';
import { checkExit } from '../exitRules';
import { exitLegIn, gttOcoParams } from './kiteExits';
import { KiteOrderFeed } from './kiteOrderFeed';
import { placeOnce, PLACEMENT_LOOKUP_MS } from './kitePlacement';
import { PostbackTrigger } from './kitePostbacks';
import { KiteRequests } from './kiteRequests';
import { kiteInstant, kiteOrderSchema, toSnapshot } from './kiteOrderSnapshot';
import { gttPlacedSchema, holdingsSchema, ltpSchema, marginsSchema, orderMarginSchema, positionsSchema, tradeSchema } from './kiteSchemas';
import { joinSymbol, splitSymbol } from './kiteSymbols';

export type KiteClient = InstanceType<typeof KiteConnect>;

/** `getMargins('equity')`: the segment's net (the risk gate's live equity), the cash available and the day's opening balance. */
const rupees = z.coerce.number().refine(Number.isFinite);
const equityMarginsSchema = z.object({ net: rupees, available: z.object({ cash: rupees, opening_balance: rupees }) });
/** `getProfile()`: who is logged in. */
const profileSchema = z.object({ user_id: z.string().min(1), user_name: z.string().optional(), user_shortname: z.string().optional() });

export interface KiteProfile {
  readonly userId: string;
  readonly name?: string;
}

export interface EquityMargins {
  /** Rupees: the equity segment's net (cash after the margin in use) and the cash available. */
  readonly net: number;
  readonly cash: number;
  /** The day's opening cash (`available.opening_balance`): the live day start's base (liveEquity.ts). */
  readonly openingBalance: number;
}

export interface KiteBrokerOptions {
  readonly kite: KiteClient;
  readonly clock: Clock;
  /** Secret for postback checksums. */
  readonly apiSecret?: string;
  /** -1 (automatic) or a percentage; default -1. */
  readonly marketProtection?: number;
  readonly sleep?: (ms: number) => Promise<void>;
  /** Waits before each order-book look-up after an unanswered placement (default PLACEMENT_LOOKUP_MS, 90.5 s in all). */
  readonly lookupDelaysMs?: readonly number[];
  /** Retries of reads and of 429s (default 3), backoff base (default 200 ms, doubling). */
  readonly retries?: number;
  readonly backoffMs?: number;
  readonly onSessionExpired?: (message: string) => void;
  /** Keep order updates until `primeFills` (set it when an OMS will call `recover()` at start). */
  readonly holdUpdatesUntilPrimed?: boolean;
  /** Tick size per symbol for exit legs (default 0.05). */
  readonly tickSize?: (symbol: string) => number;
  /** Distance of the stop leg's limit beyond its trigger, bps (default 50). */
  readonly stopLimitBufferBps?: number;
  /** Where refused postbacks and unreadable updates are reported (e.g. the logger's warn). */
  readonly warn?: (message: string) => void;
  /** KITE_STATIC_IPS: the IPs this bot should send orders from (named when Kite refuses an order for its IP). */
  readonly staticIps?: readonly string[];
}

export class KiteBroker implements OrderBookBroker {
  readonly name = 'kite';
  private readonly feed: KiteOrderFeed;
  private readonly req: KiteRequests;
  private readonly postbacks: PostbackTrigger;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly o: KiteBrokerOptions) {
    this.sleep = o.sleep ?? realSleep;
    this.feed = new KiteOrderFeed(() => o.clock.now(), o.holdUpdatesUntilPrimed ?? false, o.warn);
    this.req = new KiteRequests({ sleep: this.sleep, ...(o.retries !== undefined ? { retries: o.retries } : {}), ...(o.backoffMs !== undefined ? { backoffMs: o.backoffMs } : {}), ...(o.staticIps ? { staticIps: o.staticIps } : {}) });
    this.postbacks = new PostbackTrigger({
      verify: (body) => this.feed.verifyPostback(body, o.apiSecret),
      history: (id) => this.req.call(() => o.kite.getOrderHistory(id)),
      ingest: (raw) => this.feed.ingest(raw),
      warn: o.warn ?? (() => undefined),
    });
    if (o.onSessionExpired) this.req.onSessionExpired(o.onSessionExpired);
  }

  get sessionExpired(): boolean {
    return this.req.halted;
  }

  /** Requests Kite answered with an error or not at all (for reports). */
  get failures(): number {
    return this.req.failures;
  }

  /** After a fresh login: trading resumes with the new token. */
  resume(accessToken: string): void {
    this.o.kite.setAccessToken(accessToken);
    this.req.resume();
  }

  /** Stops trading through Kite until `resume` (a TokenException, or the 06:00 IST expiry seen by the clock). */
  halt(message?: string): void {
    this.req.halt(message);
  }

  /**
   * Called each time Kite refuses an order request (place, modify, cancel, exit) for the IP it came from: the error
   * (kind `ip-not-whitelisted`) says exactly that and how to fix it. The trading pipeline halts new orders on it.
   * Returns the unsubscribe function.
   */
  onOrderIpRejected(listener: (error: BrokerError) => void): () => void {
    return this.req.onIpRejected(listener);
  }

  /** Called once each time the session is found expired; returns the unsubscribe function. */
  onSessionExpired(listener: (message: string) => void): () => void {
    return this.req.onSessionExpired(listener);
  }

  onOrderUpdate(listener: OrderUpdateListener): () => void {
    return this.feed.onOrderUpdate(listener);
  }

  async place(intent: OrderIntent): Promise<Result<OrderAck, BrokerError>> {
    if (this.req.halted) return this.req.expired();
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
    this.feed.setSource(intent.clientOrderId, intent.source);
    const id = intent.clientOrderId;
    const r = await placeOnce(id, {
      send: async () => orderId(String((await this.o.kite.placeOrder('regular', params)).order_id)),
      fail: (e) => this.req.fail(e),
      error: (f) => this.req.error(f),
      orders: () => this.orders(),
      seen: () => this.feed.brokerIdOf(id),
      sleep: this.sleep,
      rateRetries: this.req.retries,
      backoff: (n) => this.req.backoff(n),
      lookupDelaysMs: this.o.lookupDelaysMs ?? PLACEMENT_LOOKUP_MS,
    });
    if (!r.ok) return r.error.kind === 'session-expired' ? this.req.expired() : r;
    return ok(this.acked(id, r.value.brokerOrderId));
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
    const r = await this.req.call(() => this.o.kite.modifyOrder('regular', bid.value, params));
    return r.ok ? ok({ clientOrderId: id, brokerOrderId: bid.value }) : r;
  }

  async cancel(id: ClientOrderId): Promise<Result<OrderAck, BrokerError>> {
    const bid = await this.brokerIdOf(id);
    if (!bid.ok) return bid;
    const r = await this.req.call(() => this.o.kite.cancelOrder('regular', bid.value));
    return r.ok ? ok({ clientOrderId: id, brokerOrderId: bid.value }) : r;
  }

  async orders(): Promise<Result<readonly BrokerOrderSnapshot[], BrokerError>> {
    const r = await this.req.call(() => this.o.kite.getOrders());
    if (!r.ok) return r;
    const parsed = z.array(kiteOrderSchema).safeParse(r.value);
    if (!parsed.success) return err({ kind: 'network', message: 'Kite sent an order book we cannot read; try again, and report it if it persists.' });
    const now = this.o.clock.now();
    return ok(parsed.data.map((x) => toSnapshot(x, now)));
  }

  async trades(): Promise<Result<readonly BrokerTrade[], BrokerError>> {
    const r = await this.req.read(() => this.o.kite.getTrades(), z.array(tradeSchema), 'trade book');
    if (!r.ok) return r;
    const tags = this.feed.tags();
    const now = this.o.clock.now();
    return ok(
      r.value.map((t) => {
        const c = tags.get(t.order_id);
        return { tradeId: t.trade_id, brokerOrderId: orderId(t.order_id), ...(c ? { clientOrderId: c } : {}), symbol: joinSymbol(t.exchange, t.tradingsymbol), side: t.transaction_type, quantity: t.quantity, price: t.average_price, time: kiteInstant(t.fill_timestamp, now) };
      }),
    );
  }

  async positions(): Promise<Result<readonly BrokerPosition[], BrokerError>> {
    const r = await this.req.read(() => this.o.kite.getPositions(), positionsSchema, 'positions');
    if (!r.ok) return r;
    return ok(r.value.net.filter((p) => p.quantity !== 0).map((p) => ({ symbol: joinSymbol(p.exchange, p.tradingsymbol), product: p.product === 'MIS' ? 'MIS' : 'CNC', quantity: p.quantity, averagePrice: p.average_price, lastPrice: p.last_price })));
  }

  async holdings(): Promise<Result<readonly BrokerPosition[], BrokerError>> {
    const r = await this.req.read(() => this.o.kite.getHoldings(), holdingsSchema, 'holdings');
    if (!r.ok) return r;
    return ok(r.value.map((p) => ({ symbol: joinSymbol(p.exchange, p.tradingsymbol), product: 'CNC', quantity: p.quantity, averagePrice: p.average_price, lastPrice: p.last_price })));
  }

  async margins(): Promise<Result<Margins, BrokerError>> {
    const r = await this.req.read(() => this.o.kite.getMargins('equity'), marginsSchema, 'margins');
    if (!r.ok) return r;
    return ok({ available: r.value.available.live_balance ?? r.value.available.cash, used: r.value.utilised.debits });
  }

  /**
   * The account's equity as Kite reports it: the equity segment's `net` balance (funds net of the margin in use),
   * rupees. Nothing is sent without a session.
   */
  async equity(): Promise<Result<number, BrokerError>> {
    const r = await this.equityMargins();
    return r.ok ? ok(r.value.net) : r;
  }

  async equityMargins(): Promise<Result<EquityMargins, BrokerError>> {
    const r = await this.req.read(() => this.o.kite.getMargins('equity'), equityMarginsSchema, 'margins');
    return r.ok ? ok({ net: r.value.net, cash: r.value.available.cash, openingBalance: r.value.available.opening_balance }) : r;
  }

  async profile(): Promise<Result<KiteProfile, BrokerError>> {
    const r = await this.req.read(() => this.o.kite.getProfile(), profileSchema, 'the profile');
    if (!r.ok) return r;
    const name = r.value.user_name ?? r.value.user_shortname;
    return ok({ userId: r.value.user_id, ...(name ? { name } : {}) });
  }

  /** Last traded prices keyed by our symbol names. */
  async lastPrices(symbols: readonly string[]): Promise<Result<ReadonlyMap<string, number>, BrokerError>> {
    const keys = symbols.map((s) => {
      const x = splitSymbol(s);
      return `${x.exchange}:${x.tradingsymbol}`;
    });
    const r = await this.req.read(() => this.o.kite.getLTP(keys), ltpSchema, 'prices');
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
    const r = await this.req.read(() => this.o.kite.orderMargins([order]), orderMarginSchema, 'order margins');
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
    return this.feed.ingest(raw);
  }

  /**
   * An HTTP postback body as a trigger only: checksum sha256(order_id + order_timestamp + api_secret) verified, then
   * the order's history is read from Kite and its latest state ingested (kitePostbacks.ts); the body's other fields
   * are never believed.
   */
  handlePostback(body: unknown): Promise<Result<readonly OrderUpdate[], string>> {
    return this.postbacks.handle(body);
  }

  /** Polls the order book and ingests every row (a fallback when the ticker and postbacks are quiet). */
  async sync(): Promise<Result<number, BrokerError>> {
    const r = await this.req.call(() => this.o.kite.getOrders());
    if (!r.ok) return r;
    let n = 0;
    for (const row of r.value) if (this.ingest(row).ok) n++;
    return ok(n);
  }

  /** Starts the delta tracker from stored figures (after a restart, so old fills are not counted again). */
  primeFills(entries: readonly FillPrime[]): void {
    this.feed.prime(entries);
  }

  /** A stop-loss / take-profit pair on a position as one two-leg GTT (OCO), see kiteExits.ts. */
  async attachExit(exit: ExitRequest): Promise<Result<ExitAck, BrokerError>> {
    if (this.req.halted) return this.req.expired();
    const tick = this.o.tickSize?.(exit.symbol) ?? 0.05;
    const prices = await this.lastPrices([exit.symbol]);
    if (!prices.ok) return prices;
    const last = prices.value.get(exit.symbol);
    const c = checkExit(exit, last, tick);
    if (!c.ok || last === undefined) return c.ok ? err({ kind: 'network', message: 'Kite gave no last price; try again.' }) : c;
    // Never repeated on an unknown outcome: a second GTT could close the position twice.
    try {
      const r = gttPlacedSchema.safeParse(await this.o.kite.placeGTT(gttOcoParams(exit, c.value, last, tick, this.o.stopLimitBufferBps)));
      if (r.success) return ok({ exitId: String(r.data.trigger_id) });
      return err({ kind: 'network', message: 'Kite accepted the exit but sent a reply we cannot read; check the GTT list before trying again.' });
    } catch (e) {
      const f = this.req.fail(e);
      return f.kind === 'token' ? this.req.expired() : err(this.req.error(f));
    }
  }

  /**
   * Deletes an exit's GTT that has not fired (the position it guarded was closed or re-sized). Kite refuses to delete
   * a GTT that is gone already; the GTT is then looked up, and one that is no longer active answers not-found, as
   * the paper broker's does — nothing is left to cancel (a restart cancels the exit noted last on a slot, which may
   * be spent: orderRecovery.ts).
   */
  async cancelExit(exitId: string): Promise<Result<void, BrokerError>> {
    if (this.req.halted) return this.req.expired();
    const r = await this.req.call(() => this.o.kite.deleteGTT(Number(exitId)));
    if (r.ok) return ok(undefined);
    if (r.error.kind !== 'rejected') return r;
    const t = await this.req.call(() => this.o.kite.getGTT(Number(exitId)));
    const gone = t.ok ? (t.value as { status?: unknown }).status !== 'active' : t.error.kind === 'rejected';
    return gone ? err({ kind: 'not-found', message: `Exit ${exitId} is no longer active at Kite; there is nothing to cancel.` }) : r;
  }

  /** A fired GTT leg (an untagged order) behind the stand-in id `id`, looked up in the GTT list. */
  async exitLegOf(id: ClientOrderId): Promise<ExitLeg | undefined> {
    const kiteOrderId = this.feed.untaggedOrderId(id);
    if (kiteOrderId === undefined) return undefined;
    const r = await this.req.call(() => this.o.kite.getGTTs());
    return r.ok && Array.isArray(r.value) ? exitLegIn(r.value, kiteOrderId, id, this.o.clock.now()) : undefined;
  }

  private acked(id: ClientOrderId, bid: OrderId): OrderAck {
    this.feed.remember(id, bid);
    return { clientOrderId: id, brokerOrderId: bid };
  }

  private async brokerIdOf(id: ClientOrderId): Promise<Result<OrderId, BrokerError>> {
    const known = this.feed.brokerIdOf(id);
    if (known) return ok(known);
    const book = await this.orders();
    if (!book.ok) return book;
    const found = findByClientId(book.value, id);
    if (!found) return err({ kind: 'not-found', message: `Kite has no order tagged ${id}; check the order id.` });
    this.feed.remember(id, found.brokerOrderId);
    return ok(found.brokerOrderId);
  }
}
