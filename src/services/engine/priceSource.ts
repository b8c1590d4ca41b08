/**
 * A reference price for a symbol from the mode's own market: the last traded price when the feed has one; else, in
 * live mode, a quote from the broker (`quote`); else, in paper without Kite, the last daily close in the bar history
 * (looked back up to two weeks). Live mode is never given the history: a symbol with no price is refused.
 */
import { err, ok, type Result } from '../../core/result';
import type { BarHistory } from './barHistory';

export interface PriceSource {
  price(symbol: string): Promise<Result<number, string>>;
}

const DAY_MS = 86_400_000;

export function priceSource(o: { readonly lastPrice?: (symbol: string) => number | undefined; readonly quote?: (symbol: string) => Promise<number | undefined>; readonly history?: BarHistory; readonly now: () => number }): PriceSource {
  return {
    async price(symbol) {
      const last = o.lastPrice?.(symbol);
      if (last !== undefined && Number.isFinite(last) && last > 0) return ok(last);
      if (o.quote) {
        const q = await o.quote(symbol);
        return q !== undefined && Number.isFinite(q) && q > 0 ? ok(q) : err(`There is no live price for ${symbol} (no tick and no quote from the broker); wait for market data and try again.`);
      }
      if (!o.history) return err(`There is no recent price for ${symbol}; wait for market data and try again.`);
      const to = o.now();
      const r = await o.history.bars({ symbol, interval: 'day', from: to - 14 * DAY_MS, to });
      if (!r.ok) return err(r.error);
      const n = r.value.length;
      const close = n > 0 ? r.value.close[n - 1]! : NaN;
      return Number.isFinite(close) && close > 0 ? ok(close) : err(`There is no close for ${symbol} in the last two weeks; load recent history and try again.`);
    },
  };
}
