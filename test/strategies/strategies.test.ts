/**
 * The built-in strategies decide what their documented rules say, checked bar by bar against
 * straightforward recomputations of those rules.
 */
import { simKernel } from '../engine/support/simKernel';
import type { BarSeries } from '../../src/core/barSeries';
import { strategyInstanceId } from '../../src/core/ids';
import type { Signal } from '../../src/core/signal';
import type { Strategy } from '../../src/core/strategy';
import meanReversion from '../../strategies/mean-reversion';
import momentum from '../../strategies/momentum';
import multiFactor from '../../strategies/multi-factor';
import { randomWalk } from '../engine/support/randomWalk';
import { atrSeries, meanSd, rsiSeries } from './reference';

function run(strategy: Strategy, params: Record<string, unknown>, series: BarSeries[]) {
  const k = simKernel(series[0]!.interval).kernel;
  const signals: Signal[] = [];
  /** Times of exits the broker made itself (an attached stop that fired inside a bar). */
  const stopped: number[] = [];
  k.events.on('signal', (e) => signals.push(e.signal));
  k.events.on('order-filled', (e) => {
    if (e.fill.source.kind === 'risk') stopped.push(e.fill.time);
  });
  for (const s of series) k.preload(s);
  const parsed = strategy.params.parse(params);
  const r = k.addInstance({ id: strategyInstanceId('t'), strategy, params: parsed, symbols: series.map((s) => s.symbol), capital: 1_000_000 });
  if (!r.ok) throw new Error(r.error);
  k.run();
  return { signals, stopped, rt: k.instance(strategyInstanceId('t'))! };
}

/** Index of the bar whose close a signal was decided on (daily: same IST day; 1m: close − 1 min). */
const indexOf = (s: BarSeries, sig: Signal): number => (s.interval === 'day' ? s.lowerBound(sig.time - 86_400_000 + 1) : s.lowerBound(sig.time - 60_000));

describe('mean-reversion', () => {
  it('enters on z ≤ −entryZ with RSI oversold, stop = close − k·ATR; exits at the stop or the mean', () => {
    const bars = randomWalk('MR', 3000, 17);
    // stop=intrabar attaches the stop to the entry signal (checked below); the default stop=close does not
    // (test/strategies/meanReversionStop.test.ts).
    const p = { period: 20, entryZ: 1.8, exitZ: 0, rsiPeriod: 14, oversold: 40, atrPeriod: 14, atrStop: 2, stop: 'intrabar' };
    const { signals, stopped } = run(meanReversion, p, [bars]);
    const rsi = rsiSeries(bars.close, p.rsiPeriod);
    const atr = atrSeries(bars.high, bars.low, bars.close, p.atrPeriod);
    expect(signals.filter((s) => s.direction === 'long').length).toBeGreaterThan(10);
    let stop = 0;
    for (const s of signals) {
      const i = indexOf(bars, s);
      const { mean, sd } = meanSd(bars.close, i, p.period);
      const z = (bars.close[i]! - mean) / sd;
      if (s.direction === 'long') {
        expect(z).toBeLessThanOrEqual(-p.entryZ + 1e-9);
        expect(rsi[i]).toBeLessThanOrEqual(p.oversold + 1e-9);
        stop = bars.close[i]! - p.atrStop * atr[i]!;
        expect(s.stop).toBeCloseTo(stop, 8);
      } else {
        expect(s.direction).toBe('flat');
        expect(bars.close[i]! <= stop + 1e-9 || z >= p.exitZ - 1e-9).toBe(true);
      }
    }
    // Never two entries without an exit in between: a flat signal, or the attached stop firing inside a bar.
    expect(stopped.length).toBeGreaterThan(0);
    signals.forEach((s, n) => {
      if (n === 0 || s.direction !== signals[n - 1]!.direction) return;
      expect(s.direction).toBe('long');
      expect(stopped.some((t) => t > signals[n - 1]!.time && t <= s.time)).toBe(true);
    });
  });
});

describe('momentum', () => {
  const universe = ['A', 'B', 'C', 'D', 'E'].map((s, k) => randomWalk(s, 800, 40 + k, 'day', 100, 0));

  it('time-series: long only with ROC above the threshold and close above the trend SMA', () => {
    const p = { mode: 'time-series', rocPeriod: 20, entryRoc: 1, trendPeriod: 50 };
    const { signals } = run(momentum, p, universe);
    expect(signals.length).toBeGreaterThan(20);
    for (const s of signals) {
      const bars = universe.find((b) => b.symbol === s.symbol)!;
      const i = indexOf(bars, s);
      const c = bars.close[i]!;
      const roc = ((c - bars.close[i - p.rocPeriod]!) / bars.close[i - p.rocPeriod]!) * 100;
      const sma = meanSd(bars.close, i, p.trendPeriod).mean;
      if (s.direction === 'long') {
        expect(roc).toBeGreaterThan(p.entryRoc);
        expect(c).toBeGreaterThan(sma);
        expect(s.weight).toBeCloseTo(1 / 5, 12);
      } else {
        expect(roc < 0 || c < sma).toBe(true);
      }
    }
  });

  it('cross-sectional 12-1: every rebalance holds the top N by return from lookback to skip bars ago', () => {
    const p = { mode: 'cross-sectional', lookback: 120, skip: 10, top: 2, rebalanceEvery: 20 };
    const { signals, rt } = run(momentum, p, universe);
    const byTime = new Map<number, Signal[]>();
    for (const s of signals) byTime.set(s.time, [...(byTime.get(s.time) ?? []), s]);
    expect(byTime.size).toBeGreaterThan(20);
    for (const [, group] of byTime) {
      const i = indexOf(universe[0]!, group[0]!);
      expect(i % p.rebalanceEvery).toBe(0);
      const score = universe.map((b) => b.close[i - p.skip]! / b.close[i - p.lookback]! - 1);
      const want = [...score.keys()].sort((a, b) => score[b]! - score[a]!).slice(0, 2).map((j) => universe[j]!.symbol).sort();
      expect(group.filter((s) => s.direction === 'long').map((s) => s.symbol).sort()).toEqual(want);
    }
    expect(rt.ledger.cash).toBeGreaterThanOrEqual(0);
  });
});

describe('multi-factor', () => {
  it('holds the top N by the sum of momentum, low-volatility and trend ranks', () => {
    const universe = ['P', 'Q', 'R', 'S', 'T', 'U'].map((s, k) => randomWalk(s, 700, 70 + k, 'day', 100, 0));
    const p = { top: 2, momentumLookback: 60, volLookback: 30, trendPeriod: 100, rebalanceEvery: 25 };
    const { signals } = run(multiFactor, p, universe);
    const times = [...new Set(signals.map((s) => s.time))];
    expect(times.length).toBeGreaterThan(15);
    const rank = (x: number[]) => {
      const order = [...x.keys()].sort((a, b) => x[b]! - x[a]! || a - b);
      const r: number[] = [];
      order.forEach((j, k) => (r[j] = k));
      return r;
    };
    for (const t of times) {
      const i = indexOf(universe[0]!, signals.find((s) => s.time === t)!);
      const mom = universe.map((b) => b.close[i]! / b.close[i - p.momentumLookback]! - 1);
      const vol = universe.map((b) => {
        const r = Array.from({ length: p.volLookback }, (_, k) => b.close[i - k]! / b.close[i - k - 1]! - 1);
        const m = r.reduce((a, v) => a + v, 0) / r.length;
        return -Math.sqrt(r.reduce((a, v) => a + (v - m) ** 2, 0) / r.length);
      });
      const trend = universe.map((b) => b.close[i]! / meanSd(b.close, i, p.trendPeriod).mean - 1);
      const [rm, rv, rt] = [rank(mom), rank(vol), rank(trend)];
      const composite = universe.map((_, j) => rm[j]! + rv[j]! + rt[j]!);
      const want = [...composite.keys()].sort((a, b) => composite[a]! - composite[b]! || a - b).slice(0, 2).map((j) => universe[j]!.symbol);
      const got = signals.filter((s) => s.time === t && s.direction === 'long').map((s) => s.symbol);
      expect(got.sort()).toEqual(want.sort());
    }
  });
});
