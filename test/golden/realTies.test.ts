/**
 * Issue #15, item 6, on real NSE prices: find every bar where a decision sits exactly on its threshold
 * (decided in BigInt on the decimal prices) while the float kernel puts it on the wrong side, and check
 * that the strategies' decision indicators put each one on the right side.
 *
 * Found in ../shared/data/nse (52 daily files, NIFTY 50, 5 five-minute files): 15 bars where the close
 * equals its 20-bar mean (z = 0) but the rolling float z-score is negative (so mean-reversion's
 * "exit when z ≥ 0" would wait a bar) — 5 daily, 10 five-minute, among them INFY 2023-07-21 13:25,
 * z = −4.37e-14 — and 2 bars where SMA5 = SMA20 exactly but the float SMAs differ (SBIN 2024-06-14 13:35,
 * TCS 2024-03-01 14:10).
 */
import { readdirSync } from 'node:fs';
import { runBacktest } from '../../src/backtest/runBacktest';
import type { BarSeries } from '../../src/core/barSeries';
import { exactSmaSign, exactZscoreSign, sma, zscore } from '../../src/indicators';
import { smaCrossOf, zscoreSideOf } from '../../strategies/lib/indicatorDefs';
import { request, strategies } from '../backtest/support/fixtures';
import { describeWithNseData, loadNse, nsePath } from '../support/nseData';

const IST = 330 * 60_000;
const stamp = (s: BarSeries, i: number): string => `${s.symbol} ${new Date(s.time[i]! + IST).toISOString().slice(0, 16).replace('T00:00', '').replace('T', ' ')}`;
const columns = (s: BarSeries) => ({ time: s.time, open: s.open, high: s.high, low: s.low, close: s.close.subarray(0, s.length), volume: s.volume, length: s.length });

const WRONG_SIDE_Z = [
  'NESTLEIND 2012-07-12',
  'POWERGRID 2023-08-16',
  'SBIN 2020-10-07',
  'SUNPHARMA 2018-08-13',
  'TATACONSUM 2016-06-06',
  'HDFCBANK 2024-01-01 11:50',
  'INFY 2023-07-21 13:25',
  'INFY 2023-08-10 11:20',
  'INFY 2023-08-10 12:05',
  'SBIN 2023-07-27 12:20',
  'SBIN 2023-09-25 09:25',
  'SBIN 2023-10-30 14:40',
  'SBIN 2023-12-22 11:25',
  'SBIN 2024-03-04 14:25',
  'TCS 2023-10-10 14:40',
];

describeWithNseData('daily', 'intraday', 'index/NIFTY50.csv')('ties on real NSE series', () => {
  let all: BarSeries[] = [];
  beforeAll(async () => {
    const files = [
      ...readdirSync(nsePath('daily')).map((f) => `daily/${f}`),
      'index/NIFTY50.csv',
      ...readdirSync(nsePath('intraday')).map((f) => `intraday/${f}`),
    ];
    all = await Promise.all(files.map((f) => loadNse(f, f.split('/')[1]!.replace(/(_5min)?\.csv$/, ''))));
  });

  test('z = 0 ties read as z < 0 by the float z-score: 15 bars, each decided z ≥ 0 by the exact decision', () => {
    const found: string[] = [];
    for (const s of all) {
      const c = s.close.subarray(0, s.length);
      const z = zscore(c, 20);
      const side = zscoreSideOf(20, 0).batch(columns(s));
      for (let i = 0; i < s.length; i++) {
        if (!(Math.abs(z[i]!) < 1e-6)) continue;
        const exact = exactZscoreSign(c, i, 20, 0);
        if (exact === 0 && z[i]! < 0) found.push(stamp(s, i));
        // The decision indicator agrees with the exact sign wherever the float value is near the threshold.
        if (!Number.isNaN(exact)) expect(side[i]).toBe(exact);
      }
    }
    expect(found.sort()).toEqual([...WRONG_SIDE_Z].sort());
  });

  test('SMA5 = SMA20 ties the float SMAs split: 2 bars, both a tie for the exact decision', () => {
    const found: string[] = [];
    for (const s of all) {
      const c = s.close.subarray(0, s.length);
      const f = sma(c, 5);
      const m = sma(c, 20);
      const cross = smaCrossOf(5, 20).batch(columns(s));
      for (let i = 19; i < s.length; i++) {
        const d = f[i]! - m[i]!;
        if (!(Math.abs(d) < 1e-6 * m[i]!)) continue;
        const exact = exactSmaSign(c, i, 5, 20);
        if (exact === 0 && d !== 0) found.push(stamp(s, i));
        expect(cross[i]).toBe(exact);
      }
    }
    expect(found.sort()).toEqual(['SBIN 2024-06-14 13:35', 'TCS 2024-03-01 14:10']);
  });

  test('mean-reversion on INFY 5-minute exits on the 13:25 bar of 2023-07-21 (z = 0): filled 13:30 at 1333.10', () => {
    const infy = all.find((s) => s.symbol === 'INFY' && s.interval === '5m')!;
    const r = runBacktest(request({ strategy: 'mean-reversion', symbols: ['INFY'], interval: '5m' }), { series: new Map([['INFY', infy]]), synthetic: false }, { strategies: strategies() });
    if (!r.ok) throw new Error(r.error);
    const t = r.value.trades.find((x) => stamp(infy, infy.lowerBound(x.entryTime)) === 'INFY 2023-07-21 12:25')!;
    expect(stamp(infy, infy.lowerBound(t.exitTime))).toBe('INFY 2023-07-21 13:30');
    expect(t.exitPrice).toBe(1333.1);
  });
});
