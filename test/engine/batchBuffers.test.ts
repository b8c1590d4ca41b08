import { giveBack, takeBuffer } from '../../src/engine/batchBuffers';
import { generateMarket } from '../../src/data/synthetic';
import { buildRequest } from '../../src/backtest/request';
import { runBacktest } from '../../src/backtest/runBacktest';
import { discoverStrategies } from '../../src/strategyLoader/discoverStrategies';
import { join } from 'node:path';

describe('batch indicator buffers', () => {
  test('a buffer given back is taken again for the same length, zeroed; other lengths get new ones', () => {
    const a = takeBuffer(1000);
    a.fill(7);
    giveBack([a]);
    giveBack([a]); // twice: kept once
    const b = takeBuffer(1000);
    expect(b).toBe(a);
    expect(b.every((x) => x === 0)).toBe(true);
    expect(takeBuffer(1000)).not.toBe(a); // taken: not handed out twice
    expect(takeBuffer(999)).not.toBe(a);
  });

  test('at most 32 MB wait, the oldest given up first', () => {
    const big = Array.from({ length: 5 }, () => takeBuffer(1_000_000 - 7)); // 8 MB each
    big.forEach((x, k) => x.fill(k + 1));
    giveBack(big);
    // The first one went to make room for the fifth; the four newest come back, zeroed.
    const again = Array.from({ length: 5 }, () => takeBuffer(1_000_000 - 7));
    expect(again.filter((x) => big.includes(x))).toEqual(big.slice(1));
    expect(again.every((x) => x[0] === 0)).toBe(true);
  });

  test('backtests run one after another on reused buffers give the same results as the first', () => {
    const reg = discoverStrategies(join(__dirname, '..', '..', 'strategies'));
    if (!reg.ok) throw new Error(reg.error);
    const market = generateMarket({ symbols: ['BUF'], start: '2020-01-01', bars: 20_000, interval: '5m', seed: 11 });
    if (!market.ok) throw new Error(market.error);
    const data = { series: market.value.series, synthetic: true };
    const run = (strategy: string, params: Record<string, number>) => {
      const req = buildRequest({ strategy, symbols: ['BUF'], interval: '5m', params, costs: 'zerodha' });
      if (!req.ok) throw new Error(req.error);
      const r = runBacktest(req.value, data, { strategies: reg.value });
      if (!r.ok) throw new Error(r.error);
      return { metrics: r.value.metrics, trades: r.value.trades, equity: Array.from(r.value.series.equity) };
    };
    const first = run('sma-cross', { fast: 10, slow: 30 });
    const other = run('mean-reversion', {}); // different indicators in between take and give back buffers
    const again = run('sma-cross', { fast: 10, slow: 30 });
    expect(first.trades.length).toBeGreaterThan(10);
    expect(again).toEqual(first);
    expect(run('mean-reversion', {})).toEqual(other);
  });
});
