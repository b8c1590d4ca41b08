/**
 * What a backtest trades and is charged, as the simulated broker and the order validation look them up: every symbol
 * an NSE instrument of lot 1 on the request's tick grid (0: no grid; validation then checks prices against a
 * paisa), and no charges under the `none` cost model.
 * The lookups are made once per tick size and kept for the life of the process, so every run with that tick calls
 * the same function (a new closure per run is a new call target for hot code each run: backtestStack.ts). A process sees few tick sizes (0.05, 0.01, 0), so the table stays small.
 */
import { ZERO_CHARGES } from '../core/costs/types';
import type { FillCharges, PaperInstrument } from '../brokers/paper/simulatedBroker';
import type { RulesLookup } from '../oms/orderValidation';

/** The `none` cost model's charges: nothing, for every fill. */
export const NO_CHARGES: FillCharges = { charge: () => ZERO_CHARGES };

const instruments = new Map<number, (symbol: string) => PaperInstrument>();
const rules = new Map<number, RulesLookup>();

/** The broker's instrument lookup of a backtest on tick grid `tick`. */
export function instrumentsOnGrid(tick: number): (symbol: string) => PaperInstrument {
  let lookup = instruments.get(tick);
  if (lookup === undefined) {
    const instrument: PaperInstrument = { exchange: 'NSE', tickSize: tick, lotSize: 1 };
    lookup = () => instrument;
    instruments.set(tick, lookup);
  }
  return lookup;
}

/** The order validation's rules lookup of a backtest on tick grid `tick`. */
export function rulesOnGrid(tick: number): RulesLookup {
  let lookup = rules.get(tick);
  if (lookup === undefined) {
    const r = { tickSize: tick > 0 ? tick : 0.01, lotSize: 1 } as const;
    lookup = () => r;
    rules.set(tick, lookup);
  }
  return lookup;
}
