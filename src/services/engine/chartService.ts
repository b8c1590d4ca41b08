/** Candlestick charts over a bar history. */
import { candlestickChart } from '../../charts/candlestickChart';
import type { Clock } from '../../core/clock';
import { err, ok } from '../../core/result';
import type { ChartService } from '../api/chart';
import { checkSymbols, type SymbolUniverse } from '../symbols';
import type { BarHistory } from './barHistory';

const DAY_MS = 86_400_000;

/** `symbols`: the market's symbols (absent: any well-formed symbol). */
export function chartService(history: BarHistory, clock: Clock, symbols?: SymbolUniverse): ChartService {
  return {
    async candles(given, interval, days) {
      const checked = symbols ? await symbols.check([given]) : checkSymbols([given]);
      if (!checked.ok) return checked;
      const symbol = checked.value[0]!;
      const to = clock.now();
      const r = await history.bars({ symbol, interval, from: to - days * DAY_MS, to });
      if (!r.ok) return err(r.error);
      const series = r.value;
      if (series.length === 0) return err(`There are no ${interval} bars of ${symbol} in the last ${days} days; try more days or another interval.`);
      const title = `${symbol} ${interval}, last ${days} days`;
      const png = candlestickChart(series, { title, synthetic: history.synthetic });
      const last = series.close[series.length - 1]!;
      return ok({ png, bars: series.length, caption: `${title}: ${series.length} bars, last close ${last.toFixed(2)}${history.synthetic ? ' (synthetic data)' : ''}` });
    },
  };
}
