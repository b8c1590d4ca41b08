/**
 * Bar history for a paper process without Kite: seeded synthetic bars (src/data/synthetic), one independent
 * series per symbol (the seed is derived from the symbol, so a symbol's bars are the same in every call and
 * process; intraday series start on the requested day); the NIFTY indices too, for the risk report's beta. Charts and reports say the bars are synthetic (`synthetic: true`).
 */
import { istDate } from '../calendar/ist';
import type { BarSeries } from '../core/barSeries';
import { err, ok, type Result } from '../core/result';
import { generateMarket } from '../data/synthetic';
import type { BarHistory, BarHistoryRequest } from '../services/engine/barHistory';

const SYMBOL = /^[A-Z0-9&_-]{1,32}$/;
/** Indices the risk report reads (beta); Kite names them with a space. */
const INDICES = new Set(['NIFTY 50', 'NIFTY BANK']);

function seedOf(symbol: string): number {
  let h = 2166136261;
  for (let i = 0; i < symbol.length; i++) h = Math.imul(h ^ symbol.charCodeAt(i), 16777619) >>> 0;
  return h >>> 0;
}

export function syntheticHistory(startDate = '2020-01-01'): BarHistory {
  return {
    synthetic: true,
    async bars(req: BarHistoryRequest): Promise<Result<BarSeries, string>> {
      if (!SYMBOL.test(req.symbol) && !INDICES.has(req.symbol)) return err(`${req.symbol} is not a valid NSE symbol; use the trading symbol, e.g. RELIANCE.`);
      if (!(req.to > req.from)) return err('The requested range is empty; give a start before the end.');
      // Daily bars start at `startDate` (stable across calls); intraday bars start on the requested day.
      const start = req.interval === 'day' ? startDate : istDate(req.from);
      const end = istDate(req.to);
      const m = generateMarket({ symbols: [req.symbol], start, end: end < start ? start : end, interval: req.interval, seed: seedOf(req.symbol), startPrice: 200 + (seedOf(req.symbol) % 3000) });
      if (!m.ok) return err(`Synthetic bars could not be made: ${m.error}`);
      const s = m.value.series.get(req.symbol);
      if (!s) return err(`Synthetic bars for ${req.symbol} are missing.`);
      return ok(s.slice(s.lowerBound(req.from), s.lowerBound(req.to)));
    },
  };
}
