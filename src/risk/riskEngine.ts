/**
 * The one risk engine: every order of every source passes `check` before it exists (and again when a person
 * approves it, changed or not), in every mode. It owns:
 *  - the trading state (ACTIVE / REDUCING / HALTED, the kill switch): HALTED refuses every order except the
 *    risk exits that shrink a position (square-off, stop legs), REDUCING lets only orders through that shrink
 *    the account's position without crossing zero (a CNC sell is judged after its cut to the shares held);
 *  - an order of the symbol whose placement's outcome is unknown (UNKNOWN): every new order for the symbol is refused
 *    until an admin resolves it (`/resolve <id> check|giveup`) or the broker's word arrives;
 *  - the broker's rules every mode shares: no CNC sell beyond what the account holds and has not already
 *    promised to working sells, no buy beyond the account's cash (less what its working buys need, at the
 *    sizing price plus `cashBufferBps`), no new MIS position at or after the session's square-off time;
 *  - with `limits` (paper and live always; a backtest with `--risk config`): every pre-trade limit of
 *    src/risk/riskGate.ts — order value, position and sector share, orders per day and per minute, the duplicate
 *    window, the daily loss, portfolio VaR, price bands — on a snapshot of the whole book (bookSnapshot.ts);
 *  - the recent orders those limits count (`sent` is told of every order that goes out) and the day's start, both
 *    told to `counters` so that a restart keeps them (`restore`).
 * The engine's own exits (source `risk`: stop-loss, take-profit, MIS square-off) that shrink a position pass every
 * state and limit (the holdings and cash rules still apply): an exit is never held back by the kill switch, the
 * order-value cap, an unknown equity or an order of the symbol in UNKNOWN (selling held shares is safe: an unknown
 * sell already holds its shares as working).
 * A resize (less cash, fewer shares held, a limit) passes the intent with the smaller quantity and the reason.
 */
import { floorToLot, formatInr } from '../core/money';
import { sideSign, type OrderIntent } from '../core/order';
import { err, ok, type Result } from '../core/result';
import { allowsOrder, type RiskDenial, type TradingState } from '../core/tradingState';
import type { AccountLedger } from '../oms/accountLedger';
import type { CheckRequest, PreTradeCheck } from '../oms/pipelinePorts';
import type { PositionBook } from '../oms/positionBook';
import { bookSnapshot, rollDayStart, type BookMarket } from './bookSnapshot';
import { check as checkLimits, haltedMessage } from './riskGate';
import type { RiskLimits } from './riskLimits';
import { RECENT_ORDERS_KEEP_MS, type DayStart, type RiskCounterSink } from './riskCounters';
import type { RecentOrder, RiskSnapshot } from './riskSnapshot';
import { withRiskNote } from '../core/riskNote';

export interface RiskEngineOptions {
  readonly book: PositionBook;
  /** Pre-trade limits; absent: only the broker's rules (cash, holdings, MIS cut-off) and the trading state. */
  readonly limits?: RiskLimits;
  /** Market facts for the limits and the reference price of an order (the mode's own market). */
  readonly market: BookMarket;
  /** The instant MIS positions are squared off on the session of `time` (epoch ms), or undefined on a holiday. */
  readonly squareOffTime: (time: number) => number | undefined;
  /** Cash the portfolio's own book may spend now (the broker's cash less what the instances hold); default 0. */
  readonly portfolioCash?: () => number;
  /** Cash kept aside per bought share for slippage and charges, basis points of the price. */
  readonly cashBufferBps?: number;
  readonly state?: TradingState;
  /**
   * An order of `symbol` whose placement's outcome is unknown (UNKNOWN: it may or may not be at the broker), if any:
   * no new order for the symbol is accepted until it is resolved.
   */
  readonly unresolvedOrder?: (symbol: string) => string | undefined;
  /** Told of every order counted and of each day's start, to keep them across a restart (riskCounters.ts). */
  readonly counters?: RiskCounterSink;
}

const KEEP_MS = RECENT_ORDERS_KEEP_MS;
const NO_RECENT: readonly RecentOrder[] = [];

export class RiskEngine implements PreTradeCheck {
  private tradingState: TradingState;
  private current: RiskLimits | undefined;
  private readonly recent: RecentOrder[] = [];
  private readonly day = { day: NaN, equity: NaN };
  private squareOffDay = NaN;
  private squareOffAt = NaN;
  private readonly bufferBps: number;
  /** The last snapshot the limits were checked on (reports, alerts). */
  lastSnapshot: RiskSnapshot | undefined;

  constructor(private readonly o: RiskEngineOptions) {
    this.tradingState = o.state ?? 'ACTIVE';
    this.current = o.limits;
    this.bufferBps = o.cashBufferBps ?? 0;
  }

  get state(): TradingState {
    return this.tradingState;
  }

  setState(state: TradingState): void {
    this.tradingState = state;
  }

  get limits(): RiskLimits | undefined {
    return this.current;
  }

  /** New limits from the next check on (/settings); orders already sent keep counting. */
  setLimits(limits: RiskLimits): void {
    this.current = limits;
  }

  /** Orders that went out recently (for counters that survive a restart). */
  recentOrders(): readonly RecentOrder[] {
    return this.recent;
  }

  /** The start-of-day equity the daily loss is measured from (NaN before the day's first check). */
  get dayStart(): { readonly day: number; readonly equity: number } {
    return this.day;
  }

  /**
   * The equity the IST day of `time` started from — the figure the daily-loss limit uses, fixed (and stored for a
   * restart) by whichever comes first that day: an order's check or a report (/risk). NaN while it cannot be known.
   */
  dayStartAt(time: number): number {
    const { day, equity } = this.day;
    rollDayStart(this.o.market, this.day, time, this.o.market.equity());
    this.dayFixed(day, equity);
    return this.day.equity;
  }

  /** Tells the counters a day start this engine fixed since it held (`day`, `equity`). */
  private dayFixed(day: number, equity: number): void {
    if ((this.day.day !== day || !Object.is(this.day.equity, equity)) && Number.isFinite(this.day.equity)) this.o.counters?.dayStarted({ day: this.day.day, equity: this.day.equity });
  }

  /**
   * Puts back what a restart would lose: the orders sent recently and the start-of-day equity (a day start older
   * than the one the engine already has is ignored; the next check of a new day starts that day afresh).
   */
  restore(orders: readonly RecentOrder[], dayStart?: DayStart): void {
    for (const r of orders) this.recent.push(r);
    this.recent.sort((a, b) => a.time - b.time);
    if (dayStart && !(dayStart.day < this.day.day)) {
      this.day.day = dayStart.day;
      this.day.equity = dayStart.equity;
    }
  }

  sent(intent: OrderIntent, time: number): void {
    if (this.current === undefined) return;
    const recent = this.recent;
    if (recent.length > 0 && recent[0]!.time < time - KEEP_MS) {
      let k = 0;
      for (const r of recent) if (r.time >= time - KEEP_MS) recent[k++] = r;
      recent.length = k;
    }
    const r: RecentOrder = { ...(intent.instanceId !== undefined ? { account: intent.instanceId } : {}), symbol: intent.symbol, side: intent.side, quantity: intent.quantity, time };
    recent.push(r);
    this.o.counters?.orderSent(r);
  }

  async prepare(symbols: Iterable<string>): Promise<void> {
    await this.o.market.prepare?.(symbols);
  }

  check(r: CheckRequest): Result<OrderIntent, RiskDenial> {
    const { intent, account, slot: j, time } = r;
    const sign = sideSign(intent.side);
    let quantity = intent.quantity;
    let note = '';
    // A CNC sell is cut to the shares the account holds and has not promised to working sells before the trading
    // state judges it, so the state sees the order that would go out: under /reduce an exit asked for more than is
    // held (a 2× tap on its card) sells what is held instead of being refused as crossing zero. Nothing free at
    // all is refused below, after the state's own refusals.
    const cncSell = intent.side === 'SELL' && intent.product === 'CNC';
    const free = cncSell ? Math.max(0, account.position[j]! - account.selling[j]!) : Infinity;
    if (free > 0 && free < quantity) {
      quantity = free;
      note = `resized from ${intent.quantity} to ${free}, the shares ${account.id} holds`;
    }
    const held = account.position[j]! + account.working[j]!;
    const reducing = allowsOrder('REDUCING', held, sign * quantity);
    const state = this.tradingState;
    // The engine's own exits (stop-loss, take-profit, square-off) close risk: no state or limit holds them back.
    const riskExit = reducing && intent.source.kind === 'risk';
    if (state === 'HALTED' && !riskExit) {
      return deny('trading-halted', haltedMessage(reducing));
    }
    if (state === 'REDUCING' && !reducing) {
      return deny('reducing-only', `Trading is in reducing-only mode and this order would not shrink the ${intent.symbol} position; only exits are accepted until trading is resumed.`);
    }
    const unresolved = riskExit ? undefined : this.o.unresolvedOrder?.(intent.symbol);
    if (unresolved !== undefined) {
      return deny(
        'unknown-order',
        `Order ${unresolved} for ${intent.symbol} may or may not be at the broker (its placement got no answer), so no new ${intent.symbol} order is accepted until an admin resolves it: /resolve ${unresolved} check, or /resolve ${unresolved} giveup.`,
      );
    }
    // Decided at or after the square-off: the order would reach the market after it (in a backtest the next bar
    // may be the next session's, so the decision instant counts, as it does live).
    if (intent.product === 'MIS' && !reducing && intent.time >= this.squareOffOf(intent.time)) {
      return deny('mis-cutoff', `New intraday (MIS) positions are not accepted at or after the session's square-off time; use CNC or trade the next session.`);
    }
    const unavailable = riskExit ? undefined : this.o.market.equityUnavailable?.();
    if (unavailable !== undefined) return deny('equity-unknown', unavailable);
    if (cncSell && free === 0) return deny('holdings', `${account.id} holds no ${intent.symbol} for delivery that is not already being sold, so it cannot sell ${quantity}; sell only what is held (or use MIS).`);
    const price = intent.price ?? this.o.market.price(intent.symbol);
    if (intent.side === 'BUY') {
      if (!(price !== undefined && price > 0)) return deny('no-market-data', `There is no price for ${intent.symbol}, so the order cannot be checked; wait for market data and try again.`);
      const cover = Math.max(0, -(account.position[j]! + account.buying[j]!));
      const cash = this.cashOf(account) - this.committed(account);
      const affordable = cover + Math.max(0, Math.floor(cash / (price * (1 + this.bufferBps / 10_000))));
      if (affordable < quantity) {
        if (affordable <= 0) return deny('cash', `${account.id} has ${rupees(Math.max(0, cash))} free, not enough to buy even one ${intent.symbol} at about ${rupees(price)}; lower the quantity or free cash.`);
        note = `resized from ${quantity} to ${affordable}, what ${account.id}'s cash pays for`;
        quantity = affordable;
      }
    }
    const lot = this.o.market.info?.(intent.symbol)?.lotSize ?? 1;
    if (lot > 1 && quantity !== intent.quantity) quantity = floorToLot(quantity, lot);
    let out = quantity === intent.quantity ? intent : { ...intent, quantity, reason: withRiskNote(intent.reason, note) };
    if (quantity <= 0) return deny('holdings', `Nothing of ${intent.symbol} can be traded within ${account.id}'s cash and holdings.`);
    const limits = this.current;
    if (limits !== undefined && !riskExit) {
      const { day, equity: dayEquity } = this.day;
      // A modification is the same order: the orders per day and minute and the duplicate window counted it when it went out.
      const snap = bookSnapshot(this.o.book, this.o.market, { time, tradingState: state === 'HALTED' ? 'REDUCING' : state, extraSymbol: intent.symbol, recent: r.stage === 'modify' ? NO_RECENT : this.recent, dayStart: this.day });
      this.lastSnapshot = snap;
      // A new day (or its equity, unknown at its first check) was fixed by this snapshot: kept across a restart.
      this.dayFixed(day, dayEquity);
      if (!(snap.equity > 0) || !Number.isFinite(snap.dayPnl)) {
        return deny('equity-unknown', this.o.market.equityUnavailable?.() ?? `The book's equity cannot be valued (a symbol has no price yet), so ${intent.symbol} cannot be risk-checked; wait for market data and try again.`);
      }
      const c = checkLimits(out, snap, limits);
      if (!c.ok) {
        const why = c.error.rule === 'var-limit' && snap.var?.perRupee.get(intent.symbol) === undefined ? this.o.market.varProblem?.(intent.symbol) : undefined;
        return deny(c.error.rule, why === undefined ? c.error.message : `${c.error.message} Its history could not be used: ${why.replace(/\.$/, '')}.`);
      }
      out = c.value;
    }
    return ok(out);
  }

  /** Rupees the account's working buys need, at the market's price (the book's mark when the market has none). */
  private committed(account: AccountLedger): number {
    let c = 0;
    for (let j = 0; j < account.size; j++) {
      const w = account.buying[j]!;
      if (w <= 0) continue;
      const p = this.o.market.price(account.symbols[j]!) ?? account.mark(j);
      // A working buy with no price at all holds everything back rather than nothing.
      c += p > 0 ? w * p : Infinity;
    }
    return c;
  }

  /** The cash an account may spend on buys. */
  private cashOf(account: AccountLedger): number {
    return account === this.o.book.portfolio ? (this.o.portfolioCash?.() ?? 0) : account.cash;
  }

  private squareOffOf(time: number): number {
    const day = Math.floor((time + 19_800_000) / 86_400_000);
    if (day !== this.squareOffDay) {
      this.squareOffDay = day;
      this.squareOffAt = this.o.squareOffTime(time) ?? Infinity;
    }
    return this.squareOffAt;
  }
}

function deny(rule: string, message: string): Result<never, RiskDenial> {
  return err({ rule, message });
}

function rupees(x: number): string {
  return formatInr(x);
}
