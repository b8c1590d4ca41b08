/**
 * MODE=live: the account equity the risk gate uses, from Kite's equity margins (KiteBroker.equity, `net`), kept
 * in memory so the gate never waits on Kite: read at start, every `refreshMs` (default 60 s), after each fill and
 * after each login. A failed read keeps the last good figure and logs one warning per run of failures; before the
 * first good read the figure is unknown and the gate refuses orders with `unavailableReason()`.
 * Kite's `net` is cash after the margin in use: what bought shares cost is gone from it, so the gate's equity is
 * `withHeldShares(net, book)`: the net plus the book's shares at their marks (buying is not a loss).
 * The day's start (the daily-loss limit's base, issue 16) is Kite's `opening_balance` of the same read plus the
 * book's delivery shares held when the day began, at the close before it (`dayStartEquity`): the same figure
 * whenever the bot first checks that day, and the day's loss is the change of the marked-to-market equity — a
 * purchase moves cash into shares and is no loss.
 */
import { istMidnight } from '../../calendar/ist';
import type { BrokerError } from '../../core/broker';
import type { Clock } from '../../core/clock';
import type { Result } from '../../core/result';
import type { PositionBook } from '../../oms/positionBook';

/**
 * `net` plus what the strategies hold (no allocation: it runs on the gate's check). Delivery (CNC) shares were paid
 * for in full, so they count at their marks. An intraday (MIS) position only blocks a margin, which Kite's `net`
 * already leaves out; only its unrealised P&L counts — the blocked margin is not added back, so the figure errs low
 * (stricter limits), never high.
 */
export function withHeldShares(net: number, book: PositionBook): number {
  let equity = net;
  for (const l of book.accounts()) {
    for (let j = 0; j < l.size; j++) {
      const q = l.position[j]!;
      if (q !== 0) equity += l.products[j] === 'MIS' ? q * (l.mark(j) - l.averagePrice[j]!) : q * l.mark(j);
    }
  }
  return equity;
}

/**
 * The equity the IST day began with: Kite's `opening_balance` (the day's opening cash) plus the book's delivery
 * shares held at the day's start — what is held now less what was bought (+) or sold (−) today (`today`, shares by
 * symbol) — each at its last close before the day (`closeBefore`, else its mark). MIS positions start every day flat.
 */
export function dayStartEquity(openingBalance: number, book: PositionBook, today: ReadonlyMap<string, number>, closeBefore: (symbol: string) => number | undefined): number {
  let equity = openingBalance;
  const priced = new Map<string, number>();
  for (const l of book.accounts()) {
    for (let j = 0; j < l.size; j++) {
      if (l.products[j] === 'MIS') continue;
      const symbol = l.symbols[j]!;
      const price = closeBefore(symbol) ?? l.mark(j);
      priced.set(symbol, price);
      equity += l.position[j]! * price;
    }
  }
  for (const [symbol, shares] of today) equity -= shares * (priced.get(symbol) ?? 0);
  return equity;
}

/** Kite's equity-segment figures the gate reads (rupees). */
export interface EquityFigures {
  /** Cash after the margin in use (`net`). */
  readonly net: number;
  /** The day's opening cash (`available.opening_balance`). */
  readonly openingBalance: number;
}

export interface LiveEquityOptions {
  readonly read: () => Promise<Result<EquityFigures, BrokerError>>;
  readonly clock: Clock;
  /** Time between reads (default 60 s). */
  readonly refreshMs?: number;
  /** Older than this, the last good figure is not used (default 5 × refreshMs). */
  readonly maxAgeMs?: number;
  readonly warn: (message: string, reason: string) => void;
}

export class LiveEquity {
  private last: { readonly value: number; readonly opening: number; readonly at: number } | undefined;
  /** Delivery shares bought (+) or sold (−) today by symbol, and the IST day they belong to. */
  private readonly today = new Map<string, number>();
  private todayDay = Number.NaN;
  /**
   * Cash paid (−) or received (+) for delivery fills since the last read started: the ledger counts a bought share
   * at once, Kite's `net` only at the next read, so until then the figure carries the payment itself.
   */
  private pendingCash = 0;
  private failing = false;
  private running: Promise<void> | undefined;
  /** A refresh was asked while a read was under way (e.g. after a fill): read once more after it. */
  private again = false;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly o: LiveEquityOptions) {}

  /** The last good figure with the fills since, rupees (undefined before the first good read). */
  value(): number | undefined {
    return this.last === undefined ? undefined : this.last.value + this.pendingCash;
  }

  /**
   * A fill: `cash` rupees paid (−) or received (+) for delivery, counted until the next read, which is started now;
   * a delivery fill's `shares` (signed) count as today's for the day's start.
   */
  handleFill(cash: number, delivery?: { readonly symbol: string; readonly shares: number; readonly time: number }): void {
    this.pendingCash += cash;
    if (delivery) this.countDeliveryFill(delivery.symbol, delivery.shares, delivery.time);
    void this.refresh();
  }

  /**
   * A delivery fill of `shares` (signed) at `time`, for the day's start only (start-up: the journal's fills, so a
   * restart knows what was bought today). Fills of an earlier day are forgotten when a later day's comes.
   */
  countDeliveryFill(symbol: string, shares: number, time: number): void {
    const day = istMidnight(time);
    if (day !== this.todayDay) {
      this.today.clear();
      this.todayDay = day;
    }
    this.today.set(symbol, (this.today.get(symbol) ?? 0) + shares);
  }

  /** Kite's opening balance of the day (rupees; undefined before the first good read). */
  openingBalance(): number | undefined {
    return this.last?.opening;
  }

  /** The equity the IST day of `time` began with (`dayStartEquity`); NaN before the first good read. */
  dayStart(book: PositionBook, time: number, closeBefore: (symbol: string, dayStart: number) => number | undefined): number {
    const opening = this.last?.opening;
    if (opening === undefined) return Number.NaN;
    const day = istMidnight(time);
    if (day !== this.todayDay) this.today.clear();
    return dayStartEquity(opening, book, this.today, (s) => closeBefore(s, day));
  }

  /** When the last good figure was read (epoch ms). */
  readAt(): number | undefined {
    return this.last?.at;
  }

  /** Why the gate cannot value the account now: no figure yet, or the last good one is too old (reads failing). */
  unavailableReason(): string | undefined {
    if (!this.last) return "Kite's equity margin has not been read yet, so the risk gate cannot check live orders; log in with /login and try again once the bot reports Kite ready.";
    const age = this.o.clock.now() - this.last.at;
    const maxAge = this.o.maxAgeMs ?? 5 * (this.o.refreshMs ?? 60_000);
    if (age > maxAge) return `Kite's equity margin was last read ${Math.round(age / 60_000)} min ago (reads are failing), so the risk gate cannot check live orders; check the Kite session and the log.`;
    return undefined;
  }

  /** Reads Kite's figure now; asked during a read, one more read follows it (the figure may have changed since it started). */
  refresh(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    const run = async (): Promise<void> => {
      do {
        this.again = false;
        await this.readOnce();
      } while (this.again);
    };
    this.running = run().finally(() => (this.running = undefined));
    return this.running;
  }

  /** Waits for the read under way, if any. */
  async settled(): Promise<void> {
    await this.running;
  }

  /** Reads now and then every `refreshMs` until `stop()`. */
  start(): void {
    if (this.timer) return;
    void this.refresh();
    this.timer = setInterval(() => void this.refresh(), this.o.refreshMs ?? 60_000);
    this.timer.unref();
  }

  /** Stops the periodic reads and waits for one under way. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.again = false;
    await this.running;
  }

  private async readOnce(): Promise<void> {
    // Fills from now on may or may not be in this read's figure: count only the earlier ones as settled by it.
    const settled = this.pendingCash;
    const r = await this.o.read();
    if (r.ok && Number.isFinite(r.value.net) && Number.isFinite(r.value.openingBalance)) {
      this.last = { value: r.value.net, opening: r.value.openingBalance, at: this.o.clock.now() };
      this.pendingCash -= settled;
      this.failing = false;
      return;
    }
    if (this.failing) return;
    this.failing = true;
    const reason = r.ok ? `Kite sent a figure that is not a number (net ${r.value.net}, opening balance ${r.value.openingBalance})` : r.error.message;
    this.o.warn(this.last ? "Kite's equity margin could not be read; the risk gate keeps the last figure" : "Kite's equity margin could not be read; live orders stay refused until it is", reason);
  }
}
