/**
 * The fake exchange's order book and matching engine, good enough for tests:
 * - MARKET (and a triggered SL-M) fills at the instrument's current LTP; with no LTP yet it waits for one.
 * - LIMIT fills when LTP crosses the limit: at LTP if marketable on arrival, at the limit price once resting.
 * - SL/SL-M wait in TRIGGER PENDING until LTP reaches the trigger (BUY: LTP ≥ trigger, SELL: LTP ≤ trigger).
 * - `maxFillQuantity` caps each fill, leaving the rest for the next price or `matchAll()` (partial fills).
 * - IOC cancels whatever did not fill on arrival. `rejectNext(reason)` makes the next placement end REJECTED.
 * Each call produces a batch of order updates (OPEN, TRIGGER PENDING, UPDATE, COMPLETE, CANCELLED, REJECTED).
 */
import { randomBytes } from 'node:crypto';
import { err, ok, type Result } from '../../../src/core/result';
import type { MarketState } from './market';
import { FINAL_STATUSES, type KiteOrder, type KiteTrade, type OrderStatus, type OrderUpdate, type UpdateStatus } from './orderTypes';
import { checkPriceFields, type PlaceParams } from './orderValidation';
import { formatIstDateTime, istDatePrefix } from './time';
import { applyModification } from './orderModification';

interface Entry {
  order: KiteOrder;
  readonly history: KiteOrder[];
  modifications: number;
  /** True once an SL/SL-M has triggered. */
  triggered: boolean;
  /** True once the order has rested in the book (fills at its own limit price from then on). */
  resting: boolean;
}

export const MAX_MODIFICATIONS = 25;

const snapshot = (o: KiteOrder): KiteOrder => ({ ...o, meta: {}, tags: [...o.tags] });
const round4 = (x: number): number => Math.round(x * 10_000) / 10_000;

export class OrderBook {
  private readonly entries = new Map<string, Entry>();
  private readonly trades: KiteTrade[] = [];
  private readonly rejections: string[] = [];
  private seq = 0;
  private tradeSeq = 0;
  private batch: OrderUpdate[] = [];
  /** Largest quantity one fill may take; null fills the whole pending quantity at once. */
  maxFillQuantity: number | null = null;

  constructor(
    private readonly market: MarketState,
    private readonly userId: string,
    private readonly now: () => number,
    private readonly onUpdates: (updates: readonly OrderUpdate[]) => void,
  ) {}

  /** The next placement passes validation and then ends REJECTED with this exchange/RMS message. */
  rejectNext(reason: string): void {
    this.rejections.push(reason);
  }

  place(p: PlaceParams, variety: string): KiteOrder {
    return this.inBatch(() => {
      const now = this.now();
      const order: KiteOrder = {
        placed_by: this.userId,
        order_id: `${istDatePrefix(now)}${String(++this.seq).padStart(9, '0')}`,
        exchange_order_id: null,
        parent_order_id: null,
        status: 'PUT ORDER REQ RECEIVED',
        status_message: null,
        status_message_raw: null,
        order_timestamp: formatIstDateTime(now),
        exchange_update_timestamp: null,
        exchange_timestamp: null,
        variety,
        modified: false,
        exchange: p.instrument.exchange,
        tradingsymbol: p.instrument.tradingsymbol,
        instrument_token: p.instrument.token,
        order_type: p.orderType,
        transaction_type: p.transactionType,
        validity: p.validity,
        validity_ttl: 0,
        product: p.product,
        quantity: p.quantity,
        disclosed_quantity: p.disclosedQuantity,
        price: p.price,
        trigger_price: p.triggerPrice,
        average_price: 0,
        filled_quantity: 0,
        pending_quantity: p.quantity,
        cancelled_quantity: 0,
        market_protection: p.marketProtection,
        meta: {},
        tag: p.tag,
        tags: p.tag === null ? [] : [p.tag],
        guid: randomBytes(8).toString('hex'),
      };
      const entry: Entry = { order, history: [], modifications: 0, triggered: false, resting: false };
      this.entries.set(order.order_id, entry);
      this.record(entry, 'PUT ORDER REQ RECEIVED');
      this.record(entry, 'VALIDATION PENDING');
      const rejection = this.rejections.shift();
      if (rejection !== undefined) {
        order.status_message = rejection;
        order.status_message_raw = rejection;
        order.pending_quantity = 0;
        this.record(entry, 'REJECTED', 'REJECTED');
        return snapshot(order);
      }
      this.record(entry, 'OPEN PENDING');
      order.exchange_order_id = String(1_000_000_000_000_000 + this.seq);
      order.exchange_timestamp = formatIstDateTime(now);
      const waiting = p.orderType === 'SL' || p.orderType === 'SL-M';
      this.record(entry, waiting ? 'TRIGGER PENDING' : 'OPEN', waiting ? 'TRIGGER PENDING' : 'OPEN');
      this.match(entry);
      return snapshot(entry.order);
    });
  }

  modify(orderId: string, form: URLSearchParams): Result<KiteOrder, string> {
    const entry = this.entries.get(orderId);
    if (!entry) return err(`Order ${orderId} not found.`);
    if (!this.isLive(entry)) return err(`Order cannot be modified as it is already ${entry.order.status}.`);
    if (entry.modifications >= MAX_MODIFICATIONS) return err(`Maximum allowed order modifications (${MAX_MODIFICATIONS}) exceeded.`);
    const instrument = this.market.instrument(entry.order.instrument_token);
    if (!instrument) return err('Instrument of this order is no longer known.');
    const changed = applyModification(entry.order, form);
    if (!changed.ok) return changed;
    const checked = checkPriceFields(changed.value, instrument);
    if (!checked.ok) return checked;
    if (changed.value.quantity <= entry.order.filled_quantity) return err('Modified quantity must be more than the filled quantity.');
    return ok(
      this.inBatch(() => {
        const o = entry.order;
        const previous = o.status;
        this.record(entry, 'MODIFY VALIDATION PENDING');
        this.record(entry, 'MODIFY PENDING');
        o.quantity = changed.value.quantity;
        o.price = changed.value.price;
        o.trigger_price = changed.value.triggerPrice;
        o.order_type = changed.value.orderType;
        o.validity = changed.value.validity;
        o.pending_quantity = o.quantity - o.filled_quantity;
        o.modified = true;
        entry.modifications++;
        entry.resting = false;
        const waiting = (o.order_type === 'SL' || o.order_type === 'SL-M') && !entry.triggered;
        this.record(entry, waiting ? 'TRIGGER PENDING' : previous === 'TRIGGER PENDING' ? 'OPEN' : previous, 'UPDATE');
        this.match(entry);
        return snapshot(entry.order);
      }),
    );
  }

  cancel(orderId: string): Result<KiteOrder, string> {
    const entry = this.entries.get(orderId);
    if (!entry) return err(`Order ${orderId} not found.`);
    if (!this.isLive(entry)) return err(`Order cannot be cancelled as it is already ${entry.order.status}.`);
    return ok(
      this.inBatch(() => {
        this.record(entry, 'CANCEL PENDING');
        this.cancelRemainder(entry, null);
        return snapshot(entry.order);
      }),
    );
  }

  /** Re-runs matching for every live order of one instrument (called after its LTP changed). */
  onPrice(token: number): void {
    this.inBatch(() => {
      for (const e of this.entries.values()) if (e.order.instrument_token === token && this.isLive(e)) this.match(e);
    });
  }

  /** Re-runs matching for every live order, e.g. to continue partial fills without a new price. */
  matchAll(): void {
    this.inBatch(() => {
      for (const e of this.entries.values()) if (this.isLive(e)) this.match(e);
    });
  }

  orders(): KiteOrder[] {
    return [...this.entries.values()].map((e) => snapshot(e.order));
  }

  order(orderId: string): KiteOrder | undefined {
    const e = this.entries.get(orderId);
    return e && snapshot(e.order);
  }

  history(orderId: string): KiteOrder[] | undefined {
    return this.entries.get(orderId)?.history.map(snapshot);
  }

  allTrades(): readonly KiteTrade[] {
    return this.trades;
  }

  tradesOf(orderId: string): KiteTrade[] {
    return this.trades.filter((t) => t.order_id === orderId);
  }

  private isLive(e: Entry): boolean {
    return !FINAL_STATUSES.includes(e.order.status);
  }

  private match(e: Entry): void {
    const o = e.order;
    const ltp = this.market.ltp(o.instrument_token);
    if (ltp !== undefined && o.status === 'TRIGGER PENDING') {
      const hit = o.transaction_type === 'BUY' ? ltp >= o.trigger_price : ltp <= o.trigger_price;
      if (!hit) return;
      e.triggered = true;
      this.record(e, 'OPEN', 'OPEN');
    }
    if (o.status !== 'OPEN') return;
    const fillPrice = ltp === undefined ? undefined : this.fillPrice(e, ltp);
    if (fillPrice !== undefined) {
      const qty = Math.min(o.pending_quantity, this.maxFillQuantity ?? Infinity);
      this.fill(e, qty, fillPrice);
    } else {
      e.resting = true;
    }
    if (o.validity === 'IOC' && o.pending_quantity > 0 && this.isLive(e)) this.cancelRemainder(e, 'IOC order cancelled: not filled on arrival.');
  }

  private fillPrice(e: Entry, ltp: number): number | undefined {
    const o = e.order;
    if (o.order_type === 'MARKET' || o.order_type === 'SL-M') return ltp;
    const crosses = o.transaction_type === 'BUY' ? ltp <= o.price : ltp >= o.price;
    if (!crosses) return undefined;
    return e.resting ? o.price : ltp;
  }

  private fill(e: Entry, qty: number, price: number): void {
    const o = e.order;
    const now = formatIstDateTime(this.now());
    o.average_price = round4((o.average_price * o.filled_quantity + price * qty) / (o.filled_quantity + qty));
    o.filled_quantity += qty;
    o.pending_quantity -= qty;
    o.exchange_update_timestamp = now;
    this.trades.push({
      trade_id: String(10_000_000 + ++this.tradeSeq),
      order_id: o.order_id,
      exchange: o.exchange,
      tradingsymbol: o.tradingsymbol,
      instrument_token: o.instrument_token,
      product: o.product,
      average_price: price,
      quantity: qty,
      exchange_order_id: o.exchange_order_id ?? '',
      transaction_type: o.transaction_type,
      fill_timestamp: now,
      order_timestamp: now.slice(11),
      exchange_timestamp: now,
    });
    if (o.pending_quantity === 0) this.record(e, 'COMPLETE', 'COMPLETE');
    else {
      e.resting = true;
      this.record(e, 'OPEN', 'UPDATE');
    }
  }

  private cancelRemainder(e: Entry, message: string | null): void {
    const o = e.order;
    o.cancelled_quantity = o.pending_quantity;
    o.pending_quantity = 0;
    o.status_message = message;
    this.record(e, 'CANCELLED', 'CANCELLED');
  }

  private record(e: Entry, status: OrderStatus, update?: UpdateStatus): void {
    e.order.status = status;
    if (status !== 'PUT ORDER REQ RECEIVED') e.order.exchange_update_timestamp ??= e.order.exchange_timestamp;
    e.history.push(snapshot(e.order));
    if (update !== undefined) this.batch.push({ order: snapshot(e.order), status: update });
  }

  private inBatch<T>(run: () => T): T {
    const outer = this.batch;
    this.batch = [];
    try {
      return run();
    } finally {
      const done = this.batch;
      this.batch = outer;
      if (done.length > 0) this.onUpdates(done);
    }
  }
}
