/**
 * MODE=live: the account equity the risk gate uses, from Kite's equity margins (KiteBroker.equity, `net`), kept
 * in memory so the gate never waits on Kite: read at start, every `refreshMs` (default 60 s), after each fill and
 * after each login. A failed read keeps the last good figure and logs one warning per run of failures; before the
 * first good read the figure is unknown and the gate refuses orders with `unavailableReason()`.
 * Kite's `net` is cash after the margin in use: what bought shares cost is gone from it, so the gate's equity is
 * `withHeldShares(net, book)`: the net plus the book's shares at their marks (buying is not a loss).
 */
import type { BrokerError } from '../core/broker';
import type { Clock } from '../core/clock';
import type { Result } from '../core/result';
import type { PositionBook } from '../oms/positionBook';

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

export interface LiveEquityOptions {
  readonly read: () => Promise<Result<number, BrokerError>>;
  readonly clock: Clock;
  /** Time between reads (default 60 s). */
  readonly refreshMs?: number;
  /** Older than this, the last good figure is not used (default 5 × refreshMs). */
  readonly maxAgeMs?: number;
  readonly warn: (message: string, reason: string) => void;
}

export class LiveEquity {
  private last: { readonly value: number; readonly at: number } | undefined;
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

  /** A delivery fill: `cash` rupees paid (−) or received (+); counted until the next read, which is started now. */
  onFill(cash: number): void {
    this.pendingCash += cash;
    void this.refresh();
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
    if (r.ok && Number.isFinite(r.value)) {
      this.last = { value: r.value, at: this.o.clock.now() };
      this.pendingCash -= settled;
      this.failing = false;
      return;
    }
    if (this.failing) return;
    this.failing = true;
    const reason = r.ok ? `Kite sent a figure that is not a number (${r.value})` : r.error.message;
    this.o.warn(this.last ? "Kite's equity margin could not be read; the risk gate keeps the last figure" : "Kite's equity margin could not be read; live orders stay refused until it is", reason);
  }
}
