/**
 * Issue #15, item 1, through the simulated broker's two kinds of fill (a market order's at the open and a protective
 * exit's stop leg) sharing one session charge book: a CNC long stopped out on its entry day is charged as an
 * intraday round trip; held overnight it is charged as delivery.
 */
import { runBacktest } from '../../src/backtest/runBacktest';
import type { BacktestResult } from '../../src/backtest/types';
import { ZerodhaEquityCostModel } from '../../src/core/costs';
import { handBars, request } from './support/fixtures';
import { scriptedRegistry } from './support/scripted';

/** Daily bars from 2025-03-10 (a Monday); the scripted long is decided on bar 0 and fills at bar 1's open. */
function run(rows: [number, number, number, number][]): BacktestResult {
  const bars = handBars('INFY', 'day', rows);
  const start = Date.parse('2025-03-10T00:00:00+05:30');
  for (let i = 0; i < bars.length; i++) bars.time[i] = start + i * 86_400_000;
  const r = runBacktest(
    request({ strategy: 'scripted', symbols: ['INFY'], interval: 'day', params: { at: 0, stop: 950 }, cash: 100_500, costs: 'zerodha' }),
    { series: new Map([['INFY', bars]]), synthetic: true },
    { strategies: scriptedRegistry() },
  );
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

test('entry at 1000 and the stop at 950 touched the same day: one intraday contract note, no DP', () => {
  // Bar 1 (11 Mar) opens at 1000 (buy 100 shares with ₹1,00,500 of cash) and trades down to 940: the stop sells at 950.
  const r = run([
    [1000, 1000, 1000, 1000],
    [1000, 1005, 940, 960],
    [960, 970, 955, 965],
  ]);
  expect(r.trades).toHaveLength(1);
  const t = r.trades[0]!;
  expect([t.quantity, t.entryPrice, t.exitPrice, t.exitReason, t.open]).toEqual([100, 1000, 950, 'stop-loss', false]);
  // By hand: brokerage 0.03% × 1,00,000 = 30 → ₹20, × 95,000 = 28.50 → ₹20: ₹40; STT 0.025% × 95,000 = 23.75 → ₹24;
  // exchange 0.00307% × 1,95,000 = 5.9865 → ₹5.99; SEBI 0.195 → ₹0.20; stamp 0.003% × 1,00,000 = ₹3.00;
  // GST 18% × (40 + 5.99 + 0.20) = 8.3142 → ₹8.31; no DP. Total ₹81.50.
  expect(t.charges).toEqual({ brokerage: 40, stt: 24, exchange: 5.99, sebi: 0.2, stampDuty: 3, gst: 8.31, dp: 0, total: 81.5 });
  expect(r.metrics.costs.total).toBe(81.5);
  // The same two orders as the cost model's contract note of that day.
  const note = new ZerodhaEquityCostModel().contractNotes([
    { side: 'BUY', quantity: 100, price: 1000, product: 'CNC', exchange: 'NSE', symbol: 'INFY', time: Date.parse('2025-03-11T00:00:00+05:30') },
    { side: 'SELL', quantity: 100, price: 950, product: 'CNC', exchange: 'NSE', symbol: 'INFY', time: Date.parse('2025-03-11T00:00:00+05:30') },
  ]);
  expect(t.charges).toEqual(note);
});

test('the stop touched the next day instead: delivery on both legs and DP', () => {
  const r = run([
    [1000, 1000, 1000, 1000],
    [1000, 1005, 990, 1000],
    [960, 970, 940, 965],
  ]);
  const t = r.trades[0]!;
  expect([t.exitPrice, t.exitReason]).toEqual([950, 'stop-loss']);
  // Buy (11 Mar) ₹118.74 as delivery; sell 95,000 on 12 Mar (opens at 960 above the stop, touches 940):
  // STT ₹95, exchange 2.9165 → ₹2.92, SEBI 0.095 → ₹0.10, GST 18% × 3.02 = 0.5436 → ₹0.54, DP ₹15.34 = ₹113.90.
  expect(t.charges.total).toBe(232.64);
  expect(t.charges.dp).toBe(15.34);
});
