/** The history's periods (IST days, weeks from Monday, months) and groupings, against figures worked out by hand. */
import type { TradeRecord } from '../../src/services/api/history';
import { linesBy, periodRows, statistics } from '../../src/services/engine/historyService';

/** A trade that closed at `exit` (IST wall time) with a net P&L and charges. */
const trade = (exit: string, pnl: number, charges: number, o: Partial<TradeRecord> = {}): TradeRecord => ({
  account: 'portfolio',
  symbol: 'INFY',
  side: 'long',
  quantity: 1,
  entryTime: Date.parse(`${exit}+05:30`) - 3_600_000,
  entryPrice: 100,
  exitTime: Date.parse(`${exit}+05:30`),
  exitPrice: 100,
  pnl,
  charges,
  exitReason: 'signal',
  ...o,
});

// Wednesday 8 January 2025, 15:00 IST.
const NOW = Date.parse('2025-01-08T15:00:00+05:30');
const TRADES = [
  trade('2024-12-31T10:00:00', 50, 5), // Tuesday: the week of 30 Dec, December
  trade('2025-01-05T23:59:00', -20, 2), // Sunday: still the week of 30 Dec, January
  trade('2025-01-06T00:01:00', 30, 3), // Monday: the week of 6 Jan
  trade('2025-01-08T09:30:00', 10.25, 1.5),
  trade('2025-01-08T14:00:00', -4.5, 1.25),
];

test('days: the last n days, newest first, empty days included, a trade in the day of its exit (IST)', () => {
  expect(periodRows(TRADES, 'day', 4, NOW)).toEqual([
    { period: '2025-01-08', pnl: 5.75, trades: 2, charges: 2.75 },
    { period: '2025-01-07', pnl: 0, trades: 0, charges: 0 },
    { period: '2025-01-06', pnl: 30, trades: 1, charges: 3 },
    { period: '2025-01-05', pnl: -20, trades: 1, charges: 2 },
  ]);
});

test('weeks start on Monday; months on the 1st', () => {
  expect(periodRows(TRADES, 'week', 3, NOW)).toEqual([
    { period: '2025-01-06', pnl: 35.75, trades: 3, charges: 5.75 },
    { period: '2024-12-30', pnl: 30, trades: 2, charges: 7 },
    { period: '2024-12-23', pnl: 0, trades: 0, charges: 0 },
  ]);
  expect(periodRows(TRADES, 'month', 2, NOW)).toEqual([
    { period: '2025-01', pnl: 15.75, trades: 4, charges: 7.75 },
    { period: '2024-12', pnl: 50, trades: 1, charges: 5 },
  ]);
});

test('groupings and statistics', () => {
  const mixed = [trade('2025-01-08T09:30:00', 10, 1, { symbol: 'TCS', account: 'sma-cross-1', exitReason: 'stop-loss' }), ...TRADES];
  expect(linesBy(mixed, (t) => t.account)).toEqual([
    { key: 'portfolio', trades: 5, wins: 3, pnl: 65.75, charges: 12.75 },
    { key: 'sma-cross-1', trades: 1, wins: 1, pnl: 10, charges: 1 },
  ]);
  const s = statistics(mixed);
  expect([s.trades, s.wins, s.losses, s.winRate]).toEqual([6, 4, 2, 4 / 6]);
  expect([s.avgWin, s.avgLoss, s.netPnl, s.charges]).toEqual([(50 + 30 + 10.25 + 10) / 4, (-20 - 4.5) / 2, 75.75, 13.75]);
  expect([s.best?.pnl, s.worst?.pnl, s.avgHoldingMs]).toEqual([50, -20, 3_600_000]);
  expect(s.exitReasons).toEqual([
    { reason: 'signal', trades: 5 },
    { reason: 'stop-loss', trades: 1 },
  ]);
  expect(statistics([]).trades).toBe(0);
  expect(Number.isNaN(statistics([]).winRate)).toBe(true);
});
