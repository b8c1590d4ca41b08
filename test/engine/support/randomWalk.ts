/** Seeded random-walk bars for engine tests (until src/data/synthetic lands): deterministic per seed. */
import { BarSeries } from '../../../src/core/barSeries';
import type { Interval } from '../../../src/core/interval';
import { istTime } from '../../../src/calendar/ist';
export { mulberry32 as prng } from '../../../src/data/synthetic/prng';
import { mulberry32 as prng } from '../../../src/data/synthetic/prng';


/**
 * `n` one-minute (or daily) bars starting 2024-01-01 09:15 IST (one-minute bars fill 09:15–15:30
 * sessions on consecutive days), prices rounded to `tick` (0 = not rounded: exact indicator ties
 * then practically never happen, which oracle comparisons need).
 */
export function randomWalk(symbol: string, n: number, seed: number, interval: Interval = '1m', start = 100, tick = 0): BarSeries {
  const r = prng(seed);
  const s = new BarSeries(symbol, interval, n);
  const t0 = istTime('2024-01-01', interval === 'day' ? '00:00' : '09:15');
  const step = interval === 'day' ? 86_400_000 : 60_000;
  // Intraday bars stay inside 09:15–15:30 IST sessions (375 one-minute bars a day, every day).
  const timeOf = (i: number): number =>
    interval === 'day' ? t0 + i * step : t0 + Math.floor(i / 375) * 86_400_000 + (i % 375) * step;
  const round = (x: number): number => (tick > 0 ? Math.round(x / tick) * tick : x);
  let prev = start;
  for (let i = 0; i < n; i++) {
    const open = round(prev * (1 + (r() - 0.5) * 0.002));
    const close = round(open * (1 + (r() - 0.5) * 0.01));
    const high = round(Math.max(open, close) * (1 + r() * 0.002));
    const low = round(Math.min(open, close) * (1 - r() * 0.002));
    s.push(timeOf(i), open, high, low, close, Math.floor(r() * 10_000));
    prev = close;
  }
  return s;
}
