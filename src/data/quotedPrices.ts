/**
 * MODE=live: prices from a Kite quote (LTP) for symbols the ticker has not priced (the moment after a start, a
 * symbol no instance streams). The risk engine's `prepare` asks for the symbols of the orders about to be checked;
 * a quote is used for `ttlMs` (default 60 s) and never over a ticker price. A failed quote leaves the symbol
 * unpriced, and the risk engine refuses its orders with that reason.
 */
import type { BrokerError } from '../core/broker';
import type { Clock } from '../core/clock';
import type { Result } from '../core/result';

export interface QuotedPricesOptions {
  readonly quote: (symbols: readonly string[]) => Promise<Result<ReadonlyMap<string, number>, BrokerError>>;
  readonly clock: Clock;
  readonly ttlMs?: number;
  readonly warn: (message: string, reason: string) => void;
}

export class QuotedPrices {
  private readonly quotes = new Map<string, { readonly price: number; readonly at: number }>();

  constructor(private readonly o: QuotedPricesOptions) {}

  /** The symbol's quoted price while it is fresh. */
  price(symbol: string): number | undefined {
    const q = this.quotes.get(symbol);
    return q !== undefined && this.o.clock.now() - q.at <= (this.o.ttlMs ?? 60_000) ? q.price : undefined;
  }

  /** Quotes the symbols that neither `priced` nor a fresh quote prices yet (one request). */
  async prepare(symbols: Iterable<string>, priced: (symbol: string) => boolean): Promise<void> {
    const wanted = [...new Set(symbols)].filter((s) => !priced(s) && this.price(s) === undefined);
    if (wanted.length === 0) return;
    const r = await this.o.quote(wanted);
    if (!r.ok) {
      this.o.warn(`Kite's quote for ${wanted.join(', ')} failed`, r.error.message);
      return;
    }
    const at = this.o.clock.now();
    for (const [s, p] of r.value) if (p > 0) this.quotes.set(s, { price: p, at });
  }
}
