/**
 * Issue #15, item 3, in a backtest: MIS positions are squared off on special sessions too. On the
 * 2023-11-12 Muhurat session (18:15–19:15) sma-cross on SBIN 5-minute bars, MIS, goes long at 18:20;
 * before the 2023 calendar was shipped the position was held to 2023-11-13 09:40 (−₹6,612.06 with
 * Zerodha costs); now it is squared off at the close of the bar that ends at 19:05 (10 minutes before the
 * session's close).
 */
import { runBacktest } from '../../src/backtest/runBacktest';
import { describeWithNseData, loadNse } from '../support/nseData';
import { request, strategies } from './support/fixtures';

const ist = (t: number): string => new Date(t + 330 * 60_000).toISOString().slice(0, 16).replace('T', ' ');

describeWithNseData('intraday/SBIN_5min.csv')('MIS square-off on the 2023 Muhurat session (SBIN 5-minute)', () => {
  test('the 18:20 entry is squared off at the 19:00–19:05 bar’s close, not carried to the next morning', async () => {
    const sbin = await loadNse('intraday/SBIN_5min.csv', 'SBIN');
    const r = runBacktest(request({ strategy: 'sma-cross', symbols: ['SBIN'], interval: '5m', product: 'MIS', costs: 'zerodha' }), { series: new Map([['SBIN', sbin]]), synthetic: false }, { strategies: strategies() });
    if (!r.ok) throw new Error(r.error);
    const t = r.value.trades.find((x) => ist(x.entryTime) === '2023-11-12 18:20')!;
    // A fill's time is the instant it happens: a market order at a bar's open has the bar's time, the square-off at
    // a bar's close has the close's (19:05; the exit desk this replaced stamped it with the bar's start, 19:00).
    expect([ist(t.exitTime), t.exitReason, t.exitPrice]).toEqual(['2023-11-12 19:05', 'mis-square-off', 581]);
    const bar = sbin.lowerBound(t.exitTime - 5 * 60_000);
    expect(sbin.close[bar]).toBe(581);
    // No MIS position is ever held across an IST day.
    for (const x of r.value.trades) if (!x.open) expect(ist(x.exitTime).slice(0, 10)).toBe(ist(x.entryTime).slice(0, 10));
  });
});
