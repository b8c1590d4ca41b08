import {
  Atr, Bollinger, Donchian, Ema, Macd, Momentum, Roc, RollingMax, RollingMin, Rsi, Sma, Stdev, TrueRange, Vwap, Wma, ZScore,
  atr, bollinger, donchian, ema, macd, momentum, roc, rollingMax, rollingMin, rsi, sma, stdev, trueRange, vwap, wma, zscore,
} from '../../src/indicators';
import { firstInexact, randomWalk } from './support/randomWalk';

const N = 5000;
const bars = randomWalk(N, { seed: 20250101, start: 2500, stepMs: 5 * 60_000 });
const { time, high, low, close, volume } = bars;

/** Runs `step(i)` for every bar into a new array. */
function collect(step: (i: number) => number): Float64Array {
  const o = new Float64Array(N);
  for (let i = 0; i < N; i++) o[i] = step(i);
  return o;
}

interface SingleCase {
  name: string;
  batch: () => Float64Array;
  stream: () => { next: (i: number) => number; reset: () => void };
}

const closeCase = (name: string, batch: () => Float64Array, make: () => { next(x: number): number; reset(): void }): SingleCase => ({
  name,
  batch,
  stream: () => {
    const k = make();
    return { next: (i) => k.next(close[i]!), reset: () => k.reset() };
  },
});

const single: SingleCase[] = [];
for (const p of [1, 2, 14, 20, 50]) {
  single.push(
    closeCase(`sma(${p})`, () => sma(close, p), () => new Sma(p)),
    closeCase(`ema(${p})`, () => ema(close, p), () => new Ema(p)),
    closeCase(`wma(${p})`, () => wma(close, p), () => new Wma(p)),
    closeCase(`rsi(${p})`, () => rsi(close, p), () => new Rsi(p)),
    closeCase(`stdev(${p})`, () => stdev(close, p), () => new Stdev(p)),
    closeCase(`zscore(${p})`, () => zscore(close, p), () => new ZScore(p)),
    closeCase(`roc(${p})`, () => roc(close, p), () => new Roc(p)),
    closeCase(`momentum(${p})`, () => momentum(close, p), () => new Momentum(p)),
    closeCase(`rollingMax(${p})`, () => rollingMax(close, p), () => new RollingMax(p)),
    closeCase(`rollingMin(${p})`, () => rollingMin(close, p), () => new RollingMin(p)),
    {
      name: `atr(${p})`,
      batch: () => atr(high, low, close, p),
      stream: () => {
        const k = new Atr(p);
        return { next: (i) => k.next(high[i]!, low[i]!, close[i]!), reset: () => k.reset() };
      },
    },
  );
}
single.push(
  {
    name: 'trueRange',
    batch: () => trueRange(high, low, close),
    stream: () => {
      const k = new TrueRange();
      return { next: (i) => k.next(high[i]!, low[i]!, close[i]!), reset: () => k.reset() };
    },
  },
  {
    name: 'vwap',
    batch: () => vwap(time, high, low, close, volume),
    stream: () => {
      const k = new Vwap();
      return { next: (i) => k.next(time[i]!, high[i]!, low[i]!, close[i]!, volume[i]!), reset: () => k.reset() };
    },
  },
);

describe('streaming equals batch exactly (5,000 random-walk bars)', () => {
  test.each(single.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const b = c.batch();
    const s = c.stream();
    expect(firstInexact(collect(s.next), b)).toBe(-1);
    s.reset();
    expect(firstInexact(collect(s.next), b)).toBe(-1);
  });

  test.each([
    [20, 2],
    [10, 1.5],
    [1, 2],
  ])('bollinger(%i, %d)', (p, k) => {
    const b = bollinger(close, p, k);
    const s = new Bollinger(p, k);
    const up = new Float64Array(N);
    const lo = new Float64Array(N);
    const mid = collect((i) => {
      s.next(close[i]!);
      up[i] = s.upper;
      lo[i] = s.lower;
      return s.middle;
    });
    expect(firstInexact(up, b.upper)).toBe(-1);
    expect(firstInexact(mid, b.middle)).toBe(-1);
    expect(firstInexact(lo, b.lower)).toBe(-1);
    // The middle band is the SMA, bit for bit.
    expect(firstInexact(b.middle, sma(close, p))).toBe(-1);
  });

  test.each([
    [12, 26, 9],
    [5, 35, 5],
    [1, 2, 1],
  ])('macd(%i, %i, %i)', (f, sl, g) => {
    const b = macd(close, f, sl, g);
    const s = new Macd(f, sl, g);
    const sig = new Float64Array(N);
    const hist = new Float64Array(N);
    const m = collect((i) => {
      const r = s.next(close[i]!);
      sig[i] = s.signal;
      hist[i] = s.histogram;
      expect(Object.is(r, s.macd) || Number.isNaN(r)).toBe(true);
      return s.macd;
    });
    expect(firstInexact(m, b.macd)).toBe(-1);
    expect(firstInexact(sig, b.signal)).toBe(-1);
    expect(firstInexact(hist, b.histogram)).toBe(-1);
  });

  test.each([1, 20, 55])('donchian(%i)', (p) => {
    const b = donchian(high, low, p);
    const s = new Donchian(p);
    const up = new Float64Array(N);
    const lo = new Float64Array(N);
    const mid = collect((i) => {
      s.next(high[i]!, low[i]!);
      up[i] = s.upper;
      lo[i] = s.lower;
      return s.middle;
    });
    expect(firstInexact(up, b.upper)).toBe(-1);
    expect(firstInexact(lo, b.lower)).toBe(-1);
    expect(firstInexact(mid, b.middle)).toBe(-1);
  });

  test('batch writes into a caller-supplied out array and returns it', () => {
    const out = new Float64Array(N).fill(123);
    expect(sma(close, 20, out)).toBe(out);
    expect(firstInexact(out, sma(close, 20))).toBe(-1);
    const bands = { upper: new Float64Array(N), middle: new Float64Array(N), lower: new Float64Array(N) };
    expect(bollinger(close, 20, 2, bands)).toBe(bands);
    expect(firstInexact(bands.upper, bollinger(close, 20, 2).upper)).toBe(-1);
  });
});
