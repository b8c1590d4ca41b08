import fc from 'fast-check';
import { istTime } from '../../src/calendar/ist';
import type { ClosedTrade } from '../../src/analytics';
import { computeMetrics, metricsToJson } from '../../src/analytics';
import type { ChargesBreakdown } from '../../src/core/costs';
import { close, localDate, refDailyLast, refMaxDrawdown, refMean, refStd } from './reference';

const DAY = 86_400_000;
const day = (d: string, hhmm = '15:29'): number => istTime(d, hhmm);

describe('tiny hand-checked case: five daily closes 100, 110, 99, 108.9, 119.79', () => {
  const time = ['2024-01-01', '2024-01-02', '2024-01-03', '2024-01-04', '2024-01-05'].map((d) => day(d));
  const equity = [100, 110, 99, 108.9, 119.79];
  const m = computeMetrics({ curve: { time, equity }, trades: [], initialEquity: 100 });

  test('returns, volatility, Sharpe, Sortino', () => {
    // Daily returns vs initial 100: 0, +10%, −10%, +10%, +10%; mean 0.04.
    // Sample variance = (0.04² + 0.06² + 0.14² + 0.06² + 0.06²) / 4 = 0.032 / 4 = 0.008.
    expect(m.tradingDays).toBe(5);
    expect(m.totalReturn).toBeCloseTo(0.1979, 12);
    expect(m.annualVolatility).toBeCloseTo(Math.sqrt(0.008) * Math.sqrt(252), 12);
    expect(m.sharpe).toBeCloseTo((0.04 / Math.sqrt(0.008)) * Math.sqrt(252), 10); // 7.0993
    // Downside deviation over all N = 5: √(0.1² / 5) = √0.002.
    expect(m.sortino).toBeCloseTo((0.04 / Math.sqrt(0.002)) * Math.sqrt(252), 10); // 14.1986
    expect(m.sharpe).toBeCloseTo(7.0993, 4);
  });

  test('max drawdown 10% from 2 Jan, trough 3 Jan, recovered 5 Jan (108.9 < 110 on 4 Jan)', () => {
    expect(m.maxDrawdown).toBeCloseTo(0.1, 12);
    expect(m.drawdown.peakTime).toBe(time[1]);
    expect(m.drawdown.troughTime).toBe(time[2]);
    expect(m.drawdown.recoveryTime).toBe(time[4]);
    expect(m.drawdown.durationMs).toBe(3 * DAY);
    expect(m.drawdown.recoveryMs).toBe(2 * DAY);
  });

  test('CAGR by calendar days / 365.25 and Calmar', () => {
    const years = (4 * DAY) / (365.25 * DAY);
    expect(m.years).toBeCloseTo(years, 15);
    expect(m.cagr).toBeCloseTo(1.1979 ** (1 / years) - 1, 6);
    expect(m.calmar).toBeCloseTo(m.cagr / 0.1, 6);
  });
});

test('CAGR over two calendar years: 100 → 121 between 1 Jan 2020 and 1 Jan 2022 (731 days)', () => {
  const m = computeMetrics({ curve: { time: [day('2020-01-01'), day('2022-01-01')], equity: [100, 121] }, trades: [] });
  expect(m.cagr).toBeCloseTo(1.21 ** (365.25 / 731) - 1, 12); // ≈ 0.0999
  expect(m.benchmark).toBeNull();
});

test('trade statistics, costs by kind and turnover from round trips', () => {
  const c = (brokerage: number, stt: number): ChargesBreakdown => ({ brokerage, stt, exchange: 0, sebi: 0, stampDuty: 0, gst: 0, dp: 0, total: brokerage + stt });
  const mk = (pnl: number, i: number, charges?: ChargesBreakdown): ClosedTrade => ({
    entryTime: day('2024-01-01', '09:15') + i * DAY,
    exitTime: day('2024-01-01', '09:15') + (i + 1) * DAY,
    quantity: 10,
    entryPrice: 100,
    exitPrice: 100 + pnl / 10,
    pnl,
    ...(charges ? { charges } : {}),
  });
  const trades = [mk(100, 0, c(1, 2)), mk(-50, 1, c(0.5, 0)), mk(0, 2), mk(200, 3), mk(-25, 4)];
  const time = Array.from({ length: 10 }, (_, i) => day('2024-01-01') + i * DAY);
  const equity = time.map(() => 10_000);
  const m = computeMetrics({ curve: { time, equity }, trades });
  // wins 100, 200; losses −50, −25; one flat trade counts in the total only.
  expect(m.trades).toBe(5);
  expect(m.winRate).toBe(0.4);
  expect(m.profitFactor).toBe(4); // 300 / 75
  expect(m.expectancy).toBe(45); // 225 / 5
  expect(m.avgWin).toBe(150);
  expect(m.avgLoss).toBe(-37.5);
  expect(m.costs).toEqual({ brokerage: 1.5, stt: 2, exchange: 0, sebi: 0, stampDuty: 0, gst: 0, dp: 0, total: 3.5 });
  const traded = trades.reduce((s, t) => s + t.quantity * (t.entryPrice + t.exitPrice), 0);
  expect(m.turnover).toBeCloseTo(traded / 10_000, 12);
  // Trades cover [day0 09:15, day5 09:15); curve points at 15:29 on days 0..4 are inside → 5 of 10.
  expect(m.exposure).toBe(0.5);
});

test('positions open at the end are not closed trades: counted apart, left out of win rate and profit factor', () => {
  // Closed: +100, −50, +200, −25 (win rate 2/4, profit factor 300/75 = 4); open at the end, marked: +400 and −10.
  const mk = (pnl: number, i: number, open = false): ClosedTrade => ({
    entryTime: day('2024-01-01', '09:15') + i * DAY,
    exitTime: day('2024-01-01', '09:15') + (i + 1) * DAY,
    quantity: 10,
    entryPrice: 100,
    exitPrice: 100 + pnl / 10,
    pnl,
    ...(open ? { open: true } : {}),
  });
  const trades = [mk(100, 0), mk(-50, 1), mk(200, 2), mk(-25, 3), mk(400, 4, true), mk(-10, 5, true)];
  const time = Array.from({ length: 10 }, (_, i) => day('2024-01-01') + i * DAY);
  const m = computeMetrics({ curve: { time, equity: time.map(() => 10_000) }, trades });
  expect(m.trades).toBe(4);
  expect(m.winRate).toBe(0.5);
  expect(m.profitFactor).toBe(4);
  expect(m.expectancy).toBe(56.25); // 225 / 4
  expect(m.openPositions).toBe(2);
  expect(m.openPnl).toBe(390);
  // Counting the open ones as trades would have given 6 trades, win rate 3/6 and profit factor 700/85 ≈ 8.24.
  // Turnover from round trips: the open ones have no exit leg.
  expect(m.turnover).toBeCloseTo((4 * 10 * 100 + (10 * 110 + 10 * 95 + 10 * 120 + 10 * 97.5) + 2 * 10 * 100) / 10_000, 12);
  // Exposure still counts the time the open positions were held.
  expect(m.exposure).toBe(0.6);
});

test('profit factor with no losses is Infinity; JSON shows "Infinity", NaN as null', () => {
  const t0 = day('2024-01-01');
  const m = computeMetrics({
    curve: { time: [t0, t0 + DAY], equity: [100, 100] },
    trades: [{ entryTime: t0, exitTime: t0 + DAY, quantity: 1, entryPrice: 10, exitPrice: 11, pnl: 1 }],
  });
  expect(m.profitFactor).toBe(Infinity);
  expect(m.sharpe).toBeNaN(); // flat returns: 0 / 0
  const j = metricsToJson(m) as Record<string, unknown>;
  expect(j.profitFactor).toBe('Infinity');
  expect(j.sharpe).toBeNull();
  expect(JSON.stringify(j)).toContain('"profitFactor":"Infinity"');
});

test('fills, when given, are the source of turnover and costs; explicit in-market flags give exposure', () => {
  const t0 = day('2024-01-01');
  const ch: ChargesBreakdown = { brokerage: 0, stt: 10, exchange: 0.3, sebi: 0.01, stampDuty: 1, gst: 0.06, dp: 15.34, total: 26.71 };
  const m = computeMetrics({
    curve: { time: [t0, t0 + DAY, t0 + 2 * DAY, t0 + 3 * DAY], equity: [1000, 1000, 1000, 1000] },
    trades: [],
    fills: [{ value: 500, charges: ch }, { value: 700, charges: ch }],
    inMarket: new Uint8Array([0, 1, 1, 0]),
  });
  expect(m.turnover).toBe(1.2);
  expect(m.costs.total).toBe(53.42);
  expect(m.costs.dp).toBe(30.68);
  expect(m.exposure).toBe(0.5);
});

test('the curve is checked before anything is computed: one time per value, times ascending', () => {
  const t0 = day('2024-01-01');
  expect(() => computeMetrics({ curve: { time: [t0, t0 + DAY], equity: [100] }, trades: [] })).toThrow('equity curve has 2 times but 1 values');
  expect(() => computeMetrics({ curve: { time: [t0, t0 + DAY, t0], equity: [100, 101, 102] }, trades: [] })).toThrow('equity curve times must ascend (index 2)');
  expect(computeMetrics({ curve: { time: [t0, t0], equity: [100, 101] }, trades: [] }).finalEquity).toBe(101); // equal times are allowed
});

// ---- property test against the naive reference ------------------------------------------------
const curveArb = fc
  .array(fc.record({ gapDays: fc.integer({ min: 0, max: 3 }), bars: fc.integer({ min: 1, max: 5 }), moves: fc.array(fc.double({ min: -0.05, max: 0.05, noNaN: true }), { minLength: 5, maxLength: 5 }) }), { minLength: 3, maxLength: 40 })
  .map((days) => {
    const time: number[] = [];
    const equity: number[] = [];
    let d = day('2023-12-29', '00:00');
    let e = 1_000_000;
    for (const x of days) {
      d += (1 + x.gapDays) * DAY;
      for (let b = 0; b < x.bars; b++) {
        e *= 1 + x.moves[b]!;
        time.push(d + (9 * 60 + 15 + b * 75) * 60_000); // 09:15, 10:30, … IST
        equity.push(e);
      }
    }
    return { time, equity };
  });

test('property: turnover (traded over the mean equity) and exposure (points flagged) equal the naive reference', () => {
  fc.assert(
    fc.property(curveArb, fc.double({ min: 1, max: 1e7, noNaN: true }), fc.integer(), (c, traded, seed) => {
      const flags = Uint8Array.from(c.equity, (_, i) => ((seed >>> i % 31) & 1) | (i % 7 === 0 ? 1 : 0));
      const m = computeMetrics({ curve: c, trades: [], fills: [{ value: traded, charges: { brokerage: 0, stt: 0, exchange: 0, sebi: 0, stampDuty: 0, gst: 0, dp: 0, total: 0 } }], inMarket: flags });
      expect(close(m.turnover, traded / refMean(c.equity))).toBe(true);
      expect(m.exposure).toBe(flags.reduce((a, f) => a + (f !== 0 ? 1 : 0), 0) / c.equity.length);
    }),
  );
});

test('property: every curve metric equals the naive reference', () => {
  fc.assert(
    fc.property(curveArb, fc.constantFrom(0, 0.065), (c, rfAnnual) => {
      const initial = 1_000_000;
      const m = computeMetrics({ curve: c, trades: [], initialEquity: initial, options: { riskFreeRate: rfAnnual } });
      const daily = refDailyLast(c.time, c.equity);
      const rets: number[] = [];
      let prev = initial;
      for (const x of daily) {
        rets.push(x.value / prev - 1);
        prev = x.value;
      }
      const rf = Math.pow(1 + rfAnnual, 1 / 252) - 1;
      const ex = rets.map((r) => r - rf);
      const downside = Math.sqrt(ex.map((x) => Math.min(0, x) ** 2).reduce((s, x) => s + x, 0) / ex.length);
      const years = (c.time[c.time.length - 1]! - c.time[0]!) / (365.25 * DAY);
      const final = c.equity[c.equity.length - 1]!;
      expect(m.tradingDays).toBe(daily.length);
      expect(close(m.totalReturn, final / initial - 1)).toBe(true);
      expect(close(m.annualVolatility, refStd(rets) * Math.sqrt(252))).toBe(true);
      expect(close(m.sharpe, (refMean(ex) / refStd(ex)) * Math.sqrt(252), 1e-7)).toBe(true);
      expect(close(m.sortino, downside === 0 ? m.sortino : (refMean(ex) / downside) * Math.sqrt(252), 1e-7)).toBe(true);
      expect(close(m.maxDrawdown, refMaxDrawdown(c.equity))).toBe(true);
      expect(close(m.cagr, Math.pow(final / initial, 1 / years) - 1, 1e-7)).toBe(true);
      expect(localDate(m.drawdown.troughTime) >= localDate(m.drawdown.peakTime)).toBe(true);
    }),
    { numRuns: 200 },
  );
});
