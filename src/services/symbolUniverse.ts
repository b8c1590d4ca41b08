/**
 * The symbols the bot's market has, for every service that takes symbols: in live (and whenever Kite is configured)
 * Kite's instrument master, NSE segment; in paper without Kite the synthetic market's universe — the NIFTY 100 names
 * of the shipped sector map, the symbols the demo feed always carries, and those of a configured tick source.
 */
import { suggestSymbols } from '../data/kite/symbolSuggestions';
import { nseSectorMap } from '../portfolio/sectors/sectorMap';
import { ok } from '../core/result';
import { listedUniverse, masterUniverse, type SymbolUniverse } from './symbols';
import type { InstrumentMaster } from '../data/kite/instrumentMaster';
import type { Result } from '../core/result';

/** What people are told a symbol is not, on the synthetic market. */
export const SYNTHETIC_UNIVERSE = 'a symbol of the synthetic market (the NIFTY 100 names)';

/** The instrument master of a Kite session (the live wiring's `instruments()`). */
export interface InstrumentsSource {
  instruments(): Promise<Result<InstrumentMaster, string>>;
}

export function symbolUniverse(kite: InstrumentsSource | undefined, extra: Iterable<string> = [], always: readonly string[] = []): SymbolUniverse {
  if (kite) {
    return masterUniverse(async () => {
      const m = await kite.instruments();
      if (!m.ok) return m;
      const master = m.value;
      return ok({ has: (s: string) => master.lookup(`NSE:${s}`).ok, suggest: (s: string) => suggestSymbols(s, master.symbols('NSE')) });
    });
  }
  const known = new Set<string>([...nseSectorMap().keys(), ...always, ...extra]);
  return listedUniverse(() => known, SYNTHETIC_UNIVERSE);
}
