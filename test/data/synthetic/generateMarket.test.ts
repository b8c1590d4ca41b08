import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NseCalendar } from '../../../src/calendar/nseCalendar';
import { bucketStart, istDate, istMidnight } from '../../../src/calendar/ist';
import type { BarSeries } from '../../../src/core/barSeries';
import { intervalMs } from '../../../src/core/interval';
import { isOnTick } from '../../../src/core/money';
import { loadCsvDir } from '../../../src/data/csv/loadCsv';
import { exportSyntheticCsv } from '../../../src/data/synthetic/exportCsv';
import type { SyntheticMarket } from '../../../src/data/synthetic/generateMarket';
import { generateMarket } from '../../../src/data/synthetic/generateMarket';
import type { SyntheticOptions } from '../../../src/data/synthetic/syntheticOptions';

const gen = (o: SyntheticOptions): SyntheticMarket => {
  const r = generateMarket(o);
  if (!r.ok) throw new Error(r.error);
  return r.value;
};
const bytes = (a: Float64Array): Buffer => Buffer.from(a.buffer, a.byteOffset, a.byteLength);
const COLS = ['time', 'open', 'high', 'low', 'close', 'volume'] as const;

/** Straightforward sample statistics, independent of the generator. */
function stdev(xs: number[]): number {
  const m = xs.reduce((a, b) => a + b, 0) / xs.length;
  return Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1));
}
function corr(xs: number[], ys: number[]): number {
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
  const my = ys.reduce((a, b) => a + b, 0) / ys.length;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < xs.length; i++) {
    sxy += (xs[i]! - mx) * (ys[i]! - my);
    sxx += (xs[i]! - mx) ** 2;
    syy += (ys[i]! - my) ** 2;
  }
  return sxy / Math.sqrt(sxx * syy);
}
/** Log close-to-close returns of bars in the same IST day (no overnight gaps). */
function intradayReturns(s: BarSeries, keep: (i: number) => boolean = () => true): number[] {
  const out: number[] = [];
  for (let i = 1; i < s.length; i++) {
    if (istMidnight(s.time[i]!) !== istMidnight(s.time[i - 1]!) || !keep(i)) continue;
    out.push(Math.log(s.close[i]! / s.close[i - 1]!));
  }
  return out;
}

describe('generateMarket: determinism and labelling', () => {
  const opts: SyntheticOptions = { symbols: ['AAA', 'BBB'], start: '2025-01-01', bars: 20_000, interval: '5m', seed: 1234 };

  it('the same seed gives byte-identical columns; another seed does not', () => {
    const a = gen(opts);
    const b = gen(opts);
    const c = gen({ ...opts, seed: 1235 });
    for (const sym of ['AAA', 'BBB'])
      for (const col of COLS) {
        expect(bytes(a.series.get(sym)![col].subarray(0, 20_000)).equals(bytes(b.series.get(sym)![col].subarray(0, 20_000)))).toBe(true);
      }
    expect(bytes(a.series.get('AAA')!.close).equals(bytes(c.series.get('AAA')!.close))).toBe(false);
    expect(Buffer.from(a.regime).equals(Buffer.from(b.regime))).toBe(true);
  });

  it('is labelled synthetic', () => {
    const m = gen(opts);
    expect(m.source).toBe('synthetic');
    expect(m.synthetic).toBe(true);
    expect(m.label).toMatch(/SYNTHETIC.*seed 1234/);
  });

  it('exports labelled CSV files that load back exactly, identical across runs', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'autoppm-syn-'));
    try {
      const m = gen(opts);
      await exportSyntheticCsv(m, join(dir, 'a'));
      await exportSyntheticCsv(gen(opts), join(dir, 'b'));
      const fa = await readFile(join(dir, 'a', 'AAA.csv'), 'utf8');
      expect(fa).toBe(await readFile(join(dir, 'b', 'AAA.csv'), 'utf8'));
      expect(fa.startsWith('# source: synthetic\n# SYNTHETIC data')).toBe(true);
      const r = await loadCsvDir(join(dir, 'a'), ['AAA', 'BBB']);
      expect(r.ok).toBe(true);
      if (!r.ok) return;
      for (const sym of ['AAA', 'BBB']) {
        const loaded = r.value.get(sym)!;
        expect(loaded.synthetic).toBe(true);
        expect(loaded.series.interval).toBe('5m');
        for (const col of COLS) expect(Array.from(loaded.series[col].subarray(0, loaded.series.length))).toEqual(Array.from(m.series.get(sym)![col].subarray(0, 20_000)));
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('generateMarket: bars', () => {
  it('OHLCV-consistent bars on the 0.05 grid; open = previous close inside a session', () => {
    const m = gen({ symbols: ['X', 'Y'], start: '2024-06-01', bars: 30_000, interval: '1m', seed: 9, startPrice: [250, 4000] });
    for (const s of m.series.values()) {
      expect(s.length).toBe(30_000);
      for (let i = 0; i < s.length; i++) {
        const [o, h, l, c, v] = [s.open[i]!, s.high[i]!, s.low[i]!, s.close[i]!, s.volume[i]!];
        if (!(h >= Math.max(o, c) && l <= Math.min(o, c) && l > 0 && v >= 1 && Number.isInteger(v))) throw new Error(`bar ${i} inconsistent`);
        if (![o, h, l, c].every((p) => isOnTick(p, 0.05) && p === Number(p.toFixed(2)))) throw new Error(`bar ${i} off the tick grid`);
        if (i > 0 && istMidnight(s.time[i]!) === istMidnight(s.time[i - 1]!) && o !== s.close[i - 1]) throw new Error(`bar ${i} gaps inside a session`);
      }
    }
  });

  it('intraday bars sit in NSE sessions on trading days, aligned by bucketStart (incl. the 2025 Muhurat session)', () => {
    const cal = new NseCalendar();
    for (const interval of ['5m', '15m', '60m'] as const) {
      const s = gen({ symbols: ['X'], start: '2025-10-15', end: '2025-10-31', interval, seed: 3 }).series.get('X')!;
      const len = intervalMs(interval);
      const days = new Set<string>();
      for (let i = 0; i < s.length; i++) {
        const t = s.time[i]!;
        expect(bucketStart(t, interval)).toBe(t);
        if (i > 0) expect(t).toBeGreaterThan(s.time[i - 1]!);
        const b = cal.sessionBounds(t)!;
        expect(b.windows.some((w) => t < w.close && t + len > w.open)).toBe(true);
        days.add(istDate(t));
      }
      const expected: string[] = [];
      for (let d = '2025-10-15'; d <= '2025-10-31'; d = cal.nextTradingDay(d)) if (cal.isTradingDay(d)) expected.push(d);
      expect([...days]).toEqual(expected);
      expect(days.has('2025-10-21')).toBe(true); // Muhurat
      expect(days.has('2025-10-22')).toBe(false); // Balipratipada
    }
    const fiveMin = gen({ symbols: ['X'], start: '2025-10-21', end: '2025-10-21', interval: '5m', seed: 3 }).series.get('X')!;
    expect(fiveMin.length).toBe(12); // 13:45–14:45
    const regular = gen({ symbols: ['X'], start: '2025-10-20', end: '2025-10-20', interval: '1m', seed: 3 }).series.get('X')!;
    expect(regular.length).toBe(375);
  });

  it('daily bars: one 00:00 IST bar per trading day, including special sessions', () => {
    const cal = new NseCalendar();
    const s = gen({ symbols: ['X'], start: '2025-01-01', end: '2025-12-31', interval: 'day', seed: 5 }).series.get('X')!;
    expect(s.length).toBe(cal.tradingDaysBetween('2025-01-01', '2026-01-01'));
    for (let i = 0; i < s.length; i++) {
      expect(s.time[i]).toBe(istMidnight(s.time[i]!));
      expect(cal.isTradingDay(s.time[i]!)).toBe(true);
    }
  });
});

describe('generateMarket: statistics (fixed seeds, generous tolerances)', () => {
  it('recovers the target volatility from 1-minute returns', () => {
    const s = gen({ symbols: ['X'], start: '2024-01-01', bars: 200_000, interval: '1m', seed: 21, vol: 0.3, drift: 0, regimes: false }).series.get('X')!;
    const annual = stdev(intradayReturns(s)) * Math.sqrt(252 * 375);
    expect(annual).toBeGreaterThan(0.3 * 0.95);
    expect(annual).toBeLessThan(0.3 * 1.05);
  });

  it('recovers a pairwise correlation and a full correlation matrix', () => {
    const m = gen({ symbols: ['A', 'B', 'C'], start: '2010-01-01', bars: 4000, interval: 'day', seed: 8, correlation: 0.6, regimes: false });
    const rets = ['A', 'B', 'C'].map((k) => {
      const s = m.series.get(k)!;
      return Array.from({ length: s.length - 1 }, (_, i) => Math.log(s.close[i + 1]! / s.close[i]!));
    });
    for (const [i, j] of [[0, 1], [0, 2], [1, 2]] as const) expect(Math.abs(corr(rets[i]!, rets[j]!) - 0.6)).toBeLessThan(0.06);

    const target = [
      [1, -0.4, 0.2],
      [-0.4, 1, 0.5],
      [0.2, 0.5, 1],
    ];
    const m2 = gen({ symbols: ['A', 'B', 'C'], start: '2010-01-01', bars: 4000, interval: 'day', seed: 8, correlation: target, regimes: false });
    const r2 = ['A', 'B', 'C'].map((k) => {
      const s = m2.series.get(k)!;
      return Array.from({ length: s.length - 1 }, (_, i) => Math.log(s.close[i + 1]! / s.close[i]!));
    });
    for (const [i, j] of [[0, 1], [0, 2], [1, 2]] as const) expect(Math.abs(corr(r2[i]!, r2[j]!) - target[i]![j]!)).toBeLessThan(0.07);
  });

  it('switches between calm and stressed regimes with the stressed volatility multiplier', () => {
    const m = gen({
      symbols: ['X'],
      start: '2020-01-01',
      bars: 300_000,
      interval: '1m',
      seed: 99,
      vol: 0.2,
      regimes: { stressedVolMultiplier: 3, toStressedPerDay: 0.05, toCalmPerDay: 0.2 },
    });
    const s = m.series.get('X')!;
    const share = m.regime.reduce((a, b) => a + b, 0) / m.regime.length;
    expect(share).toBeGreaterThan(0.05);
    expect(share).toBeLessThan(0.5);
    const calm = stdev(intradayReturns(s, (i) => m.regime[i] === 0));
    const stressed = stdev(intradayReturns(s, (i) => m.regime[i] === 1));
    expect(stressed / calm).toBeGreaterThan(3 * 0.9);
    expect(stressed / calm).toBeLessThan(3 * 1.1);
  });
});

describe('generateMarket: option errors are one-sentence Results', () => {
  it.each([
    [{ symbols: ['X'], start: '2025-01-01', bars: 10, end: '2025-02-01' }, /either bars or end/],
    [{ symbols: ['X'], start: '2025-01-01' }, /either bars or end/],
    [{ symbols: [], start: '2025-01-01', bars: 10 }, /at symbols/],
    [{ symbols: ['X', 'Y'], start: '2025-01-01', bars: 10, vol: [0.2] }, /one value per symbol/],
    [{ symbols: ['X', 'Y', 'Z'], start: '2025-01-01', bars: 10, correlation: -0.9 }, /not positive definite/],
    [{ symbols: ['X', 'Y'], start: '2025-01-01', bars: 10, correlation: [[1, 0.5], [0.4, 1]] }, /symmetric/],
    [{ symbols: ['X'], start: '2025-02-30', bars: 10 }, /at start: expected a date/],
  ] as [SyntheticOptions, RegExp][])('%j', (o, msg) => {
    const r = generateMarket(o);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error).toMatch(msg);
      expect(r.error).toMatch(/^Synthetic market options are invalid.*\.$/);
    }
  });
});
