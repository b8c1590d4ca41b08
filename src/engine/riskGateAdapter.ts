/**
 * The kernel's pre-trade gate backed by src/risk: for every intent the router wants to send, it
 * builds a `RiskSnapshot` of the whole book (every instance's ledger, working orders included),
 * calls `riskGate.check` and hands back the intent, resized, or a denial the router turns into a
 * `risk-denied` event. Runs only when an order is about to go out, never per bar.
 *
 * Where each figure comes from:
 *  - equity: Σ instance equities at the marks (or the `equity` option for an account-wide figure, e.g. Kite's
 *    equity margin in live mode; while `equityUnavailable` gives a reason, every intent is refused with it);
 *  - positions: per symbol, filled shares plus working orders of every instance, at the mark;
 *  - day P&L: equity now − equity at the start of the IST day. The day start is fixed at the first
 *    check of a new day, valuing each instance's holdings at the previous session's last close
 *    (or by `startDay`, which the host may call at the open);
 *  - recent orders: the intents this gate approved (per-day / per-minute counts, duplicates);
 *  - VaR: per symbol, z_α × σ of its last `varWindow` bar returns scaled to one day (closed bars
 *    only: no look-ahead); the book's VaR is Σ |value| × that — the undiversified sum, an upper
 *    bound on the diversified figure, so the gate's VaR limit errs on the safe side.
 * Limits can change while the bot runs (`setLimits`, from /settings); `check` reads the current object, so a
 * change costs nothing per order.
 */
import { istMidnight } from '../calendar/ist';
import type { OrderIntent } from '../core/order';
import { err, ok, type Result } from '../core/result';
import type { RiskDenial, RiskGate, RiskSnapshot as KernelView } from '../core/tradingState';
import { intervalMs, type Interval } from '../core/interval';
import type { SectorMap } from '../risk/concentration';
import { check } from '../risk/riskGate';
import { DEFAULT_RISK_LIMITS, parseRiskLimits, type RiskLimits } from '../risk/riskLimits';
import type { HeldPosition, MarketInfo, RecentOrder, RiskSnapshot } from '../risk/riskSnapshot';
import { normalQuantile } from '../risk/stats';
import { barCloseTime } from './barTime';
import type { InstanceRuntime } from './instanceRuntime';

/** What the adapter reads from the kernel (the Kernel class has both). */
export interface KernelBook {
  readonly interval: Interval;
  allInstances(): readonly InstanceRuntime[];
}

/** Exchange facts of a symbol the bars do not carry. */
export type ExchangeInfo = Pick<MarketInfo, 'lowerCircuit' | 'upperCircuit' | 'freezeQuantity' | 'lotSize'>;

export interface RiskGateAdapterOptions {
  readonly limits?: RiskLimits;
  readonly sectors?: SectorMap;
  /** Account equity; default Σ of the instances' equities. */
  readonly equity?: () => number;
  /** Why the account's equity is unknown now (e.g. Kite's margins not read yet); intents are refused with it. */
  readonly equityUnavailable?: () => string | undefined;
  readonly exchange?: (symbol: string) => ExchangeInfo | undefined;
  /** Bar returns used for a symbol's volatility (default 60). */
  readonly varWindow?: number;
  /** Fewer returns than this: no estimate, so entries in the symbol are denied (default 20). */
  readonly minVarReturns?: number;
  /** VaR confidence (default 0.95). */
  readonly varConfidence?: number;
}

/** The config's percent limits (src/config RiskLimits) as the gate's fractions. */
export interface PercentLimits {
  readonly maxPositionPct: number;
  readonly maxSectorPct: number;
  readonly maxOrderValue: number;
  readonly maxOrdersPerDay: number;
  readonly maxOrdersPerMinute: number;
  readonly dailyLossLimitPct: number;
  readonly varLimitPct: number;
}

export function riskLimitsFromPercent(p: PercentLimits): Result<RiskLimits, string> {
  return parseRiskLimits({
    maxPositionFraction: p.maxPositionPct / 100,
    maxSectorFraction: p.maxSectorPct / 100,
    maxOrderValue: p.maxOrderValue,
    maxOrdersPerDay: p.maxOrdersPerDay,
    maxOrdersPerMinute: p.maxOrdersPerMinute,
    dailyLossFraction: p.dailyLossLimitPct / 100,
    maxVarFraction: p.varLimitPct / 100,
  });
}

/** Orders older than this are dropped from the recent list once a day starts (covers every window). */
const KEEP_MS = 3_600_000;

export class RiskGateAdapter implements RiskGate {
  private current: RiskLimits;
  private kernel: KernelBook | undefined;
  private readonly recent: RecentOrder[] = [];
  private day = NaN;
  private dayStart = NaN;
  private readonly z: number;
  private readonly varCache = new Map<string, { readonly last: number; readonly perRupee: number | undefined }>();
  /** The last snapshot built (for reports and alerts). */
  lastSnapshot: RiskSnapshot | undefined;

  constructor(private readonly o: RiskGateAdapterOptions = {}) {
    this.current = o.limits ?? DEFAULT_RISK_LIMITS;
    this.z = normalQuantile(o.varConfidence ?? 0.95);
  }

  /** The limits in force now. */
  get limits(): RiskLimits {
    return this.current;
  }

  /** Applies new limits from the next check on (orders already approved by the gate keep counting). */
  setLimits(limits: RiskLimits): void {
    this.current = limits;
  }

  /** Connects the gate to the kernel it guards (the kernel takes the gate in its constructor). */
  attach(kernel: KernelBook): this {
    this.kernel = kernel;
    return this;
  }

  /** Fixes the start-of-day equity (e.g. at 09:15); otherwise the first check of the day does. */
  startDay(time: number, equity: number): void {
    this.day = istMidnight(time);
    this.dayStart = equity;
  }

  check(intent: OrderIntent, view: KernelView): Result<OrderIntent, RiskDenial> {
    const unavailable = this.o.equityUnavailable?.();
    if (unavailable !== undefined) return err({ rule: 'equity-unknown', message: unavailable });
    const snap = this.snapshot(view.time, view.tradingState, intent.symbol);
    if (!(snap.equity > 0) || !Number.isFinite(snap.dayPnl)) {
      return err({ rule: 'equity-unknown', message: `The book's equity cannot be valued (a symbol has no price yet), so ${intent.symbol} cannot be risk-checked; wait for market data and try again.` });
    }
    const r = check(intent, snap, this.current);
    if (!r.ok) return err({ rule: r.error.rule, message: r.error.message });
    this.recent.push({ symbol: r.value.symbol, side: r.value.side, quantity: r.value.quantity, time: view.time });
    return ok(r.value);
  }

  /** The book as the gate sees it at `time` (also used by reports). */
  snapshot(time: number, tradingState: KernelView['tradingState'], extraSymbol?: string): RiskSnapshot {
    const kernel = this.kernel;
    if (!kernel) throw new Error('RiskGateAdapter.check before attach(kernel)');
    const instances = kernel.allInstances();
    const positions = new Map<string, HeldPosition>();
    const market = new Map<string, MarketInfo>();
    let equity = 0;
    for (const rt of instances) {
      const l = rt.ledger;
      equity += l.equity();
      for (let j = 0; j < rt.books.length; j++) {
        const symbol = rt.books[j]!.symbol;
        const q = l.position[j]! + rt.working[j]!;
        if (!market.has(symbol)) market.set(symbol, this.marketOf(rt, j));
        if (q === 0) continue;
        const prev = positions.get(symbol);
        positions.set(symbol, { quantity: (prev?.quantity ?? 0) + q, lastPrice: l.mark(j) });
      }
    }
    if (this.o.equity) equity = this.o.equity();
    const day = istMidnight(time);
    if (day !== this.day) {
      this.day = day;
      this.dayStart = this.o.equity ? equity : equityAtDayStart(instances, day);
      const keepFrom = time - KEEP_MS;
      let k = 0;
      for (const r of this.recent) if (r.time >= keepFrom || r.time >= day) this.recent[k++] = r;
      this.recent.length = k;
    } else if (this.o.equity && !Number.isFinite(this.dayStart) && Number.isFinite(equity)) {
      // The account figure was unknown at the day's first check (e.g. before Kite's margins were read).
      this.dayStart = equity;
    }
    if (extraSymbol !== undefined && !market.has(extraSymbol)) market.set(extraSymbol, { lastPrice: NaN });
    const perRupee = new Map<string, number>();
    let varNow = 0;
    let varKnown = true;
    for (const rt of instances) {
      for (let j = 0; j < rt.books.length; j++) {
        const symbol = rt.books[j]!.symbol;
        if (perRupee.has(symbol)) continue;
        const v = this.perRupeeVar(kernel.interval, rt, j, time);
        if (v !== undefined) perRupee.set(symbol, v);
      }
    }
    for (const [symbol, p] of positions) {
      const v = perRupee.get(symbol);
      if (v === undefined) varKnown = false;
      else varNow += Math.abs(p.quantity * p.lastPrice) * v;
    }
    const snap: RiskSnapshot = {
      time,
      tradingState,
      equity,
      dayStartEquity: this.dayStart,
      dayPnl: equity - this.dayStart,
      positions,
      market,
      ...(this.o.sectors ? { sectors: this.o.sectors } : {}),
      recentOrders: this.recent,
      ...(varKnown ? { var: { current: varNow, perRupee } } : {}),
    };
    this.lastSnapshot = snap;
    return snap;
  }

  private marketOf(rt: InstanceRuntime, j: number): MarketInfo {
    const book = rt.books[j]!;
    const extra = this.o.exchange?.(book.symbol);
    const at = book.cursor >= 0 ? book.series.time[book.cursor]! : undefined;
    return { ...extra, lastPrice: rt.ledger.mark(j), ...(at !== undefined ? { time: at } : {}) };
  }

  /** z·σ_day of the symbol's closed-bar returns, or undefined with too little history. */
  private perRupeeVar(interval: Interval, rt: InstanceRuntime, j: number, time: number): number | undefined {
    const book = rt.books[j]!;
    const s = book.series;
    let last = book.cursor;
    while (last >= 0 && barCloseTime(s.time[last]!, interval) > time) last--;
    const cached = this.varCache.get(book.symbol);
    if (cached && cached.last === last) return cached.perRupee;
    const window = this.o.varWindow ?? 60;
    const first = Math.max(1, last - window + 1);
    const n = last - first + 1;
    let value: number | undefined;
    if (n >= Math.max(2, this.o.minVarReturns ?? 20)) {
      let sum = 0;
      let sumSq = 0;
      for (let k = first; k <= last; k++) {
        const r = s.close[k]! / s.close[k - 1]! - 1;
        sum += r;
        sumSq += r * r;
      }
      const variance = Math.max(0, (sumSq - (sum * sum) / n) / (n - 1));
      const barsPerDay = interval === 'day' ? 1 : intervalMs('day') / intervalMs(interval);
      value = this.z * Math.sqrt(variance * barsPerDay);
    }
    this.varCache.set(book.symbol, { last, perRupee: value });
    return value;
  }
}

/** Σ instance cash + holdings at the last close before `dayStart` (the mark when there is none). */
function equityAtDayStart(instances: readonly InstanceRuntime[], dayStart: number): number {
  let e = 0;
  for (const rt of instances) {
    const l = rt.ledger;
    e += l.cash;
    for (let j = 0; j < rt.books.length; j++) {
      const q = l.position[j]!;
      if (q === 0) continue;
      const s = rt.books[j]!.series;
      let k = rt.books[j]!.cursor;
      while (k >= 0 && s.time[k]! >= dayStart) k--;
      e += q * (k >= 0 ? s.close[k]! : l.mark(j));
    }
  }
  return e;
}
