import * as ti from 'technicalindicators';
import { bollinger, getIndicator, indicatorNames, indicatorRegistry, macd, rsi, vwap } from '../../src/indicators';
import type { BarPoint, IndicatorDescriptor } from '../../src/indicators';
import { firstInexact, randomWalk } from './support/randomWalk';

const N = 1500;
const b = randomWalk(N, { seed: 314, start: 900, stepMs: 15 * 60_000 });

function streamAll(d: IndicatorDescriptor): Record<string, Float64Array> {
  const s = d.stream();
  const out: Record<string, Float64Array> = {};
  for (const k of d.outputs) out[k] = new Float64Array(N);
  const bar: BarPoint = { time: 0, open: 0, high: 0, low: 0, close: 0, volume: 0 };
  for (let i = 0; i < N; i++) {
    bar.time = b.time[i]!;
    bar.open = b.open[i]!;
    bar.high = b.high[i]!;
    bar.low = b.low[i]!;
    bar.close = b.close[i]!;
    bar.volume = b.volume[i]!;
    s.next(bar);
    for (const k of d.outputs) out[k]![i] = s.values[k]!;
  }
  return out;
}

describe('indicator registry', () => {
  test('has every built-in kernel and at least 15 technicalindicators extras', () => {
    const names = indicatorNames();
    for (const n of ['sma', 'ema', 'wma', 'rsi', 'atr', 'truerange', 'bollinger', 'macd', 'stdev', 'roc', 'momentum', 'zscore', 'rollingmax', 'rollingmin', 'donchian', 'vwap']) {
      expect(indicatorRegistry.get(n)?.source).toBe('builtin');
    }
    const extras = names.filter((n) => indicatorRegistry.get(n)!.source === 'technicalindicators');
    expect(extras).toEqual(expect.arrayContaining(['stochastic', 'adx', 'obv', 'cci', 'williamsr', 'mfi', 'psar']));
    expect(extras.length).toBeGreaterThanOrEqual(15);
  });

  test.each(indicatorNames())('%s: batch equals streaming, aligned with the input', (name) => {
    const d = indicatorRegistry.get(name)!;
    const batch = d.batch(b);
    const streamed = streamAll(d);
    expect(Object.keys(batch).sort()).toEqual([...d.outputs].sort());
    for (const k of d.outputs) {
      expect(batch[k]!.length).toBe(N);
      expect(firstInexact(streamed[k]!, batch[k]!)).toBe(-1);
      // Something is defined, and once defined the last value is a number.
      expect(Number.isFinite(batch[k]![N - 1])).toBe(true);
    }
  });

  test('built-in entries use the kernels with defaults and given parameters', () => {
    expect(firstInexact(indicatorRegistry.get('rsi')!.batch(b)['value']!, rsi(b.close, 14))).toBe(-1);
    expect(firstInexact(indicatorRegistry.get('macd')!.batch(b, { fast: 5, slow: 13 })['signal']!, macd(b.close, 5, 13, 9).signal)).toBe(-1);
    expect(firstInexact(indicatorRegistry.get('bollinger')!.batch(b, { k: 1.5 })['lower']!, bollinger(b.close, 20, 1.5).lower)).toBe(-1);
    expect(firstInexact(indicatorRegistry.get('vwap')!.batch(b)['value']!, vwap(b.time, b.high, b.low, b.close, b.volume))).toBe(-1);
  });

  test('adapter batch equals technicalindicators.calculate, NaN-padded at the front', () => {
    const high = Array.from(b.high);
    const low = Array.from(b.low);
    const close = Array.from(b.close);
    const volume = Array.from(b.volume);
    const cases: [string, Record<string, number>, readonly unknown[], (r: unknown) => number][] = [
      ['stochastic', { period: 9 }, ti.Stochastic.calculate({ high, low, close, period: 9, signalPeriod: 3 }), (r) => (r as { k: number }).k],
      ['adx', {}, ti.ADX.calculate({ high, low, close, period: 14 }), (r) => (r as { adx: number }).adx],
      ['obv', {}, ti.OBV.calculate({ close, volume }), (r) => r as number],
      ['cci', { period: 10 }, ti.CCI.calculate({ high, low, close, period: 10 }), (r) => r as number],
      ['williamsr', {}, ti.WilliamsR.calculate({ high, low, close, period: 14 }), (r) => r as number],
    ];
    for (const [name, params, theirs, value] of cases) {
      const d = indicatorRegistry.get(name)!;
      const ours = d.batch(b, params)[d.outputs[0]!]!;
      const pad = N - theirs.length;
      expect(pad).toBeGreaterThanOrEqual(0);
      for (let i = 0; i < pad; i++) expect(ours[i]).toBeNaN();
      for (let j = 0; j < theirs.length; j++) expect(ours[pad + j]).toBe(value(theirs[j]));
    }
  });

  test('lookup is case-insensitive; unknown names give one actionable sentence', () => {
    const r = getIndicator(' RSI ');
    expect(r.ok && r.value.name).toBe('rsi');
    const bad = getIndicator('rsx');
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(bad.error).toMatch(/^unknown indicator "rsx"; choose one of: .*\brsi\b.*\.$/);
      expect(bad.error).not.toMatch(/\n|at /);
    }
  });

  test('parameters: defaults, unknown names and bad values', () => {
    const sma = indicatorRegistry.get('sma')!;
    expect(sma.params['period']!.default).toBe(20);
    expect(() => sma.batch(b, { length: 3 })).toThrow(/unknown parameter "length"; parameters are: period/);
    expect(() => sma.stream({ period: 0 })).toThrow(RangeError);
    expect(() => indicatorRegistry.get('psar')!.batch(b, { step: -1 })).toThrow(RangeError);
    expect(() => indicatorRegistry.get('atr')!.batch({ close: b.close })).toThrow(/needs the "high" column/);
  });

  test('a stream reset starts over', () => {
    for (const name of ['ema', 'stochastic']) {
      const d = indicatorRegistry.get(name)!;
      const s = d.stream();
      const bar: BarPoint = { time: b.time[0]!, open: 1, high: 2, low: 0.5, close: 1.5, volume: 10 };
      for (let i = 0; i < 40; i++) s.next(bar);
      expect(Number.isFinite(s.values[d.outputs[0]!])).toBe(true);
      s.reset();
      expect(s.values[d.outputs[0]!]).toBeNaN();
    }
  });
});
