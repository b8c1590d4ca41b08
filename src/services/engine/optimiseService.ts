/**
 * Target weights over the portfolio optimisers: daily closes from the bar history → returns →
 * covariance (Ledoit–Wolf) → the chosen method with the shipped sector caps.
 */
import type { Clock } from '../../core/clock';
import { err, ok } from '../../core/result';
import { estimateCovariance, windowReturns } from '../../portfolio/optimise/covarianceEstimate';
import { optimise } from '../../portfolio/optimise/optimise';
import type { OptimiseService } from '../api/optimise';
import { checkSymbols, type SymbolUniverse } from '../symbols';
import type { BarHistory } from './barHistory';

export interface OptimiseServiceOptions {
  readonly history: BarHistory;
  readonly clock: Clock;
  /** The symbols held or traded now (the default universe). */
  readonly universe: () => Promise<readonly string[]>;
  /** The market's symbols, for symbols named (absent: any well-formed symbol). */
  readonly symbols?: SymbolUniverse;
  /** Daily returns used for the covariance (default 250). */
  readonly lookbackDays?: number;
}

const DAY_MS = 86_400_000;

export function optimiseService(o: OptimiseServiceOptions): OptimiseService {
  const lookback = o.lookbackDays ?? 250;
  return {
    async optimise(method, given) {
      const named = given === undefined ? ok([...(await o.universe())]) : given.length === 0 ? ok([]) : o.symbols ? await o.symbols.check(given) : checkSymbols(given);
      if (!named.ok) return named;
      const symbols = [...new Set(named.value)];
      if (symbols.length === 0) return err('There is nothing to optimise yet; name the symbols, e.g. /optimize risk-parity RELIANCE,TCS,INFY.');
      if (method === 'equal-weight') {
        const r = optimise({ method, symbols });
        return r.ok ? ok({ method, weights: symbols.map((s, i) => ({ symbol: s, weight: r.value.weights[i]! })), cash: r.value.cash, volatility: NaN, lookbackDays: 0 }) : err(r.error.message);
      }
      const to = o.clock.now();
      // Calendar days to cover `lookback` trading days with room for weekends and holidays.
      const from = to - Math.ceil(lookback * 1.6 + 10) * DAY_MS;
      const closes: Float64Array[] = [];
      for (const symbol of symbols) {
        const r = await o.history.bars({ symbol, interval: 'day', from, to });
        if (!r.ok) return err(r.error);
        closes.push(r.value.close.subarray(0, r.value.length));
      }
      const n = Math.min(...closes.map((c) => c.length)) - 1;
      if (n < 20) return err(`Only ${Math.max(0, n)} daily returns are available for ${symbols.join(', ')}; at least 20 are needed — load more history first.`);
      const window = Math.min(lookback, n);
      const returns = windowReturns(closes, window);
      if (!returns.ok) return err(returns.error.message);
      const cov = estimateCovariance(returns.value, 'ledoit-wolf');
      if (!cov.ok) return err(cov.error.message);
      const r = optimise({ method, symbols, covariance: cov.value.covariance, expectedReturns: cov.value.meanReturns });
      if (!r.ok) return err(r.error.message);
      return ok({ method, weights: symbols.map((s, i) => ({ symbol: s, weight: r.value.weights[i]! })), cash: r.value.cash, volatility: r.value.volatility, lookbackDays: window });
    },
  };
}
