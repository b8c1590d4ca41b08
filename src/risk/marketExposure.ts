/**
 * Beta to the index (NIFTY 50) and volatility of a book of positions.
 * β_i = cov(r_i, r_m) / var(r_m) with sample (n − 1) moments over the same days.
 * The book's rupee beta exposure is Σ v_i·β_i; its beta is that over the net position value.
 */
import type { ReturnsMatrix } from './matrix';
import { mean, stdev } from './stats';

export const TRADING_DAYS_PER_YEAR = 252;

/** β of every asset row against the index returns (same number of days). */
export function betas(m: ReturnsMatrix, index: Float64Array): Float64Array {
  if (index.length !== m.days) throw new RangeError(`index has ${index.length} days, returns have ${m.days}`);
  const n = m.days;
  const mm = mean(index);
  let varM = 0;
  for (let t = 0; t < n; t++) varM += (index[t]! - mm) * (index[t]! - mm);
  const out = new Float64Array(m.assets);
  for (let i = 0; i < m.assets; i++) {
    const o = i * n;
    let mi = 0;
    for (let t = 0; t < n; t++) mi += m.data[o + t]!;
    mi /= n;
    let c = 0;
    for (let t = 0; t < n; t++) c += (m.data[o + t]! - mi) * (index[t]! - mm);
    out[i] = varM > 0 ? c / varM : 0; // the (n − 1) denominators cancel
  }
  return out;
}

/** Daily rupee P&L of fixed rupee positions: pnl[t] = Σ v_i·r_i[t]. */
export function portfolioPnl(m: ReturnsMatrix, values: Float64Array): Float64Array {
  const out = new Float64Array(m.days);
  for (let i = 0; i < m.assets; i++) {
    const v = values[i]!;
    if (v === 0) continue;
    const o = i * m.days;
    for (let t = 0; t < m.days; t++) out[t] = out[t]! + v * m.data[o + t]!;
  }
  return out;
}

export interface Volatility {
  /** Sample stdev of daily rupee P&L. */
  readonly dailyPnlSd: number;
  /** Daily P&L stdev as a fraction of equity. */
  readonly daily: number;
  /** `daily` × √252. */
  readonly annualised: number;
}

export function volatility(dailyPnl: Float64Array, equity: number): Volatility {
  const sd = stdev(dailyPnl);
  const daily = sd / equity;
  return { dailyPnlSd: sd, daily, annualised: daily * Math.sqrt(TRADING_DAYS_PER_YEAR) };
}

/** Annualised volatility of each asset's daily returns. */
export function assetVolatilities(m: ReturnsMatrix): Float64Array {
  const out = new Float64Array(m.assets);
  for (let i = 0; i < m.assets; i++) {
    out[i] = stdev(m.data, i * m.days, (i + 1) * m.days) * Math.sqrt(TRADING_DAYS_PER_YEAR);
  }
  return out;
}
