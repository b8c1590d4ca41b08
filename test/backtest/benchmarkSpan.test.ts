/**
 * Issue #15, item 5: the buy-and-hold benchmark covers the backtest's own span (its first to its last
 * bar), not the whole index file. Independent figure: NIFTY 50 from 2008-01-01 (close 6144.35) to
 * 2024-04-01 (close 22462) is +265.6 %; the whole file (2000-01-03 → 2024-12-31) would be +1385 %.
 */
import { readFileSync } from 'node:fs';
import { runBacktest } from '../../src/backtest/runBacktest';
import { BarSeries } from '../../src/core/barSeries';
import { describeWithNseData, loadNse, nsePath } from '../support/nseData';
import { request, seeded, strategies } from './support/fixtures';

/** Closes by date straight from the CSV text (no project code), for the independent figure. */
function closesByDate(file: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of readFileSync(file, 'utf8').split('\n').slice(1)) {
    const cells = line.split(',');
    if (cells.length >= 5) out.set(cells[0]!, Number(cells[4]));
  }
  return out;
}

describe('benchmark span (synthetic)', () => {
  test('an index that starts years earlier and ends later is cut to the backtest’s days', () => {
    const data = seeded(['AAA'], 300, 'day', 11, '2020-01-01');
    const stock = data.get('AAA')!;
    // Index: one bar a day from 2016 to 2024, close = 100 + day number (so every span has its own return).
    const index = new BarSeries('NIFTY50', 'day', 4000);
    const first = Date.parse('2016-01-01T00:00:00+05:30');
    for (let d = 0; d < 9 * 366; d++) index.push(first + d * 86_400_000, 100 + d, 100 + d, 100 + d, 100 + d, 0);
    const r = runBacktest(request({ strategy: 'sma-cross', symbols: ['AAA'], interval: 'day' }), { series: data, synthetic: true, benchmark: { name: 'IDX', series: index } }, { strategies: strategies() });
    if (!r.ok) throw new Error(r.error);
    const a = index.lowerBound(stock.time[0]!);
    const b = index.lowerBound(stock.time[stock.length - 1]!);
    const want = index.close[b]! / index.close[a]! - 1;
    expect(r.value.metrics.benchmark!.totalReturn).toBeCloseTo(want, 12);
    expect(r.value.metrics.benchmark!.totalReturn).not.toBeCloseTo(index.close[index.length - 1]! / index.close[0]! - 1, 3);
  });
});

describeWithNseData('daily/RELIANCE.csv', 'index/NIFTY50.csv')('benchmark span (real NSE data)', () => {
  test('RELIANCE daily 2008-01-01 → 2024-04-01 without --from/--to: NIFTY 50 +265.6 %, not +1385 %', async () => {
    const stock = await loadNse('daily/RELIANCE.csv');
    const index = await loadNse('index/NIFTY50.csv', 'NIFTY50');
    const r = runBacktest(
      request({ strategy: 'sma-cross', symbols: ['RELIANCE'], interval: 'day', params: { fast: 20, slow: 50 } }),
      { series: new Map([['RELIANCE', stock]]), synthetic: false, benchmark: { name: 'NIFTY 50', series: index } },
      { strategies: strategies() },
    );
    if (!r.ok) throw new Error(r.error);
    const closes = closesByDate(nsePath('index/NIFTY50.csv'));
    const want = closes.get('2024-04-01')! / closes.get('2008-01-01')! - 1;
    expect(want).toBeCloseTo(2.6557, 4);
    expect(r.value.metrics.benchmark!.totalReturn).toBeCloseTo(want, 12);
    const whole = closes.get('2024-12-31')! / closes.get('2000-01-03')! - 1;
    expect(whole).toBeCloseTo(13.85, 2);
  });
});
