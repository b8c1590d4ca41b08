import { join } from 'node:path';
import { istMidnight } from '../../src/calendar/ist';
import { generateMarket } from '../../src/data/synthetic';
import { buildRequest } from '../../src/backtest/request';
import { runBacktest } from '../../src/backtest/runBacktest';
import { closeTimes } from '../../src/backtest/closeTimes';
import { discoverStrategies } from '../../src/strategyLoader/discoverStrategies';

const reg = discoverStrategies(join(__dirname, '..', '..', 'strategies'));

function run(symbols: string[], interval: '5m' | 'day', bars: number) {
  if (!reg.ok) throw new Error(reg.error);
  const market = generateMarket({ symbols, start: '2021-01-01', bars, interval, seed: 5 });
  if (!market.ok) throw new Error(market.error);
  const req = buildRequest({ strategy: 'sma-cross', symbols, interval, params: { fast: 5, slow: 20 }, costs: 'none' });
  if (!req.ok) throw new Error(req.error);
  const r = runBacktest(req.value, { series: market.value.series, synthetic: true }, { strategies: reg.value });
  if (!r.ok) throw new Error(r.error);
  return { result: r.value, series: market.value.series };
}

describe("a one-series backtest's curve times are its bars' close times", () => {
  test('intraday: each bar start + 5 minutes; daily: 15:30 IST of the bar day; every run on the series shares them', () => {
    const intraday = run(['CT'], '5m', 3000);
    const s = intraday.series.get('CT')!;
    expect(Array.from(intraday.result.series.time)).toEqual(Array.from(s.time.subarray(0, s.length), (t) => t + 5 * 60_000));
    const daily = run(['CD'], 'day', 400);
    const d = daily.series.get('CD')!;
    expect(Array.from(daily.result.series.time)).toEqual(Array.from(d.time.subarray(0, d.length), (t) => istMidnight(t) + (15 * 60 + 30) * 60_000));
    expect(closeTimes(s)).toBe(closeTimes(s));
  });

  test('a run on several series records the merged steps itself', () => {
    const multi = run(['MA', 'MB'], '5m', 500);
    const a = multi.series.get('MA')!;
    expect(multi.result.series.time.length).toBe(a.length); // the synthetic symbols share their bar times
    expect(Array.from(multi.result.series.time)).toEqual(Array.from(a.time.subarray(0, a.length), (t) => t + 5 * 60_000));
  });
});
