/**
 * The simulated broker: paper trading's broker and the backtest's, one set of rules.
 *  - Orders fill on the first bar (or tick: a bar with open = high = low = close) at or after their placement, by
 *    the rules of fillRules.ts (market at the open ± slippage, limit and SL-M when reached; SL refused) — in paper a
 *    market order decided before its symbol's last trade fills at that trade (`fillAtLastTrade`); with a
 *    participation cap a bar fills at most floor(volume × cap) shares across the symbol's orders, first in first
 *    out, and the rest stays working (partial fills; ticks carry no volume and are not capped).
 *  - Charges per execution from the fill-charges port (the cost model; the same code the approval card estimates
 *    with). Cash moves by value ± charges.
 *  - Broker rules: CNC sells need the shares (no short delivery; MIS may go short); with `checkFunds` a buy
 *    reserves its estimated value (limit price or last price, plus slippage and charges) while open and is refused
 *    beyond available cash (a backtest leaves the cash rule to the risk engine, which sizes buys to each account).
 *  - Protective exits (simulatedExits.ts): a stop-loss and/or take-profit on a position, checked on each bar after
 *    the orders; a leg that fires is announced as an order the broker `opened`, then filled.
 *  - Paper: every change is saved through a `PaperStateRepository`, write-behind (paperPersistence.ts).
 * Updates go to the listeners synchronously, from `handleBar` / `handleTick` (fills, exit legs) and `cancelNow`.
 */
import { SmallMap } from '../../core/smallMap';
import type { Bar } from '../../core/bar';
import type { BrokerError, BrokerPosition, ExitAck, ExitRequest, Margins, OrderAck, OrderChange, OrderUpdate, OrderUpdateListener } from '../../core/broker';
import type { Clock } from '../../core/clock';
import type { ChargeableTrade, ChargesBreakdown } from '../../core/costs/types';
import { orderId, type ClientOrderId } from '../../core/ids';
import { sideSign, type OrderIntent, type Product } from '../../core/order';
import { isWorking } from '../../core/orderStatus';
import { formatInr } from '../../core/money';
import { err, ok, type Result } from '../../core/result';
import type { BrokerOrderSnapshot, BrokerTrade, OrderBookBroker } from '../../oms/brokerOrders';
import { exitSideProblem } from '../exitRules';
import { fillPriceOnBar, simulationProblem, slippedPrice } from './fillRules';
import { DeskList } from './deskList';
import { PaperWriteBehind } from './paperPersistence';
import { paperSnapshot, type PaperOrder, type PaperPosition, type PaperState, type PaperStateRepository } from './paperState';
import { exitTriggerOnBar, type BothTouched, type SimulatedExit } from './simulatedExits';

export interface PaperInstrument {
  readonly exchange: 'NSE' | 'BSE';
  readonly tickSize: number;
  readonly lotSize: number;
}

/** Charges of each execution (a cost model, or a charge book that knows the day's earlier trades). */
export interface FillCharges {
  /** The charges of an execution, recorded (it counts toward the day's contract note). */
  charge(trade: ChargeableTrade): ChargesBreakdown;
  /** What `charge` would return now, recording nothing (absent: `charge` records nothing either). */
  estimate?(trade: ChargeableTrade): ChargesBreakdown;
}

export interface SimulatedBrokerOptions {
  readonly clock: Clock;
  readonly charges: FillCharges;
  readonly instruments: (symbol: string) => PaperInstrument | undefined;
  readonly repository?: PaperStateRepository;
  readonly startingCash?: number;
  readonly slippageBps?: number;
  /** Largest share of a bar's volume the orders of a symbol may take (0 or absent: no cap). */
  readonly participation?: number;
  readonly bothTouched?: BothTouched;
  /** Refuse buys beyond the available cash (default true). */
  readonly checkFunds?: boolean;
  /** Keep finished orders and every trade (default true; a backtest keeps nothing it will not read). */
  readonly retainHistory?: boolean;
  /** Tick size to round slipped prices to (default: the instrument's; 0 = no rounding). */
  readonly tickSize?: number;
  readonly saveDelayMs?: number;
  /**
   * Announce each placement as an `accepted` update, after `place` returns, as a real broker's order feed does
   * (default true; a backtest, whose execution acknowledges synchronously, turns it off).
   */
  readonly acknowledge?: boolean;
  /**
   * Paper: a market order decided at or before the last trade of its symbol (`intent.time` ≤ that tick's time)
   * fills at that trade's price as soon as it is accepted — that trade is the first price after the decision, the
   * price a backtest fills at (the next bar's open). Otherwise, and in a backtest, it waits for the next trade.
   */
  readonly fillAtLastTrade?: boolean;
}

/** One symbol at the broker: its working orders and exits, and its last trade (a field each: no map per price). */
interface SymbolDesk {
  readonly orders: DeskList<PaperOrder>;
  readonly exits: DeskList<SimulatedExit>;
  /** An order or exit here finished since the last compaction. */
  stale: boolean;
  /** The symbol's last price (NaN: none yet). */
  last: number;
  /** When the symbol last traded (`handleTick`; -Infinity: not yet). */
  lastTradeAt: number;
}

const refusal = (message: string): BrokerError => ({ kind: 'rejected', message });
const rejected = (message: string): Result<never, BrokerError> => err(refusal(message));
/** `prefix` and n in 9 digits, zero-padded (P000000042): ids sort as numbers do. */
const ZEROS = ['', '0', '00', '000', '0000', '00000', '000000', '0000000', '00000000', '000000000'];
const seqId = (prefix: string, n: number): string => {
  const digits = String(n);
  return digits.length >= 9 ? prefix + digits : prefix + ZEROS[9 - digits.length]! + digits;
};

export class SimulatedBroker implements OrderBookBroker {
  readonly name = 'paper';
  private listeners: readonly OrderUpdateListener[] = [];
  private readonly writer: PaperWriteBehind | undefined;
  private readonly tick = { time: 0, open: 0, high: 0, low: 0, close: 0, volume: NaN };
  private readonly byClient = new SmallMap<string, PaperOrder>();
  private readonly desks = new Map<string, SymbolDesk>();
  private readonly slippage: number;
  private readonly retain: boolean;
  /** > 0 while a bar is being processed: removals from the desks wait for the pass to compact them. */
  private passing = 0;
  /** A finished order leaves the id index too when no history is kept (bound once: compaction allocates nothing). */
  private readonly forget = (x: PaperOrder): void => {
    this.byClient.delete(x.intent.clientOrderId);
  };
  /** Told when a symbol gets its first working order or exit and when it has none left (`watchActivity`). */
  private activity: SymbolActivity | undefined;

  private constructor(
    private readonly o: SimulatedBrokerOptions,
    private readonly state: PaperState,
  ) {
    state.exits ??= [];
    this.slippage = o.slippageBps ?? 0;
    this.retain = o.retainHistory ?? true;
    for (const x of state.orders) {
      this.byClient.set(x.intent.clientOrderId, x);
      if (isWorking(x.status)) this.desk(x.intent.symbol).orders.push(x);
    }
    for (const x of state.exits) if (x.status === 'active') this.desk(x.symbol).exits.push(x);
    for (const p of state.positions) this.desk(p.symbol).last = p.lastPrice;
    this.writer = o.repository && new PaperWriteBehind(o.repository, () => this.state, o.saveDelayMs);
  }

  static async open(o: SimulatedBrokerOptions): Promise<SimulatedBroker> {
    const saved = await o.repository?.load();
    return SimulatedBroker.create(o, saved);
  }

  /** A broker with a fresh account (or the given state), without reading a repository. */
  static create(o: SimulatedBrokerOptions, state?: PaperState): SimulatedBroker {
    return new SimulatedBroker(o, state ?? { cash: o.startingCash ?? 1_000_000, positions: [], orders: [], trades: [], seq: 0 });
  }

  /** The last failure to save the state, if any (the account keeps running in memory). */
  get saveError(): string | undefined {
    return this.writer?.error;
  }

  /**
   * A backtest's kernel: told when a symbol gets its first working order or exit and when it has none left, so it
   * hands the broker only the bars that can fill something.
   */
  watchActivity(activity: SymbolActivity): void {
    this.activity = activity;
  }

  onOrderUpdate(listener: OrderUpdateListener): () => void {
    this.listeners = [...this.listeners, listener];
    return () => {
      this.listeners = this.listeners.filter((l) => l !== listener);
    };
  }

  async place(intent: OrderIntent): Promise<Result<OrderAck, BrokerError>> {
    return this.placeNow(intent);
  }

  /** Takes an order at once: it rests until a bar or tick reaches it. */
  placeNow(intent: OrderIntent): Result<OrderAck, BrokerError> {
    const r = this.accept(intent);
    return 'kind' in r ? err(r) : ok({ clientOrderId: intent.clientOrderId, brokerOrderId: r.brokerOrderId });
  }

  /** `placeNow` without the answer's wrapping (a backtest's execution, once per order): the order taken, or why not. */
  accept(intent: OrderIntent): Pick<PaperOrder, 'brokerOrderId'> | BrokerError {
    const inst = this.o.instruments(intent.symbol);
    if (!inst) return refusal(`${intent.symbol} is not a known instrument; check the symbol.`);
    if (this.byClient.has(intent.clientOrderId)) return refusal(`An order with client id ${intent.clientOrderId} already exists; it was not placed again.`);
    const bad = simulationProblem(intent);
    if (bad !== undefined) return refusal(`Order rejected: ${bad}.`);
    if (intent.quantity % inst.lotSize !== 0) return refusal(`The quantity ${intent.quantity} must be a positive multiple of the lot size ${inst.lotSize}.`);
    // The symbol's desk, looked up once (an order of a known instrument: a refused one leaves an empty desk).
    const desk = this.desk(intent.symbol);
    let reserved = 0;
    if (intent.side === 'BUY' && this.o.checkFunds !== false) {
      const ref = intent.orderType === 'LIMIT' ? intent.price : intent.orderType === 'SL-M' ? intent.trigger : desk.last;
      if (ref === undefined || !(ref > 0)) return refusal(`There is no price for ${intent.symbol} yet; wait for market data and try again.`);
      const price = slippedPrice(ref, 'BUY', this.slippage, this.tickOf(inst));
      const trade = { side: intent.side, quantity: intent.quantity, price, product: intent.product, exchange: inst.exchange, time: this.o.clock.now(), symbol: intent.symbol };
      reserved = intent.quantity * price + (this.o.charges.estimate ?? this.o.charges.charge).call(this.o.charges, trade).total;
      const available = this.available();
      if (reserved > available + 1e-9) return refusal(`Insufficient funds: the order needs ${formatInr(reserved)} but ${formatInr(available)} is available; reduce the quantity.`);
    } else if (intent.side === 'SELL' && intent.product === 'CNC') {
      const held = this.position(intent.symbol, 'CNC')?.quantity ?? 0;
      const selling = openSells(desk.orders);
      if (held - selling < intent.quantity) {
        return refusal(`You hold ${held - selling} free shares of ${intent.symbol} for delivery but tried to sell ${intent.quantity}; sell at most what you hold or use MIS.`);
      }
    }
    const order: PaperOrder = { intent, brokerOrderId: orderId(seqId('P', ++this.state.seq)), status: 'OPEN', filledQuantity: 0, averagePrice: 0, reserved, time: this.o.clock.now() };
    if (this.retain) this.state.orders.push(order);
    this.byClient.set(intent.clientOrderId, order);
    desk.orders.push(order);
    if (desk.orders.length === 1 && desk.exits.length === 0) this.activity?.setActive(intent.symbol, true);
    this.persist();
    const atLastTrade = this.o.fillAtLastTrade === true && intent.orderType === 'MARKET' && desk.lastTradeAt >= intent.time;
    if (this.o.acknowledge !== false) {
      const time = order.time;
      queueMicrotask(() => {
        this.emit({ kind: 'accepted', clientOrderId: intent.clientOrderId, brokerOrderId: order.brokerOrderId, time });
        if (atLastTrade) this.fillAtLastTrade(order, inst);
      });
    } else if (atLastTrade) this.fillAtLastTrade(order, inst);
    return order;
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
    return this.cancelNow(id);
  }

  cancelNow(id: ClientOrderId): Result<OrderAck, BrokerError> {
    const order = this.working(id);
    if (!order) return err({ kind: 'not-found', message: `No open order ${id} to cancel; it may have filled or been cancelled already.` });
    order.status = 'CANCELLED';
    order.reserved = 0;
    const desk = this.desks.get(order.intent.symbol);
    if (desk) {
      desk.stale = true;
      this.compact(order.intent.symbol, desk);
    }
    this.persist();
    this.emit({ kind: 'cancelled', clientOrderId: id, message: 'Cancelled by request.', time: this.o.clock.now() });
    return ok({ clientOrderId: id, brokerOrderId: order.brokerOrderId });
  }

  /** The price `symbol` trades at now (a backtest sets each bar's open before routing orders there). */
  mark(symbol: string, price: number): void {
    this.desk(symbol).last = price;
  }

  /** A trade at `price` on `symbol`: working orders and exits there fill if it reaches them. */
  handleTick(symbol: string, price: number, time: number): void {
    this.desk(symbol).lastTradeAt = time;
    const b = this.tick;
    b.time = time;
    b.open = b.high = b.low = b.close = price;
    this.handleBar(symbol, b);
  }

  /** A bar of `symbol` (OHLC known): working orders fill, then exits; the close becomes the last price. */
  handleBar(symbol: string, bar: Readonly<Bar>): void {
    const desk = this.desk(symbol);
    if (desk.orders.length > 0 || desk.exits.length > 0) {
      const inst = this.o.instruments(symbol);
      if (inst !== undefined) {
        // While the bar's orders fill, the price is its open (exits attached to those fills are checked against it).
        desk.last = bar.open;
        this.passing++;
        try {
          this.fillOrders(desk, bar, inst);
          this.fireExits(desk, bar, inst);
        } finally {
          this.passing--;
        }
        this.compact(symbol, desk);
      }
    }
    desk.last = bar.close;
    for (const p of this.state.positions) if (p.symbol === symbol) p.lastPrice = bar.close;
  }

  async attachExit(exit: ExitRequest): Promise<Result<ExitAck, BrokerError>> {
    return this.attachExitNow(exit);
  }

  /** A protective exit on a position (at least one of stop and take-profit). */
  attachExitNow(exit: ExitRequest): Result<ExitAck, BrokerError> {
    if (!this.o.instruments(exit.symbol)) return rejected(`${exit.symbol} is not a known instrument; check the symbol.`);
    if (exit.stop === undefined && exit.takeProfit === undefined) return rejected(`An exit for ${exit.symbol} needs a stop-loss, a take-profit or both.`);
    if (!Number.isInteger(exit.quantity) || exit.quantity === 0) return rejected(`The exit quantity for ${exit.symbol} must be a whole number of shares other than 0.`);
    const last = this.desks.get(exit.symbol)?.last;
    if (last === undefined || !(last > 0)) return rejected(`There is no last price for ${exit.symbol} yet; attach the exit when market data arrives.`);
    const side = exitSideProblem(exit, last);
    if (side !== undefined) return rejected(side);
    const held = this.position(exit.symbol, exit.product)?.quantity ?? 0;
    if (Math.sign(held) !== Math.sign(exit.quantity) || Math.abs(held) < Math.abs(exit.quantity)) {
      return rejected(`The ${exit.product} position in ${exit.symbol} is ${held} shares, so an exit for ${exit.quantity} cannot be attached; attach it to what you hold.`);
    }
    const x: SimulatedExit = {
      id: seqId('E', ++this.state.seq),
      symbol: exit.symbol,
      product: exit.product,
      side: exit.quantity > 0 ? 'SELL' : 'BUY',
      quantity: Math.abs(exit.quantity),
      ...(exit.stop !== undefined ? { stop: exit.stop } : {}),
      ...(exit.takeProfit !== undefined ? { takeProfit: exit.takeProfit } : {}),
      ...(exit.instanceId !== undefined ? { instanceId: exit.instanceId } : {}),
      status: 'active',
      time: this.o.clock.now(),
    };
    if (this.retain) this.state.exits!.push(x);
    const desk = this.desk(x.symbol);
    desk.exits.push(x);
    if (desk.exits.length === 1 && desk.orders.length === 0) this.activity?.setActive(x.symbol, true);
    this.persist();
    return ok({ exitId: x.id });
  }

  async cancelExit(exitId: string): Promise<Result<void, BrokerError>> {
    return this.cancelExitNow(exitId);
  }

  cancelExitNow(exitId: string): Result<void, BrokerError> {
    for (const [symbol, desk] of this.desks) {
      const x = desk.exits.find((e) => e.id === exitId && e.status === 'active');
      if (x === undefined) continue;
      x.status = 'cancelled';
      desk.stale = true;
      this.compact(symbol, desk);
      this.persist();
      return ok(undefined);
    }
    return err({ kind: 'not-found', message: `No active exit ${exitId}; it may have fired or been cancelled.` });
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

  /** Signed shares held of `symbol` in `product`. */
  held(symbol: string, product: Product): number {
    return this.position(symbol, product)?.quantity ?? 0;
  }

  /** Resolves when every change so far has been saved (call it on stop). */
  flush(): Promise<void> {
    return this.writer?.flush() ?? Promise.resolve();
  }

  /** Fills a market order at its symbol's last trade (see `fillAtLastTrade`), if it is still working. */
  private fillAtLastTrade(order: PaperOrder, inst: PaperInstrument): void {
    const { symbol } = order.intent;
    const desk = this.desk(symbol);
    const price = desk.last;
    const time = desk.lastTradeAt;
    if (!isWorking(order.status) || Number.isNaN(price) || time === -Infinity) return;
    const b = this.tick;
    b.time = time;
    b.open = b.high = b.low = b.close = price;
    this.fill(order, order.intent.quantity - order.filledQuantity, fillPriceOnBar(order.intent, b, this.slippage, this.tickOf(inst)), time, inst.exchange);
    desk.stale = true;
    this.compact(symbol, desk);
  }

  private fillOrders(desk: SymbolDesk, bar: Readonly<Bar>, inst: PaperInstrument): void {
    const list = desk.orders;
    if (list.length === 0) return;
    const cap = this.o.participation ?? 0;
    let capacity = cap > 0 && bar.volume === bar.volume ? Math.floor(bar.volume * cap) : Infinity;
    const tick = this.tickOf(inst);
    // Orders placed by listeners during this pass (an exit for a stop a fill found already passed) join it.
    for (let k = 0; k < list.length && capacity > 0; k++) {
      const order = list.at(k);
      // An order fills from the first bar at or after its placement.
      if (!isWorking(order.status) || order.time > bar.time) continue;
      const price = fillPriceOnBar(order.intent, bar, this.slippage, tick);
      if (price !== price) continue;
      const q = Math.min(order.intent.quantity - order.filledQuantity, capacity);
      capacity -= q;
      this.fill(order, q, price, bar.time, inst.exchange);
      if (order.status === 'FILLED') desk.stale = true;
    }
  }

  private fireExits(desk: SymbolDesk, bar: Readonly<Bar>, inst: PaperInstrument): void {
    const exits = desk.exits;
    for (let k = 0; k < exits.length; k++) {
      const x = exits.at(k);
      if (x.status !== 'active' || x.time > bar.time) continue;
      // Delivery shares an open sell has blocked are not the exit's to sell (as at the broker: a CNC sell order
      // blocks its holdings, and a trigger that would sell them is refused).
      const held = (this.position(x.symbol, x.product)?.quantity ?? 0) - (x.product === 'CNC' && x.side === 'SELL' ? openSells(desk.orders) : 0);
      const quantity = Math.min(x.quantity, x.side === 'SELL' ? Math.max(0, held) : Math.max(0, -held));
      if (quantity === 0) {
        x.status = 'cancelled';
        desk.stale = true;
        continue;
      }
      const t = exitTriggerOnBar(x, bar, quantity, this.slippage, this.tickOf(inst), this.o.bothTouched ?? 'stop-first');
      if (!t) continue;
      x.status = 'triggered';
      desk.stale = true;
      const order: PaperOrder = { intent: t.intent, brokerOrderId: orderId(seqId('P', ++this.state.seq)), status: 'OPEN', filledQuantity: 0, averagePrice: 0, reserved: 0, time: bar.time };
      if (this.retain) {
        this.state.orders.push(order);
        this.byClient.set(t.intent.clientOrderId, order);
      }
      this.emit({ kind: 'opened', intent: t.intent, brokerOrderId: order.brokerOrderId, exitId: x.id, time: bar.time });
      this.fill(order, quantity, t.price, bar.time, inst.exchange);
    }
    this.persist();
  }

  /** Drops finished orders and spent exits from a symbol's desk (not while a bar is being processed). */
  private compact(symbol: string, desk: SymbolDesk): void {
    if (this.passing > 0 || !desk.stale) return;
    desk.stale = false;
    const { orders, exits } = desk;
    if (orders.length === 0 && exits.length === 0) return;
    orders.compact(stillWorking, this.retain ? undefined : this.forget);
    exits.compact(stillActive);
    if (orders.length === 0 && exits.length === 0) this.activity?.setActive(symbol, false);
  }

  private fill(order: PaperOrder, quantity: number, price: number, time: number, exchange: PaperInstrument['exchange']): void {
    const { intent } = order;
    const charges = this.chargesOf(intent, quantity, price, time, exchange);
    const sign = sideSign(intent.side);
    this.state.cash += -sign * quantity * price - charges.total;
    order.averagePrice = (order.averagePrice * order.filledQuantity + price * quantity) / (order.filledQuantity + quantity);
    order.filledQuantity += quantity;
    order.status = order.filledQuantity === intent.quantity ? 'FILLED' : 'PARTIALLY_FILLED';
    order.reserved = 0;
    this.book(intent.symbol, intent.product, sign * quantity, price);
    // A backtest keeps no trade list: its fills need no trade id (one string fewer per fill).
    const tradeId = this.retain ? seqId('T', ++this.state.seq) : undefined;
    if (tradeId !== undefined) this.state.trades.push({ tradeId, brokerOrderId: order.brokerOrderId, clientOrderId: intent.clientOrderId, symbol: intent.symbol, side: intent.side, quantity, price, charges: charges.total, time });
    this.persist();
    this.emit({ kind: 'filled', fill: { clientOrderId: intent.clientOrderId, symbol: intent.symbol, side: intent.side, quantity, price, time, source: intent.source, charges: charges.total, breakdown: charges, tradeId } });
  }

  private book(symbol: string, product: Product, signed: number, price: number): void {
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

  private chargesOf(intent: OrderIntent, quantity: number, price: number, time = this.o.clock.now(), exchange: PaperInstrument['exchange'] = 'NSE'): ChargesBreakdown {
    return this.o.charges.charge({ side: intent.side, quantity, price, product: intent.product, exchange, time, symbol: intent.symbol });
  }

  private tickOf(inst: PaperInstrument): number | undefined {
    const t = this.o.tickSize ?? inst.tickSize;
    return t > 0 ? t : undefined;
  }

  private desk(symbol: string): SymbolDesk {
    let d = this.desks.get(symbol);
    if (!d) {
      d = { orders: new DeskList(), exits: new DeskList(), stale: false, last: NaN, lastTradeAt: -Infinity };
      this.desks.set(symbol, d);
    }
    return d;
  }

  private position(symbol: string, product: PaperPosition['product']): PaperPosition | undefined {
    const all = this.state.positions;
    for (let k = 0; k < all.length; k++) {
      const p = all[k]!;
      if (p.symbol === symbol && p.product === product) return p;
    }
    return undefined;
  }

  private working(id: ClientOrderId): PaperOrder | undefined {
    const x = this.byClient.get(id);
    return x && isWorking(x.status) ? x : undefined;
  }

  private reserved(): number {
    let r = 0;
    for (const d of this.desks.values()) for (let k = 0; k < d.orders.length; k++) r += d.orders.at(k).reserved;
    return r;
  }

  private available(): number {
    return this.state.cash - this.reserved();
  }

  private emit(u: OrderUpdate): void {
    const ls = this.listeners;
    for (let k = 0; k < ls.length; k++) ls[k]!(u);
  }

  private persist(): void {
    this.writer?.touch();
  }
}

/** What a backtest's kernel is told of a symbol's working orders and exits (`watchActivity`). */
export interface SymbolActivity {
  setActive(symbol: string, active: boolean): void;
}

const stillWorking = (x: PaperOrder): boolean => isWorking(x.status);
const stillActive = (x: SimulatedExit): boolean => x.status === 'active';

/** Delivery shares a symbol's working sells still promise. */
function openSells(orders: DeskList<PaperOrder>): number {
  let q = 0;
  for (let k = 0; k < orders.length; k++) {
    const o = orders.at(k);
    if (isWorking(o.status) && o.intent.side === 'SELL' && o.intent.product === 'CNC') q += o.intent.quantity - o.filledQuantity;
  }
  return q;
}
