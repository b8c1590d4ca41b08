import {
  Atr, Bollinger, Donchian, Ema, Macd, Momentum, Roc, RollingMax, RollingMin, Rsi, Sma, Stdev, Vwap, Wma, ZScore,
  atr, bollinger, donchian, ema, macd, momentum, roc, rollingMax, rollingMin, rsi, sma, stdev, trueRange, vwap, wma, zscore,
} from '../../src/indicators';
import { randomWalk } from './support/randomWalk';

const b = randomWalk(300, { seed: 1 });
const { time, high, low, close, volume } = b;

/** Index of the first non-NaN entry, checking every later entry is a finite number. */
function firstDefined(x: Float64Array): number {
  const k = x.findIndex((v) => !Number.isNaN(v));
  for (let i = k; i < x.length; i++) expect(Number.isFinite(x[i])).toBe(true);
  return k;
}

describe('warm-up entries are NaN, then every value is finite', () => {
  test.each([
    ['sma(20)', () => sma(close, 20), 19],
    ['ema(20)', () => ema(close, 20), 19],
    ['wma(20)', () => wma(close, 20), 19],
    ['rsi(14)', () => rsi(close, 14), 14],
    ['atr(14)', () => atr(high, low, close, 14), 14],
    ['trueRange', () => trueRange(high, low, close), 0],
    ['stdev(20)', () => stdev(close, 20), 19],
    ['zscore(20)', () => zscore(close, 20), 19],
    ['roc(10)', () => roc(close, 10), 10],
    ['momentum(10)', () => momentum(close, 10), 10],
    ['rollingMax(20)', () => rollingMax(close, 20), 19],
    ['rollingMin(20)', () => rollingMin(close, 20), 19],
    ['bollinger(20).upper', () => bollinger(close, 20, 2).upper, 19],
    ['bollinger(20).lower', () => bollinger(close, 20, 2).lower, 19],
    ['donchian(20).middle', () => donchian(high, low, 20).middle, 19],
    ['macd.macd', () => macd(close).macd, 25],
    ['macd.signal', () => macd(close).signal, 33],
    ['macd.histogram', () => macd(close).histogram, 33],
    ['vwap', () => vwap(time, high, low, close, volume), 0],
  ])('%s', (_n, f, warm) => {
    expect(firstDefined(f())).toBe(warm);
  });

  test('series shorter than the warm-up are all NaN', () => {
    const short = close.subarray(0, 10);
    for (const x of [sma(short, 20), ema(short, 20), rsi(short, 10), stdev(short, 11), macd(short).macd]) {
      expect(x.length).toBe(10);
      expect(x.every(Number.isNaN)).toBe(true);
    }
    expect(atr(high.subarray(0, 14), low.subarray(0, 14), close.subarray(0, 14), 14).every(Number.isNaN)).toBe(true);
  });

  test('true range of the first bar is high − low', () => {
    expect(trueRange(high, low, close)[0]).toBe(high[0]! - low[0]!);
  });

  test('vwap is NaN while the session has no volume and restarts at the next IST day', () => {
    const day1 = Date.parse('2025-03-03T09:15:00+05:30');
    const day2 = Date.parse('2025-03-04T09:15:00+05:30');
    const t = new Float64Array([day1, day1 + 60_000, day1 + 120_000, day2]);
    const h = new Float64Array([101, 103, 105, 201]);
    const l = new Float64Array([99, 101, 103, 199]);
    const c = new Float64Array([100, 102, 104, 200]);
    const v = new Float64Array([0, 10, 30, 5]);
    const w = vwap(t, h, l, c, v);
    expect(w[0]).toBeNaN();
    expect(w[1]).toBeCloseTo(102, 12);
    expect(w[2]).toBeCloseTo((102 * 10 + 104 * 30) / 40, 12);
    expect(w[3]).toBeCloseTo(200, 12);
  });
});

describe('bad parameters throw RangeError', () => {
  test.each([0, -1, 2.5, NaN, Infinity])('period %p', (p) => {
    expect(() => sma(close, p)).toThrow(RangeError);
    expect(() => ema(close, p)).toThrow(RangeError);
    expect(() => wma(close, p)).toThrow(RangeError);
    expect(() => rsi(close, p)).toThrow(RangeError);
    expect(() => atr(high, low, close, p)).toThrow(RangeError);
    expect(() => stdev(close, p)).toThrow(RangeError);
    expect(() => zscore(close, p)).toThrow(RangeError);
    expect(() => roc(close, p)).toThrow(RangeError);
    expect(() => momentum(close, p)).toThrow(RangeError);
    expect(() => rollingMax(close, p)).toThrow(RangeError);
    expect(() => rollingMin(close, p)).toThrow(RangeError);
    expect(() => bollinger(close, p, 2)).toThrow(RangeError);
    expect(() => donchian(high, low, p)).toThrow(RangeError);
    expect(() => macd(close, p, 26, 9)).toThrow(RangeError);
    expect(() => macd(close, 12, 26, p)).toThrow(RangeError);
    for (const C of [Sma, Ema, Wma, Rsi, Atr, Stdev, ZScore, Roc, Momentum, RollingMax, RollingMin, Donchian]) {
      expect(() => new C(p)).toThrow(RangeError);
    }
    expect(() => new Bollinger(p, 2)).toThrow(RangeError);
  });

  test('other parameter and input errors', () => {
    expect(() => macd(close, 26, 12, 9)).toThrow(/fast \(26\) must be shorter than slow \(12\)/);
    expect(() => new Macd(12, 12, 9)).toThrow(RangeError);
    expect(() => bollinger(close, 20, NaN)).toThrow(RangeError);
    expect(() => new Bollinger(20, Infinity)).toThrow(RangeError);
    expect(() => atr(high, low.subarray(1), close, 14)).toThrow(/equal lengths/);
    expect(() => vwap(time, high, low, close, volume.subarray(2))).toThrow(RangeError);
    expect(() => sma(close, 5, new Float64Array(3))).toThrow(/out has length 3/);
    expect(() => sma(close, 0)).toThrow('sma: period must be an integer ≥ 1, got 0');
  });

  test('streaming warm-up returns NaN and reset starts over', () => {
    const s = new Sma(3);
    expect(s.next(1)).toBeNaN();
    expect(s.next(2)).toBeNaN();
    expect(s.next(3)).toBe(2);
    s.reset();
    expect(s.next(10)).toBeNaN();
    expect(s.value).toBeNaN();
    const w = new Vwap();
    expect(w.next(time[0]!, 1, 1, 1, 0)).toBeNaN();
  });
});
