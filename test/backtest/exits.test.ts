/**
 * Fills through runBacktest on hand-made bars: market at the next open ± slippage, attached stops and
 * take-profits (gaps, touches, the stop-first rule and its switch), MIS square-off and shorting.
 */
import { runBacktest } from '../../src/backtest/runBacktest';
import type { BacktestResult } from '../../src/backtest/types';
import type { BarSeries } from '../../src/core/barSeries';
import { ceilToTick } from '../../src/core/money';
import { handBars, request } from './support/fixtures';
import { scriptedRegistry } from './support/scripted';

type Row = readonly [number, number, number, number];

function run(bars: BarSeries, params: Record<string, unknown>, extra: Record<string, unknown> = {}): BacktestResult {
  const r = runBacktest(
    request({ strategy: 'scripted', symbols: [bars.symbol], interval: bars.interval, params, cash: 10_000, ...extra }),
    { series: new Map([[bars.symbol, bars]]), synthetic: true },
    { strategies: scriptedRegistry() },
  );
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

const flat: Row = [100, 100, 100, 100];

describe('market orders', () => {
  it('fill at the next open, plus slippage rounded up to the tick for a buy', () => {
    const bars = handBars('X', 'day', [flat, [101, 102, 99, 100], flat, flat]);
    const r = run(bars, { at: 0, flatAt: 2 }, { slippageBps: 10, tickSize: 0.05 });
    const t = r.trades[0]!;
    expect(t.entryPrice).toBe(ceilToTick(101 * 1.001, 0.05));
    expect(t.entryTime).toBe(bars.time[1]);
    expect(t.exitPrice).toBeCloseTo(100 * 0.999, 6); // sells floor to the tick: 99.9 is on it
    expect(t.exitTime).toBe(bars.time[3]);
    expect(t.exitReason).toBe('signal');
  });
});

describe('attached stop-loss and take-profit on a long (entry at 100)', () => {
  const cases: [string, Row, Record<string, unknown>, number, string][] = [
    ['the bar gaps below the stop: exit at the open', [90, 92, 88, 91], {}, 90, 'stop-loss'],
    ['the range reaches the stop: exit at the stop', [99, 101, 94, 100], {}, 95, 'stop-loss'],
    ['the bar gaps above the target: exit at the open', [112, 115, 111, 113], {}, 112, 'take-profit'],
    ['the range reaches the target: exit at the target', [101, 111, 99, 105], {}, 110, 'take-profit'],
    ['both touched: the stop is assumed first', [100, 111, 94, 100], {}, 95, 'stop-loss'],
    ['both touched with take-profit-first: the target', [100, 111, 94, 100], { bothTouched: 'take-profit-first' }, 110, 'take-profit'],
  ];
  it.each(cases)('%s', (_name, exitBar, extra, price, reason) => {
    const bars = handBars('X', 'day', [flat, [100, 100.5, 99.5, 100], exitBar, flat]);
    const r = run(bars, { at: 0, stop: 95, takeProfit: 110 }, extra);
    expect(r.trades).toHaveLength(1);
    const t = r.trades[0]!;
    expect(t.entryPrice).toBe(100);
    expect(t.exitPrice).toBe(price);
    expect(t.exitReason).toBe(reason);
    expect(t.exitTime).toBe(bars.time[2]);
    expect(t.pnl).toBeCloseTo(t.quantity * (price - 100), 6);
    expect(r.metrics.finalEquity).toBeCloseTo(10_000 + t.pnl, 6);
  });

  it('can fire on the entry bar itself', () => {
    const bars = handBars('X', 'day', [flat, [100, 100.5, 94, 97], flat]);
    const r = run(bars, { at: 0, stop: 95 });
    expect(r.trades[0]!.exitPrice).toBe(95);
    expect(r.trades[0]!.exitTime).toBe(bars.time[1]);
  });

  it('is dropped by a flat signal, so a later bar through the old stop does nothing', () => {
    const bars = handBars('X', 'day', [flat, flat, flat, [100, 100, 90, 95], flat]);
    const r = run(bars, { at: 0, stop: 95, flatAt: 1, againAt: 2 });
    // Second entry has no stop; the bar through 95 does not close it.
    expect(r.trades).toHaveLength(2);
    expect(r.trades[1]!.open).toBe(true);
  });

  it('mirrors on a short (MIS only)', () => {
    const bars = handBars('X', '5m', [flat, [100, 100.5, 99.5, 100], [100, 106, 99, 101], flat]);
    const r = run(bars, { at: 0, direction: 'short', stop: 105, takeProfit: 90 }, { product: 'MIS', allowShort: true, interval: '5m' });
    const t = r.trades[0]!;
    expect(t.side).toBe('short');
    expect(t.exitPrice).toBe(105);
    expect(t.pnl).toBeCloseTo(-t.quantity * 5, 6);
  });
});

describe('products', () => {
  it('refuses shorting for CNC with a sentence saying what to do', () => {
    const bars = handBars('X', 'day', [flat, flat]);
    const r = runBacktest(request({ strategy: 'scripted', symbols: ['X'], interval: 'day', allowShort: true }), { series: new Map([['X', bars]]), synthetic: true }, { strategies: scriptedRegistry() });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(/only for MIS/);
  });

  it('ignores short signals when long-only', () => {
    const bars = handBars('X', 'day', [flat, flat, flat]);
    const r = run(bars, { at: 0, direction: 'short' });
    expect(r.trades).toHaveLength(0);
    expect(r.warnings.join(' ')).toMatch(/shorting is not enabled/);
  });

  it('squares MIS positions off at the close of the bar ending 15:20 and drops later entries that day', () => {
    // 1m bars from 15:16 to 15:24 IST; entry decided on the 15:16 bar, filled at 15:17's open.
    const start = Date.parse('2024-01-01T15:16:00+05:30');
    const rows: Row[] = [flat, [101, 101, 101, 101], [102, 102, 102, 102], [103, 103, 103, 103], [104, 104, 104, 104], [105, 105, 105, 105], flat, flat, flat];
    const bars = handBars('X', '1m', rows, 1_000_000, start);
    const r = run(bars, { at: 0, againAt: 5 }, { product: 'MIS', interval: '1m' });
    expect(r.trades).toHaveLength(1);
    const t = r.trades[0]!;
    expect(t.entryPrice).toBe(101);
    // The 15:19 bar closes at 15:20: squared off through the order pipeline at that close, 103, at 15:20 (the
    // instant of the close; the exit desk this replaced stamped the bar's start).
    expect(t.exitReason).toBe('mis-square-off');
    expect(t.exitPrice).toBe(103);
    expect(t.exitTime).toBe(Date.parse('2024-01-01T15:20:00+05:30'));
    expect(r.metrics.finalEquity).toBeCloseTo(10_000 + t.quantity * 2, 6);
    // The entry decided on the 15:21 bar (after the square-off) is refused by the risk engine and counted.
    expect(r.refusals['mis-cutoff']).toBe(1);
  });
});

describe('volume participation cap', () => {
  it('fills an order over several bars and never above the cap', () => {
    const rows: Row[] = Array.from({ length: 12 }, () => flat);
    const bars = handBars('X', 'day', rows, 20);
    const r = run(bars, { at: 0 }, { participation: 0.1 }); // 2 shares per bar of 20
    const t = r.trades[0]!;
    // 100 shares wanted (10,000 / 100); bars 1..11 fill 2 each, the rest still working at the end.
    expect(t.quantity).toBe(22);
    expect(r.fills).toBe(11);
    expect(r.metrics.finalEquity).toBeCloseTo(10_000, 6);
  });
});
