/**
 * Daily returns of several symbols over the same days, for portfolio risk: closes are matched by
 * IST date, only dates every series has are kept (a holiday or a missing bar in one symbol drops
 * that date for all), and the last `days` returns of that common calendar are returned.
 */
import { istDate } from '../calendar/ist';
import type { BarSeries } from '../core/barSeries';
import { err, ok, type Result } from '../core/result';

export interface AlignedReturns {
  /** IST dates of the returns (the later day of each pair). */
  readonly dates: readonly string[];
  /** One row per series, in the order given. */
  readonly rows: readonly Float64Array[];
}

export function alignedDailyReturns(series: readonly BarSeries[], days: number): Result<AlignedReturns, { readonly shortest: string; readonly common: number }> {
  const closes = series.map((s) => {
    const m = new Map<string, number>();
    for (let i = 0; i < s.length; i++) if (s.close[i]! > 0) m.set(istDate(s.time[i]!), s.close[i]!);
    return m;
  });
  let common = [...(closes[0]?.keys() ?? [])];
  for (const m of closes.slice(1)) common = common.filter((d) => m.has(d));
  common.sort();
  if (common.length < 2) {
    let shortest = 0;
    closes.forEach((m, i) => {
      if (m.size < closes[shortest]!.size) shortest = i;
    });
    return err({ shortest: series[shortest]?.symbol ?? '', common: Math.max(0, common.length - 1) });
  }
  const used = common.slice(-Math.min(common.length, days + 1));
  const rows = closes.map((m) => {
    const r = new Float64Array(used.length - 1);
    for (let k = 1; k < used.length; k++) r[k - 1] = m.get(used[k]!)! / m.get(used[k - 1]!)! - 1;
    return r;
  });
  return ok({ dates: used.slice(1), rows });
}
