/**
 * Issue #15, item 7: mean-reversion's stop kind is an explicit parameter. `stop=close` (default, the
 * strategy's text: "exit when the close is at or below the stop") never attaches the stop to the entry,
 * so no resting order fills inside a bar; the strategy goes flat on the close and fills at the next open.
 * `stop=intrabar` attaches it, and the engine's stop order fills as soon as a bar's range touches it.
 */
import { runBacktest } from '../../src/backtest/runBacktest';
import type { BacktestResult } from '../../src/backtest/types';
import type { BarSeries } from '../../src/core/barSeries';
import meanReversion from '../../strategies/mean-reversion';
import { request, seeded, strategies } from '../backtest/support/fixtures';
import { describeWithNseData, loadNse } from '../support/nseData';
import { atrSeries, meanSd } from './reference';

function run(series: BarSeries, stop?: 'close' | 'intrabar'): BacktestResult {
  const params = { entryZ: 1.5, oversold: 40, ...(stop ? { stop } : {}) };
  const r = runBacktest(request({ strategy: 'mean-reversion', symbols: [series.symbol], interval: series.interval, params }), { series: new Map([[series.symbol, series]]), synthetic: true }, { strategies: strategies() });
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

/** Index of the bar at `time` (fills are stamped with their bar's time). */
const at = (s: BarSeries, time: number): number => s.lowerBound(time);

describe('mean-reversion stop kinds on 3,000 synthetic daily bars', () => {
  const bars = seeded(['MR'], 3000, 'day', 5, '2012-01-01').get('MR')!;

  test('the parameter is documented, defaults to close, and accepts only close or intrabar', () => {
    expect(meanReversion.params.parse({}).stop).toBe('close');
    expect(meanReversion.params.shape.stop.description).toMatch(/close.*intrabar/);
    expect(meanReversion.params.safeParse({ stop: 'gtt' }).success).toBe(false);
  });

  test('stop=close: no intrabar stop fills; exits are decided on closes (at or below the stop, or z back to 0)', () => {
    const r = run(bars);
    expect(r.request.params).toMatchObject({ stop: 'close' });
    expect(r.trades.filter((t) => t.exitReason === 'stop-loss')).toEqual([]);
    const atr = atrSeries(bars.high, bars.low, bars.close, 14);
    let byStop = 0;
    let touchedInside = 0;
    for (const t of r.trades) {
      if (t.open) continue;
      const entry = at(bars, t.entryTime);
      const exit = at(bars, t.exitTime);
      // Signals decided on bar k fill at bar k + 1's open.
      expect(t.entryPrice).toBeCloseTo(bars.open[entry]!, 9);
      expect(t.exitPrice).toBeCloseTo(bars.open[exit]!, 9);
      const stop = bars.close[entry - 1]! - 2 * atr[entry - 1]!;
      const j = exit - 1;
      const { mean, sd } = meanSd(bars.close, j, 20);
      const hit = bars.close[j]! <= stop;
      expect(hit || (bars.close[j]! - mean) / sd >= -1e-9).toBe(true);
      if (hit) byStop++;
      // While held, no earlier close was at or below the stop; a low below it did not end the trade.
      for (let k = entry; k < j; k++) {
        expect(bars.close[k]! > stop).toBe(true);
        if (bars.low[k]! <= stop) touchedInside++;
      }
    }
    expect(byStop).toBeGreaterThan(0);
    // Bars whose range went through the stop while the close stayed above it: an intrabar stop would have sold there.
    expect(touchedInside).toBeGreaterThan(0);
  });

  test('stop=intrabar: the engine’s resting stop fills inside the bar, at the stop or at a gapping open', () => {
    const r = run(bars, 'intrabar');
    const stops = r.trades.filter((t) => t.exitReason === 'stop-loss');
    expect(stops.length).toBeGreaterThan(0);
    for (const t of stops) {
      const i = at(bars, t.exitTime);
      // Filled on a bar whose range reached the price: the open (gap) or the stop level inside [low, open].
      expect(t.exitPrice).toBeLessThanOrEqual(bars.open[i]!);
      expect(t.exitPrice).toBeGreaterThanOrEqual(bars.low[i]!);
    }
    // The two kinds trade differently on the same bars.
    expect(r.metrics.finalEquity).not.toBeCloseTo(run(bars, 'close').metrics.finalEquity, 2);
  });
});

describeWithNseData('daily/TCS.csv')('mean-reversion on TCS daily, 2008–2024, no costs (the issue’s case)', () => {
  test('₹22.00 lakh with the rule as written (close), ₹16.91 lakh with the intrabar stop', async () => {
    const tcs = await loadNse('daily/TCS.csv');
    const go = (stop: 'close' | 'intrabar'): BacktestResult => {
      const r = runBacktest(request({ strategy: 'mean-reversion', symbols: ['TCS'], interval: 'day', params: { stop } }), { series: new Map([['TCS', tcs]]), synthetic: false }, { strategies: strategies() });
      if (!r.ok) throw new Error(r.error);
      return r.value;
    };
    const close = go('close');
    const intrabar = go('intrabar');
    expect(close.metrics.finalEquity).toBeCloseTo(2_200_262.69, 2);
    expect(intrabar.metrics.finalEquity).toBeCloseTo(1_690_676.52, 2);
    expect(intrabar.trades.filter((t) => t.exitReason === 'stop-loss')).toHaveLength(7);
    expect(close.trades.filter((t) => t.exitReason === 'stop-loss')).toHaveLength(0);
  });
});
