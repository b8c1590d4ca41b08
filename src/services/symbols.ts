/**
 * The one check of a trading symbol, for every front end (issue 16): chat commands parse arguments with
 * `symbolSchema`, the REST API's bodies use `symbolListSchema`, and the services that take symbols (instances,
 * backtests, charts, optimisation) run `checkSymbols` themselves, so a caller that skips its parser (a job, a future
 * front end) is refused the same way. A symbol is an NSE trading symbol as Kite names it — letters, digits, `&`, `_`
 * and `-`, at most 30 characters, upper-cased, an `NSE:` prefix dropped — so `../../x` is refused everywhere.
 */
import { z } from 'zod';
import { err, ok, type Result } from '../core/result';
import { orList, suggestSymbols } from '../data/kite/symbolSuggestions';
import type { Refusal } from './user';

/** Letters, digits, & _ - (RELIANCE, M&M, BAJAJ-AUTO), starting with a letter or digit, 1–30 characters. */
export const NSE_SYMBOL = /^[A-Z0-9][A-Z0-9&_-]{0,29}$/;
/** Most symbols one request may name. */
export const MAX_SYMBOLS = 50;
const MESSAGE = 'expected an NSE symbol such as RELIANCE';

/** ` nse:reliance ` → `RELIANCE` (not yet checked). */
export const normaliseSymbol = (s: string): string => s.trim().toUpperCase().replace(/^NSE:/, '');

export const symbolSchema = z
  .string({ error: 'expected one value, not a list' })
  .transform(normaliseSymbol)
  .pipe(z.string().regex(NSE_SYMBOL, MESSAGE));

export const symbolListSchema = z
  .array(symbolSchema, { error: 'expected a list of symbols such as ["RELIANCE","TCS"]' })
  .min(1, 'expected at least one symbol')
  .max(MAX_SYMBOLS, `expected at most ${MAX_SYMBOLS} symbols`);

/** The symbols normalised, or one sentence naming the first that is not a symbol. */
export function checkSymbols(symbols: readonly string[]): Result<string[], Refusal> {
  if (symbols.length === 0) return err('Name at least one symbol, e.g. RELIANCE.');
  if (symbols.length > MAX_SYMBOLS) return err(`Name at most ${MAX_SYMBOLS} symbols at once.`);
  const out: string[] = [];
  for (const raw of symbols) {
    const s = normaliseSymbol(raw);
    if (!NSE_SYMBOL.test(s)) return err(`"${raw.slice(0, 40)}" is not an NSE symbol; use letters, digits, & _ or - as Kite names it, e.g. RELIANCE or BAJAJ-AUTO.`);
    out.push(s);
  }
  return ok(out);
}

/**
 * The symbols a mode's market has: the instrument master (Kite), or the synthetic market's universe (paper without
 * Kite). A front end that takes symbols (orders, instances, backtests, charts, optimisation) checks them here, so a
 * made-up symbol is refused with "did you mean" instead of starting an instance or a backtest on made-up bars.
 */
export interface SymbolUniverse {
  /** The symbols normalised and known, or one sentence naming the first unknown one (with suggestions). */
  check(symbols: readonly string[]): Promise<Result<string[], Refusal>>;
}

const unknownSymbol = (symbol: string, where: string, suggestions: readonly string[]): string =>
  `${symbol} is not ${where}${suggestions.length > 0 ? `; did you mean ${orList(suggestions)}?` : '; check the spelling (Kite names it, e.g. RELIANCE or BAJAJ-AUTO).'}`;

/** A fixed list of symbols (the synthetic market's), described for people as `where` ("a symbol of …"). */
export function listedUniverse(known: () => Iterable<string>, where: string): SymbolUniverse {
  return {
    async check(symbols) {
      const checked = checkSymbols(symbols);
      if (!checked.ok) return checked;
      const set = new Set(known());
      for (const s of checked.value) if (!set.has(s)) return err(unknownSymbol(s, where, suggestSymbols(s, set)));
      return checked;
    },
  };
}

/** What the Kite instrument master answers for one NSE symbol. */
export interface InstrumentLookup {
  has(symbol: string): boolean;
  suggest(symbol: string): string[];
}

/**
 * Kite's instrument master (NSE). When the list cannot be loaded (no session yet) symbols are checked for their form
 * only: Kite itself refuses an unknown one when it is traded.
 */
export function masterUniverse(master: () => Promise<Result<InstrumentLookup, string>>): SymbolUniverse {
  return {
    async check(symbols) {
      const checked = checkSymbols(symbols);
      if (!checked.ok) return checked;
      const m = await master();
      if (!m.ok) return checked;
      for (const s of checked.value) if (!m.value.has(s)) return err(unknownSymbol(s, 'an NSE symbol in the Kite instruments list', m.value.suggest(s)));
      return checked;
    },
  };
}
