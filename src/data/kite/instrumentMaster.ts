/**
 * The instruments master: Kite's instruments dump (`getInstruments`), validated, stored in MongoDB through an
 * InstrumentRepository and held in memory for lookups by `NSE:RELIANCE` or by token.
 *
 * Freshness: Kite regenerates the dump once a day before the market opens (around 08:00 IST), so a copy fetched
 * at time t is stale from the first 08:00 IST after t. `ensureFresh()` loads the stored copy if it is still
 * fresh, and downloads a new one otherwise.
 */
import { istMidnight, DAY_MS } from '../../calendar/ist';
import type { Clock } from '../../core/clock';
import type { InstrumentToken } from '../../core/ids';
import { symbolKey, type Exchange, type Instrument } from '../../core/instrument';
import { err, ok, type Result } from '../../core/result';
import type { InstrumentRepository } from '../feeds';
import { parseInstrumentRows, type RowProblem } from './instrumentRows';
import { withKiteRetry, type RetryPolicy } from './kiteRetry';
import { orList, suggestSymbols } from './symbolSuggestions';

/** Minutes after IST midnight from which yesterday's dump is stale. */
export const INSTRUMENTS_REFRESH_MINUTE = 8 * 60;

/** The first 08:00 IST strictly after `fetchedAt`. */
export function instrumentsStaleAt(fetchedAt: number): number {
  const today = istMidnight(fetchedAt) + INSTRUMENTS_REFRESH_MINUTE * 60_000;
  return fetchedAt < today ? today : today + DAY_MS;
}

/** The part of KiteConnect used here (a real KiteConnect satisfies it). */
export interface KiteInstrumentsClient {
  getInstruments(exchange?: Exchange): Promise<unknown>;
}

export interface InstrumentMasterOptions {
  readonly client: KiteInstrumentsClient;
  readonly repository: InstrumentRepository;
  readonly clock: Clock;
  /** Download only these exchanges (default: the whole dump). */
  readonly exchanges?: readonly Exchange[];
  readonly retry?: RetryPolicy;
}

export interface RefreshReport {
  readonly source: 'memory' | 'store' | 'kite';
  readonly count: number;
  readonly fetchedAt: number;
  readonly skipped: number;
  readonly problems: readonly RowProblem[];
}

export class InstrumentMaster {
  private bySymbol = new Map<string, Instrument>();
  private byTokenMap = new Map<number, Instrument>();
  private symbolsByExchange = new Map<string, string[]>();
  private fetchedAt: number | null = null;

  constructor(private readonly options: InstrumentMasterOptions) {}

  get size(): number {
    return this.byTokenMap.size;
  }

  /** Makes sure a fresh list is loaded: memory, then the store, then Kite. */
  async ensureFresh(): Promise<Result<RefreshReport, string>> {
    const now = this.options.clock.now();
    if (this.fetchedAt !== null && now < instrumentsStaleAt(this.fetchedAt)) {
      return ok({ source: 'memory', count: this.size, fetchedAt: this.fetchedAt, skipped: 0, problems: [] });
    }
    const stored = await this.options.repository.load();
    if (stored && now < instrumentsStaleAt(stored.fetchedAt) && stored.instruments.length > 0) {
      this.install(stored.instruments, stored.fetchedAt);
      return ok({ source: 'store', count: this.size, fetchedAt: stored.fetchedAt, skipped: 0, problems: [] });
    }
    return this.refresh();
  }

  /** Downloads the dump from Kite, stores it and replaces the in-memory list. */
  async refresh(): Promise<Result<RefreshReport, string>> {
    const { client, exchanges } = this.options;
    const fetchedAt = this.options.clock.now();
    const all: Instrument[] = [];
    let skipped = 0;
    const problems: RowProblem[] = [];
    for (const exchange of exchanges ?? [undefined]) {
      const reply = await withKiteRetry(() => client.getInstruments(exchange), this.options.retry);
      if (!reply.ok) return err(`Downloading the instruments list from Kite failed (${reply.error.message}); try again later.`);
      const parsed = parseInstrumentRows(reply.value);
      if (parsed === null) return err('Kite sent the instruments list in an unexpected form; try again later or report it.');
      all.push(...parsed.instruments);
      skipped += parsed.skipped;
      problems.push(...parsed.problems.slice(0, Math.max(0, 5 - problems.length)));
    }
    if (all.length === 0) return err('Kite sent an empty instruments list; try again later.');
    await this.options.repository.replaceAll(all, fetchedAt);
    this.install(all, fetchedAt);
    return ok({ source: 'kite', count: this.size, fetchedAt, skipped, problems });
  }

  /** `NSE:RELIANCE` (exchange optional, NSE assumed; case-insensitive) or a numeric instrument token. */
  lookup(text: string): Result<Instrument, string> {
    const input = text.trim().toUpperCase();
    if (this.fetchedAt === null) return err('The instruments list is not loaded yet; refresh it from Kite first.');
    if (/^\d+$/.test(input)) return this.byToken(Number(input) as InstrumentToken);
    const [exchange, symbol] = input.includes(':') ? (input.split(':', 2) as [string, string]) : ['NSE', input];
    const key = `${exchange}:${symbol}`;
    const hit = this.bySymbol.get(key);
    if (hit) return ok(hit);
    const suggestions = suggestSymbols(symbol, this.symbolsByExchange.get(exchange) ?? []).map((s) => `${exchange}:${s}`);
    return err(
      suggestions.length > 0
        ? `unknown instrument ${key} — did you mean ${orList(suggestions)}?`
        : `unknown instrument ${key} — check the exchange and symbol, e.g. NSE:INFY.`,
    );
  }

  /** The trading symbols of an exchange (empty before the list is loaded). */
  symbols(exchange: Exchange): readonly string[] {
    return this.symbolsByExchange.get(exchange) ?? [];
  }

  byToken(token: InstrumentToken): Result<Instrument, string> {
    const hit = this.byTokenMap.get(token);
    return hit ? ok(hit) : err(`unknown instrument token ${token} — check the token or refresh the instruments list.`);
  }

  private install(list: readonly Instrument[], fetchedAt: number): void {
    const bySymbol = new Map<string, Instrument>();
    const byToken = new Map<number, Instrument>();
    const symbols = new Map<string, string[]>();
    for (const i of list) {
      bySymbol.set(symbolKey(i), i);
      byToken.set(i.token, i);
      let l = symbols.get(i.exchange);
      if (!l) symbols.set(i.exchange, (l = []));
      l.push(i.tradingsymbol);
    }
    this.bySymbol = bySymbol;
    this.byTokenMap = byToken;
    this.symbolsByExchange = symbols;
    this.fetchedAt = fetchedAt;
  }
}
