import fc from 'fast-check';
import { istTime } from '../../src/calendar/ist';
import type { ClosedTrade } from '../../src/analytics';
import { computeMetrics, drawdownSeries, exposureFromTrades, monthlyReturns, quantile, quantileSorted, labelledDailyReturns } from '../../src/analytics';
import { close, localDate, refDailyLast, refMean } from './reference';

const DAY = 86_400_000;

describe('quantile (numpy linear, type 7)', () => {
  test('hand values as numpy gives them', () => {
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantile([1, 2, 3, 4], 0.25)).toBe(1.75);
    expect(quantile([3, 1, 2], 0.9)).toBeCloseTo(2.8, 12);
    expect(quantile([5], 0.3)).toBe(5);
    expect(quantile([], 0.5)).toBeNaN();
    expect(() => quantile([1], 1.5)).toThrow(RangeError);
  });

  test('property: equals the 1-based textbook form Q = (1−g)·x_j + g·x_{j+1}, j = ⌊np + 1 − p⌋', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 50 }), fc.double({ min: 0, max: 1, noNaN: true }), (xs, p) => {
        const s = [...xs].sort((a, b) => a - b);
        const n = s.length;
        const h = n * p + 1 - p;
        const j = Math.min(Math.floor(h), n);
        const g = h - Math.floor(h);
        const x = (k: number): number => s[Math.min(Math.max(k, 1), n) - 1]!;
        const want = (1 - g) * x(j) + g * x(j + 1);
        expect(close(quantileSorted(Float64Array.from(s), p), want, 1e-9)).toBe(true);
      }),
    );
  });
});

test('drawdown series: E / running peak − 1', () => {
  expect(Array.from(drawdownSeries([100, 120, 90, 120, 130, 65]))).toEqual([0, 0, -0.25, 0, 0, -0.5]);
});

test('monthly and daily returns use the last equity of each IST month/day', () => {
  const t = (d: string, hm: string): number => istTime(d, hm);
  // 31 Jan 23:59 IST is 18:29 UTC: still January in IST. 1 Feb 00:01 IST is 31 Jan in UTC, but February in IST.
  const time = [t('2024-01-02', '10:00'), t('2024-01-31', '23:59'), t('2024-02-01', '00:01'), t('2024-02-29', '15:00'), t('2024-03-01', '10:00')];
  const equity = [100, 110, 121, 99, 108.9];
  const m = monthlyReturns({ time, equity }, 100);
  expect(m.map((x) => x.period)).toEqual(['2024-01', '2024-02', '2024-03']);
  expect(m[0]!.ret).toBeCloseTo(0.1, 12); // 110 / 100
  expect(m[1]!.ret).toBeCloseTo(-0.1, 12); // 99 / 110
  expect(m[2]!.ret).toBeCloseTo(0.1, 12); // 108.9 / 99
  const d = labelledDailyReturns({ time, equity }, 100);
  expect(d.map((x) => x.period)).toEqual(['2024-01-02', '2024-01-31', '2024-02-01', '2024-02-29', '2024-03-01']);
});

test('property: exposure equals a brute-force count of covered points', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 60 }),
      fc.array(fc.tuple(fc.integer({ min: 0, max: 70 }), fc.integer({ min: 0, max: 20 })), { maxLength: 8 }),
      (n, raw) => {
        const time = Array.from({ length: n }, (_, i) => i * 1000);
        const trades: ClosedTrade[] = raw.map(([a, len]) => ({ entryTime: a * 1000, exitTime: (a + len) * 1000, quantity: 1, entryPrice: 1, exitPrice: 1, pnl: 0 }));
        const covered = time.filter((x) => trades.some((tr) => tr.entryTime <= x && x < tr.exitTime)).length;
        expect(exposureFromTrades(time, trades)).toBe(covered / n);
      },
    ),
  );
});

describe('benchmark-relative statistics', () => {
  const start = istTime('2024-01-01', '15:30');
  test('strategy = 0.0001 + 1.5 × benchmark daily: beta 1.5, correlation 1, alpha 252 × 0.0001', () => {
    let b = 20_000;
    let e = 1_000_000;
    const bt: number[] = [start];
    const bc: number[] = [b];
    const st: number[] = [];
    const se: number[] = [];
    for (let i = 1; i <= 60; i++) {
      const r = 0.01 * Math.sin(i * 1.7) + 0.002 * Math.cos(i * 0.3);
      b *= 1 + r;
      e *= 1 + 0.0001 + 1.5 * r;
      bt.push(start + i * DAY);
      bc.push(b);
      st.push(start + i * DAY);
      se.push(e);
    }
    const m = computeMetrics({ curve: { time: st, equity: se }, trades: [], initialEquity: 1_000_000, benchmark: { time: bt, close: bc } });
    expect(m.benchmark!.days).toBe(60);
    expect(m.benchmark!.beta).toBeCloseTo(1.5, 10);
    expect(m.benchmark!.correlation).toBeCloseTo(1, 10);
    expect(m.benchmark!.alpha).toBeCloseTo(0.0252, 10);
    expect(m.benchmark!.totalReturn).toBeCloseTo(b / 20_000 - 1, 12);
  });

  test('property: beta, alpha and correlation on dates in both series equal the naive reference', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.double({ min: -0.04, max: 0.04, noNaN: true }), fc.double({ min: -0.04, max: 0.04, noNaN: true }), fc.boolean(), fc.boolean()), { minLength: 5, maxLength: 80 }),
        fc.constantFrom(0, 0.065),
        (rows, rfA) => {
          // Day i: strategy and/or benchmark may be missing (holiday mismatch).
          const st: number[] = [];
          const se: number[] = [];
          const bt: number[] = [start];
          const bc: number[] = [100];
          let e = 1000;
          let b = 100;
          rows.forEach(([rs, rb, hasS, hasB], i) => {
            const t = start + (i + 1) * DAY;
            if (hasS || i === 0) {
              e *= 1 + rs;
              st.push(t);
              se.push(e);
            }
            if (hasB) {
              b *= 1 + rb;
              bt.push(t);
              bc.push(b);
            }
          });
          const m = computeMetrics({ curve: { time: st, equity: se }, trades: [], initialEquity: 1000, benchmark: { time: bt, close: bc }, options: { riskFreeRate: rfA } });
          // Reference: per-date returns of each series, then keep common dates.
          const sr = new Map<string, number>();
          let prev = 1000;
          for (const x of refDailyLast(st, se)) {
            sr.set(x.date, x.value / prev - 1);
            prev = x.value;
          }
          const br = new Map<string, number>();
          const bd = refDailyLast(bt, bc);
          for (let i = 1; i < bd.length; i++) br.set(bd[i]!.date, bd[i]!.value / bd[i - 1]!.value - 1);
          const common = [...sr.keys()].filter((k) => br.has(k));
          const a = common.map((k) => sr.get(k)!);
          const c = common.map((k) => br.get(k)!);
          expect(m.benchmark!.days).toBe(common.length);
          if (common.length < 3) return;
          const ma = refMean(a);
          const mc = refMean(c);
          let cov = 0;
          let vc = 0;
          let va = 0;
          for (let i = 0; i < a.length; i++) {
            cov += (a[i]! - ma) * (c[i]! - mc);
            vc += (c[i]! - mc) ** 2;
            va += (a[i]! - ma) ** 2;
          }
          if (vc === 0 || va === 0) return;
          const beta = cov / vc;
          const rf = Math.pow(1 + rfA, 1 / 252) - 1;
          expect(close(m.benchmark!.beta, beta, 1e-7)).toBe(true);
          expect(close(m.benchmark!.correlation, cov / Math.sqrt(vc * va), 1e-7)).toBe(true);
          expect(close(m.benchmark!.alpha, 252 * (ma - rf - beta * (mc - rf)), 1e-7)).toBe(true);
          expect(localDate(st[0]!)).toBe('2024-01-02');
        },
      ),
      { numRuns: 200 },
    );
  });
});
