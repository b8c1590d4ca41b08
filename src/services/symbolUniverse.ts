/**
 * The symbols the bot's market has, for every service that takes symbols: in live Kite's instrument master, NSE
 * segment; in paper with a Kite session logged in, the same; in paper without one the synthetic market's universe — the NIFTY 100 names
 * of the shipped sector map, the symbols the demo feed always carries, and those of a configured tick source.
 */
import { suggestSymbols } from '../data/kite/symbolSuggestions';
import { nseSectorMap } from '../portfolio/sectors/sectorMap';
import { ok } from '../core/result';
import { listedUniverse, masterUniverse, type InstrumentLookup, type SymbolUniverse } from './symbols';
import type { InstrumentMaster } from '../data/kite/instrumentMaster';
import type { Result } from '../core/result';

/** What people are told a symbol is not, on the synthetic market. */
export const SYNTHETIC_UNIVERSE = 'a symbol of the synthetic market (the NIFTY 100 names)';

/** The instrument master of a Kite session (the live wiring's `instruments()`). */
export interface InstrumentsSource {
  instruments(): Promise<Result<InstrumentMaster, string>>;
}

/**
 * `kite`: the instrument master of the mode's Kite session. `optional`: paper mode, whose market is Kite's only while a
 * session is logged in — while the master cannot be read (no session yet, or it ended) the synthetic universe
 * answers. Without `optional` (live), a master that cannot be read leaves the check to the symbol's form.
 */
export function symbolUniverse(kite: InstrumentsSource | undefined, extra: Iterable<string> = [], always: readonly string[] = [], optional = false): SymbolUniverse {
  const known = new Set<string>([...nseSectorMap().keys(), ...always, ...extra]);
  const synthetic = listedUniverse(() => known, SYNTHETIC_UNIVERSE);
  if (!kite) return synthetic;
  const lookup = async (): Promise<Result<InstrumentLookup, string>> => {
    const m = await kite.instruments();
    if (!m.ok) return m;
    const master = m.value;
    return ok({ has: (s: string) => master.lookup(`NSE:${s}`).ok, suggest: (s: string) => suggestSymbols(s, master.symbols('NSE')) });
  };
  if (!optional) return masterUniverse(lookup);
  return {
    async check(symbols) {
      // The list is read once per check: it decides which universe answers and is the one that does.
      const m = await lookup();
      return m.ok ? masterUniverse(async () => m).check(symbols) : synthetic.check(symbols);
    },
  };
}
