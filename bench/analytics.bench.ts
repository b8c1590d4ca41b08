/**
 * Analytics and cost-model speed: the metrics card over a 1,000,000-point one-minute equity curve
 * (points/s), and Zerodha charges per order (orders/s). Synthetic, seeded data.
 */
import { computeMetrics } from '../src/analytics';
import { ZerodhaEquityCostModel } from '../src/core/costs';
import type { BenchGroup } from './harness';
import { consume, timeMedian } from './harness';

function curve(n: number): { time: Float64Array; equity: Float64Array } {
  const time = new Float64Array(n);
  const equity = new Float64Array(n);
  let seed = 12345;
  let e = 1_000_000;
  const t0 = Date.parse('2015-01-01T09:15:00+05:30');
  for (let i = 0; i < n; i++) {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    e *= 1 + (seed / 2147483648 - 0.4999) * 0.002;
    const day = Math.floor(i / 375);
    time[i] = t0 + day * 86_400_000 + (i % 375) * 60_000;
    equity[i] = e;
  }
  return { time, equity };
}

export const group: BenchGroup = {
  name: 'analytics',
  run(ctx) {
    const n = 1_000_000;
    const c = curve(n);
    const ms = timeMedian(() => consume(computeMetrics({ curve: c, trades: [] }).sharpe), 5, 1);
    ctx.report({ bench: 'analytics.metrics.1m-points', value: Math.round(n / (ms / 1000)), unit: 'points/s' });

    const model = new ZerodhaEquityCostModel();
    const orders = 100_000;
    const t0 = Date.parse('2025-03-10T10:00:00+05:30');
    const msC = timeMedian(() => {
      for (let i = 0; i < orders; i++) {
        consume(model.charges({ side: i & 1 ? 'SELL' : 'BUY', quantity: 1 + (i % 500), price: 100 + (i % 997) * 0.05, product: i % 3 === 0 ? 'MIS' : 'CNC', exchange: 'NSE', time: t0, symbol: 'X' }).total);
      }
    }, 5, 1);
    ctx.report({ bench: 'costs.zerodha.charges', value: Math.round(orders / (msC / 1000)), unit: 'orders/s' });
  },
};
