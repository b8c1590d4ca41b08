/**
 * What runBacktest records while the kernel runs (equity per step, the daily series, in-market
 * flags, fill totals) agrees with the same figures computed afterwards, the slow and obvious way,
 * from the result's own curve and trade list: daily statistics as analytics computes them from the
 * full curve, exposure from the trades' holding spans, costs summed over the trades, turnover from
 * the traded legs, the drawdown series from the equity.
 */
import fc from 'fast-check';
import { computeMetrics, dailyLast, drawdownSeries } from '../../src/analytics';
import { EquityRecorder } from '../../src/backtest/equityRecorder';
import { runBacktest } from '../../src/backtest/runBacktest';
import { AccountLedger } from '../../src/oms/accountLedger';
import type { BacktestResult } from '../../src/backtest/types';
import { sumCharges } from '../../src/core/costs/types';
import { request, seeded, strategies } from './support/fixtures';

function run(symbols: string[], interval: '5m' | 'day', bars: number, costs: string): BacktestResult {
  const series = seeded(symbols, bars, interval, 11);
  const req = request({ strategy: 'sma-cross', symbols, interval, params: { fast: 3, slow: 8 }, costs, tickSize: 0.05 });
  const r = runBacktest(req, { series, synthetic: true }, { strategies: strategies() });
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

/**
 * Share of curve points (bar closes) at which some trade holds a position. Fills happen at a bar's
 * open (its start time, which is also the previous bar's close time on contiguous intraday bars), so
 * a trade is held at a close t when it was entered before t and exited at or after t (or is still open).
 */
function exposureReference(time: Float64Array, trades: BacktestResult['trades']): number {
  let held = 0;
  for (const t of time) if (trades.some((x) => x.entryTime < t && (t <= x.exitTime || x.open))) held++;
  return held / time.length;
}

describe('runBacktest recording', () => {
  // 3 symbols × 5m bars over several IST days (a 'single' strategy: three instances, shared recorder), Zerodha costs.
  const cases: [string, BacktestResult][] = [
    ['3 symbols, 5m, Zerodha costs', run(['AAA', 'BBB', 'CCC'], '5m', 900, 'zerodha')],
    ['1 symbol, day, 5 bps', run(['AAA'], 'day', 400, 'bps:5')],
  ];

  test.each(cases)('%s: daily statistics equal those of the full curve', (_name, r) => {
    expect(r.trades.length).toBeGreaterThan(5);
    const again = computeMetrics({ curve: { time: r.series.time, equity: r.series.equity }, trades: r.trades, initialEquity: r.request.cash });
    for (const k of ['tradingDays', 'annualVolatility', 'sharpe', 'sortino', 'cagr', 'maxDrawdown', 'finalEquity', 'totalReturn', 'winRate'] as const) {
      expect([k, r.metrics[k]]).toEqual([k, again[k]]);
    }
  });

  test.each(cases)('%s: exposure, costs and turnover agree with the trade list', (_name, r) => {
    expect(r.metrics.exposure).toBe(exposureReference(r.series.time, r.trades));
    expect(r.metrics.costs).toEqual(sumCharges(r.trades.map((t) => t.charges)));
    if (r.request.costs !== 'none') expect(r.metrics.costs.total).toBeGreaterThan(0);
    // Each leg once: entries always, exits only for closed trades (an open one is marked, not sold).
    let traded = 0;
    for (const t of r.trades) traded += t.quantity * t.entryPrice + (t.open ? 0 : t.quantity * t.exitPrice);
    let mean = 0;
    for (const e of r.series.equity) mean += e / r.series.equity.length;
    expect(r.metrics.turnover).toBeCloseTo(traded / mean, 9);
  });

  test.each(cases)('%s: one point per step at the bar close; the drawdown series is that of the equity', (_name, r) => {
    const times = new Set<number>();
    for (const s of r.request.symbols) {
      const b = seeded([...r.request.symbols], r.request.interval === 'day' ? 400 : 900, r.request.interval, 11).get(s)!;
      for (let i = 0; i < b.length; i++) times.add(b.time[i]!);
    }
    expect(r.series.time.length).toBe(times.size);
    if (r.request.interval === '5m') expect(r.series.time[0]).toBe(Math.min(...times) + 5 * 60_000);
    expect(Array.from(r.series.drawdown)).toEqual(Array.from(drawdownSeries(r.series.equity)));
    expect(JSON.parse(JSON.stringify({ s: r.series })).s.drawdown).toBeDefined();
    expect(r.series.equity[r.series.equity.length - 1]).toBe(r.metrics.finalEquity);
  });
});

describe('EquityRecorder daily series', () => {
  test('equals dailyLast of the recorded curve for any ascending times (IST midnights included)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 20 * 3_600_000 }), { minLength: 1, maxLength: 200 }), fc.integer({ min: 0, max: 1e6 }), (gaps, seed) => {
        const rec = new EquityRecorder(4, undefined); // fewer than the steps: the arrays grow
        const ledger = new AccountLedger('bt0', 1000, [100], 1);
        ledger.slot('S', 'CNC', 0);
        rec.watch([ledger]);
        let t = Date.parse('2024-03-01T00:00:00+05:30') - 3 * 3_600_000 + seed;
        for (const g of gaps) {
          t += g;
          ledger.cash = t % 997; // a different equity per point
          rec.afterStep(t);
        }
        const curve = { time: rec.time.subarray(0, rec.n), equity: rec.equity.subarray(0, rec.n) };
        expect(Array.from(curve.equity)).toEqual(gaps.map((_, i) => curve.time[i]! % 997));
        const expected = dailyLast(curve);
        const got = rec.daily();
        expect(Array.from(got.day)).toEqual(Array.from(expected.day));
        expect(Array.from(got.value)).toEqual(Array.from(expected.value));
      }),
    );
  });
});
