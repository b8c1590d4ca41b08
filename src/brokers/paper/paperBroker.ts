/**
 * The paper broker: the `Broker` interface over a simulated account, fed with live or replayed prices.
 *  - MARKET orders fill at the next tick or bar after they are placed (slippage in bps, rounded to the tick
 *    against the trader); LIMIT and SL-M fill when the price reaches them, with the same rules as the backtest
 *    (`fillPriceOnBar` of simulatedFills.ts; a tick is a bar with open = high = low = close). SL (stop-limit)
 *    is rejected, as in the backtest.
 *  - Cash moves by value ± charges of the same cost model as the backtest; buys reserve their estimated
 *    value (limit price or last price, plus slippage) while open, and are refused beyond available cash; CNC
 *    sells need the shares (no short delivery), MIS may go short.
 *  - `attachExit`: a stop-loss / take-profit pair (OCO) on a position, filled by the bars like Kite's two-leg GTT
 *    (paperExits.ts; when one bar touches both legs the stop is assumed to come first).
 *  - Every change is saved through a `PaperStateRepository`, write-behind (paperPersistence.ts): bursts of
 *    changes are coalesced into few saves of a complete snapshot; `flush()` on stop saves the rest.
 */
import type { Bar } from '../../core/bar';
import type { BrokerError, BrokerPosition, ExitAck, ExitRequest, Margins, OrderAck, OrderChange, OrderUpdate, OrderUpdateListener } from '../../core/broker';
import type { Clock } from '../../core/clock';
import type { CostModel } from '../../core/costs';
import { orderId, type ClientOrderId } from '../../core/ids';
import { sideSign, type OrderIntent } from '../../core/order';
import { isWorking } from '../../core/orderStatus';
import { err, ok, type Result } from '../../core/result';
import type { BrokerOrderSnapshot, BrokerTrade, ExitLeg, OrderBookBroker } from '../../oms/brokerOrders';
import { checkExit } from '../exitRules';
import { exitTriggerOnBar, type PaperExit } from './paperExits';
import { PaperWriteBehind } from './paperPersistence';
import { paperSnapshot, type PaperOrder, type PaperPosition, type PaperState, type PaperStateRepository } from './paperState';
import { fillPriceOnBar, slippedPrice } from './simulatedFills';

export interface PaperInstrument {
  readonly exchange: 'NSE' | 'BSE';
  readonly tickSize: number;
  readonly lotSize: number;
}

export interface PaperBrokerOptions {
  readonly clock: Clock;
  readonly costs: CostModel;
  readonly instruments: (symbol: string) => PaperInstrument | undefined;
  readonly repository?: PaperStateRepository;
  readonly startingCash?: number;
  readonly slippageBps?: number;
  /** Extra wait before each write-behind save, ms (default 0: the next turn of the event loop). */
  readonly saveDelayMs?: number;
}

const rejected = (message: string): Result<never, BrokerError> => err({ kind: 'rejected', message });

export class PaperBroker implements OrderBookBroker {
  readonly name = 'paper';
  private readonly listeners = new Set<OrderUpdateListener>();
  private readonly last = new Map<string, number>();
  private readonly writer: PaperWriteBehind | undefined;
  private readonly bar = { time: 0, open: 0, high: 0, low: 0, close: 0, volume: 0 };
  private readonly byClient = new Map<string, PaperOrder>();
  /** Working orders, in arrival order (filled first in, first out). */
  private readonly open = new Set<PaperOrder>();

  private constructor(
    private readonly o: PaperBrokerOptions,
    private readonly state: PaperState,
  ) {
    for (const x of state.orders) {
      this.byClient.set(x.intent.clientOrderId, x);
      if (isWorking(x.status)) this.open.add(x);
    }
    state.exits ??= [];
    this.writer = o.repository && new PaperWriteBehind(o.repository, () => this.state, o.saveDelayMs);
  }

  /** The last failure to save the state, if any (the account keeps running in memory). */
  get saveError(): string | undefined {
    return this.writer?.error;
  }

  static async open(o: PaperBrokerOptions): Promise<PaperBroker> {
    const saved = await o.repository?.load();
    return new PaperBroker(o, saved ?? { cash: o.startingCash ?? 1_000_000, positions: [], orders: [], trades: [], seq: 0 });
  }

  onOrderUpdate(listener: OrderUpdateListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async place(intent: OrderIntent): Promise<Result<OrderAck, BrokerError>> {
    const inst = this.o.instruments(intent.symbol);
    if (!inst) return rejected(`${intent.symbol} is not a known instrument; check the symbol.`);
    if (this.byClient.has(intent.clientOrderId)) {
      return rejected(`An order with client id ${intent.clientOrderId} already exists; it was not placed again.`);
    }
    if (!Number.isInteger(intent.quantity) || intent.quantity <= 0 || intent.quantity % inst.lotSize !== 0) {
      return rejected(`The quantity ${intent.quantity} must be a positive multiple of the lot size ${inst.lotSize}.`);
    }
    if (intent.orderType === 'SL') return rejected('Stop-limit (SL) orders are not simulated by the paper broker; use SL-M or LIMIT.');
    const ref = intent.orderType === 'LIMIT' ? intent.price : intent.orderType === 'SL-M' ? intent.trigger : this.last.get(intent.symbol);
    if (ref === undefined || !(ref > 0)) return rejected(`There is no price for ${intent.symbol} yet; wait for market data and try again.`);
    let reserved = 0;
    if (intent.side === 'BUY') {
      const price = slippedPrice(ref, 'BUY', this.o.slippageBps ?? 0, inst.tickSize);
      reserved = intent.quantity * price + this.chargesOf(intent, intent.quantity, price, inst);
      const available = this.available();
      if (reserved > available + 1e-9) {
        return rejected(`Insufficient funds: the order needs ₹${reserved.toFixed(2)} but ₹${available.toFixed(2)} is available; reduce the quantity.`);
      }
    } else if (intent.product === 'CNC') {
      const held = this.position(intent.symbol, 'CNC')?.quantity ?? 0;
      let selling = 0;
      for (const x of this.open) {
        if (x.intent.side === 'SELL' && x.intent.symbol === intent.symbol && x.intent.product === 'CNC') selling += x.intent.quantity - x.filledQuantity;
      }
      if (held - selling < intent.quantity) {
        return rejected(`You hold ${held - selling} free shares of ${intent.symbol} for delivery but tried to sell ${intent.quantity}; sell at most what you hold or use MIS.`);
      }
    }
    const id = orderId(`P${(++this.state.seq).toString().padStart(9, '0')}`);
    const now = this.o.clock.now();
    const order: PaperOrder = { intent, brokerOrderId: id, status: 'OPEN', filledQuantity: 0, averagePrice: 0, reserved, time: now };
    this.state.orders.push(order);
    this.byClient.set(intent.clientOrderId, order);
    this.open.add(order);
    this.persist();
    queueMicrotask(() => this.emit({ kind: 'accepted', clientOrderId: intent.clientOrderId, brokerOrderId: id, time: now }));
    return ok({ clientOrderId: intent.clientOrderId, brokerOrderId: id });
  }

  async modify(id: ClientOrderId, change: OrderChange): Promise<Result<OrderAck, BrokerError>> {
    const order = this.working(id);
    if (!order) return err({ kind: 'not-found', message: `No open order ${id} to modify; it may have filled or been cancelled.` });
    const quantity = change.quantity ?? order.intent.quantity;
    if (quantity < order.filledQuantity || quantity <= 0) return rejected(`The new quantity ${quantity} is below what already filled (${order.filledQuantity}).`);
    order.intent = { ...order.intent, quantity, ...(change.price !== undefined ? { price: change.price } : {}), ...(change.trigger !== undefined ? { trigger: change.trigger } : {}) };
    this.persist();
    return ok({ clientOrderId: id, brokerOrderId: order.brokerOrderId });
  }

  async cancel(id: ClientOrderId): Promise<Result<OrderAck, BrokerError>> {
    const order = this.working(id);
    if (!order) return err({ kind: 'not-found', message: `No open order ${id} to cancel; it may have filled or been cancelled already.` });
    order.status = 'CANCELLED';
    order.reserved = 0;
    this.open.delete(order);
    this.persist();
    const time = this.o.clock.now();
    queueMicrotask(() => this.emit({ kind: 'cancelled', clientOrderId: id, message: 'Cancelled by request.', time }));
    return ok({ clientOrderId: id, brokerOrderId: order.brokerOrderId });
  }

  /** A trade at `price` on `symbol`: working orders there fill if it reaches them. */
  onTick(symbol: string, price: number, time: number): void {
    const b = this.bar;
    b.time = time;
    b.open = b.high = b.low = b.close = price;
    this.onBar(symbol, b);
  }

  /** A bar of `symbol` (OHLC known): working orders fill as in the backtest; the close becomes the last price. */
  onBar(symbol: string, bar: Readonly<Bar>): void {
    for (const order of this.open) {
      if (order.intent.symbol !== symbol) continue;
      if (order.time > bar.time) continue;
      const inst = this.o.instruments(symbol);
      const price = fillPriceOnBar(order.intent, bar, this.o.slippageBps ?? 0, inst?.tickSize);
      if (!Number.isNaN(price) && inst) this.fill(order, order.intent.quantity - order.filledQuantity, price, bar.time, inst);
    }
    for (const x of this.state.exits!) if (x.status === 'active' && x.symbol === symbol && x.time <= bar.time) this.tryExit(x, bar);
    this.last.set(symbol, bar.close);
    for (const p of this.state.positions) if (p.symbol === symbol) p.lastPrice = bar.close;
  }

  /** A stop-loss / take-profit pair (OCO) on a position; see paperExits.ts. */
  async attachExit(exit: ExitRequest): Promise<Result<ExitAck, BrokerError>> {
    const inst = this.o.instruments(exit.symbol);
    if (!inst) return rejected(`${exit.symbol} is not a known instrument; check the symbol.`);
    const c = checkExit(exit, this.last.get(exit.symbol), inst.tickSize);
    if (!c.ok) return c;
    const held = this.position(exit.symbol, exit.product)?.quantity ?? 0;
    if (Math.sign(held) !== Math.sign(exit.quantity) || Math.abs(held) < c.value.quantity) {
      return rejected(`The ${exit.product} position in ${exit.symbol} is ${held} shares, so an exit for ${exit.quantity} cannot be attached; attach it to what you hold.`);
    }
    const id = `E${(++this.state.seq).toString().padStart(9, '0')}`;
    const x: PaperExit = { id, symbol: exit.symbol, product: exit.product, side: c.value.side, quantity: c.value.quantity, stop: exit.stop, takeProfit: exit.takeProfit, status: 'active', time: this.o.clock.now() };
    this.state.exits!.push(x);
    this.persist();
    return ok({ exitId: id });
  }

  /** The OCO leg behind an order id (paperExits.ts names the legs `<exit id>S` and `<exit id>T`). */
  async exitLegOf(id: ClientOrderId): Promise<ExitLeg | undefined> {
    const order = this.byClient.get(id);
    const x = order && this.state.exits!.find((e) => `${e.id}S` === id || `${e.id}T` === id);
    return x && order ? { exitId: x.id, leg: id === `${x.id}S` ? 'stop' : 'takeProfit', intent: order.intent } : undefined;
  }

  async positions(): Promise<Result<readonly BrokerPosition[], BrokerError>> {
    return ok(this.state.positions.filter((p) => p.quantity !== 0).map((p) => ({ symbol: p.symbol, product: p.product, quantity: p.quantity, averagePrice: p.averagePrice, lastPrice: p.lastPrice })));
  }

  /** Delivery shares held (CNC long positions). */
  async holdings(): Promise<Result<readonly BrokerPosition[], BrokerError>> {
    const all = await this.positions();
    return all.ok ? ok(all.value.filter((p) => p.product === 'CNC' && p.quantity > 0)) : all;
  }

  async margins(): Promise<Result<Margins, BrokerError>> {
    const reserved = this.reserved();
    return ok({ available: this.state.cash - reserved, used: reserved });
  }

  async orders(): Promise<Result<readonly BrokerOrderSnapshot[], BrokerError>> {
    return ok(this.state.orders.map(paperSnapshot));
  }

  async trades(): Promise<Result<readonly BrokerTrade[], BrokerError>> {
    return ok(this.state.trades.map((t) => ({ tradeId: t.tradeId, brokerOrderId: t.brokerOrderId, clientOrderId: t.clientOrderId, symbol: t.symbol, side: t.side, quantity: t.quantity, price: t.price, time: t.time })));
  }

  /** Cash in rupees (after every buy, sell and charge). */
  get cash(): number {
    return this.state.cash;
  }

  /** Resolves when every change so far has been saved (call it on stop). */
  flush(): Promise<void> {
    return this.writer?.flush() ?? Promise.resolve();
  }

  private tryExit(x: PaperExit, bar: Readonly<Bar>): void {
    const inst = this.o.instruments(x.symbol);
    const held = this.position(x.symbol, x.product)?.quantity ?? 0;
    const closable = x.side === 'SELL' ? Math.max(0, held) : Math.max(0, -held);
    const quantity = Math.min(x.quantity, closable);
    if (quantity === 0 || !inst) {
      x.status = 'cancelled';
      this.persist();
      return;
    }
    const t = exitTriggerOnBar(x, bar, quantity, this.o.slippageBps ?? 0, inst.tickSize);
    if (!t) return;
    x.status = 'triggered';
    const order: PaperOrder = { intent: t.intent, brokerOrderId: orderId(`P${(++this.state.seq).toString().padStart(9, '0')}`), status: 'OPEN', filledQuantity: 0, averagePrice: 0, reserved: 0, time: bar.time };
    this.state.orders.push(order);
    this.byClient.set(t.intent.clientOrderId, order);
    this.emit({ kind: 'accepted', clientOrderId: t.intent.clientOrderId, brokerOrderId: order.brokerOrderId, time: bar.time });
    this.fill(order, quantity, t.price, bar.time, inst);
  }

  private fill(order: PaperOrder, quantity: number, price: number, time: number, inst: PaperInstrument): void {
    const { intent } = order;
    const charges = this.chargesOf(intent, quantity, price, inst);
    const sign = sideSign(intent.side);
    this.state.cash += -sign * quantity * price - charges;
    order.averagePrice = (order.averagePrice * order.filledQuantity + price * quantity) / (order.filledQuantity + quantity);
    order.filledQuantity += quantity;
    order.status = order.filledQuantity === intent.quantity ? 'FILLED' : 'PARTIALLY_FILLED';
    order.reserved = 0;
    if (order.status === 'FILLED') this.open.delete(order);
    this.book(intent.symbol, intent.product, sign * quantity, price);
    const tradeId = `T${(++this.state.seq).toString().padStart(9, '0')}`;
    this.state.trades.push({ tradeId, brokerOrderId: order.brokerOrderId, clientOrderId: intent.clientOrderId, symbol: intent.symbol, side: intent.side, quantity, price, charges, time });
    this.persist();
    this.emit({ kind: 'filled', fill: { clientOrderId: intent.clientOrderId, symbol: intent.symbol, side: intent.side, quantity, price, time, source: intent.source, charges, tradeId } });
  }

  private book(symbol: string, product: PaperPosition['product'], signed: number, price: number): void {
    let p = this.position(symbol, product);
    if (!p) {
      p = { symbol, product, quantity: 0, averagePrice: 0, lastPrice: price, realised: 0 };
      this.state.positions.push(p);
    }
    const q = p.quantity;
    if (q === 0 || Math.sign(q) === Math.sign(signed)) {
      p.averagePrice = (p.averagePrice * Math.abs(q) + price * Math.abs(signed)) / (Math.abs(q) + Math.abs(signed));
    } else {
      const closed = Math.min(Math.abs(q), Math.abs(signed));
      p.realised += closed * (price - p.averagePrice) * Math.sign(q);
      if (Math.abs(signed) > Math.abs(q)) p.averagePrice = price;
    }
    p.quantity = q + signed;
    if (p.quantity === 0) p.averagePrice = 0;
    p.lastPrice = price;
  }

  private chargesOf(intent: OrderIntent, quantity: number, price: number, inst: PaperInstrument): number {
    return this.o.costs.charges({ side: intent.side, quantity, price, product: intent.product, exchange: inst.exchange, time: this.o.clock.now(), symbol: intent.symbol }).total;
  }

  private position(symbol: string, product: PaperPosition['product']): PaperPosition | undefined {
    return this.state.positions.find((p) => p.symbol === symbol && p.product === product);
  }

  private working(id: ClientOrderId): PaperOrder | undefined {
    const x = this.byClient.get(id);
    return x && isWorking(x.status) ? x : undefined;
  }

  private reserved(): number {
    let r = 0;
    for (const x of this.open) r += x.reserved;
    return r;
  }

  private available(): number {
    return this.state.cash - this.reserved();
  }

  private emit(u: OrderUpdate): void {
    for (const l of [...this.listeners]) l(u);
  }

  private persist(): void {
    this.writer?.touch();
  }
}
