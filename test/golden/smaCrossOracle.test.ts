/**
 * The benchmark case through runBacktest (kernel, order pipeline, simulated broker, recorder, metrics) agrees exactly
 * with a plain loop written from the rules: sma-cross 10/30 on close, long only, all cash into whole
 * units at the next open, sell everything at the next open, no costs, cash 1,000,000, an open
 * position marked at the last close. Trade count = closed round trips (entries, less a position still
 * open at the end: issue #15, item 4); final equity equal to the paisa.
 * The 1m case is seed 42 again (issue #15, item 6): its bar 16545 has an exact tie, SMA10 = SMA30 =
 * 1124.225, which the float SMA gave as 1124.2250000000001 and so turned into a cross; sma-cross now
 * decides the sign of SMA10 − SMA30 exactly (strategies/lib/indicatorDefs.ts smaCrossOf), as this oracle does.
 */
import { runBacktest } from '../../src/backtest/runBacktest';
import type { BarSeries } from '../../src/core/barSeries';
import { request, seeded, strategies } from '../backtest/support/fixtures';

/**
 * Synthetic prices sit on the 0.05 tick grid, so closes are whole paise and moving-average
 * comparisons can be done exactly in integers: fast > slow ⇔ Σfast·slow > Σslow·fast (ties are real
 * on tick data; float sums in a different order would break them either way).
 */
function paiseSum(c: Float64Array, i: number, p: number): number {
  if (i < p - 1) return NaN;
  let s = 0;
  for (let k = i - p + 1; k <= i; k++) s += Math.round(c[k]! * 100);
  return s;
}

/** Sign of SMA(fast) − SMA(slow) at bar i (NaN during warm-up). */
function cmp(c: Float64Array, i: number, fast: number, slow: number): number {
  const d = paiseSum(c, i, fast) * slow - paiseSum(c, i, slow) * fast;
  return Number.isNaN(d) ? NaN : Math.sign(d);
}

function oracle(b: BarSeries, fast: number, slow: number, cash0: number): { entries: number; openAtEnd: boolean; equity: number; curve: number[] } {
  let cash = cash0;
  let pos = 0;
  let want = 0;
  let entries = 0;
  const curve: number[] = [];
  for (let i = 0; i < b.length; i++) {
    if (want === 1 && pos === 0) {
      const q = Math.floor(cash / b.open[i]!);
      if (q > 0) {
        pos = q;
        cash -= q * b.open[i]!;
        entries++;
      }
    } else if (want === -1 && pos > 0) {
      cash += pos * b.open[i]!;
      pos = 0;
    }
    want = 0;
    const now = cmp(b.close, i, fast, slow);
    const before = cmp(b.close, i - 1, fast, slow);
    if (i + 1 >= slow + 1) {
      if (now > 0 && before <= 0 && pos === 0) want = 1;
      else if (now < 0 && before >= 0) want = -1;
    }
    curve.push(cash + pos * b.close[i]!);
  }
  return { entries, openAtEnd: pos > 0, equity: cash + pos * b.close[b.length - 1]!, curve };
}

describe.each([
  ['1m', 20_000, 42],
  ['day', 4_000, 7],
] as const)('sma-cross 10/30 benchmark case on %s bars', (interval, bars, seed) => {
  const data = seeded(['BENCH'], bars, interval, seed);
  const series = data.get('BENCH')!;
  const want = oracle(series, 10, 30, 1_000_000);
  const r = runBacktest(request({ strategy: 'sma-cross', symbols: ['BENCH'], interval, params: { fast: 10, slow: 30 }, cash: 1_000_000 }), { series: data, synthetic: true }, { strategies: strategies() });
  if (!r.ok) throw new Error(r.error);
  const got = r.value;

  it('has the same number of round trips as the plain loop: closed ones counted, an open one apart', () => {
    expect(want.entries).toBeGreaterThan(10);
    expect(got.metrics.trades).toBe(want.entries - (want.openAtEnd ? 1 : 0));
    expect(got.metrics.openPositions).toBe(want.openAtEnd ? 1 : 0);
    expect(got.trades.length).toBe(want.entries);
  });

  it('ends on the same equity to the paisa', () => {
    expect(Math.round(got.metrics.finalEquity * 100)).toBe(Math.round(want.equity * 100));
  });

  it('marks the same equity at every close', () => {
    expect(got.series.equity.length).toBe(series.length);
    let worst = 0;
    for (let i = 0; i < series.length; i++) worst = Math.max(worst, Math.abs(got.series.equity[i]! - want.curve[i]!));
    expect(worst).toBeLessThan(0.005);
  });

  it('lists round trips whose P&L adds up to the equity change', () => {
    const total = got.trades.reduce((a, t) => a + t.pnl, 0);
    expect(total).toBeCloseTo(got.metrics.finalEquity - 1_000_000, 4);
    for (const t of got.trades) {
      expect(t.side).toBe('long');
      expect(t.exitTime).toBeGreaterThanOrEqual(t.entryTime);
      expect(t.costs).toBe(0);
    }
  });
});
