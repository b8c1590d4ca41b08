/** /daily, /weekly and /monthly: one command over the history's periods (like Freqtrade's). */
import { z } from 'zod';
import type { HistoryPeriod } from '../../src/services/api/history';
import { wholeNumber } from './args';
import { defineCommand, type Command } from './command';
import { notAvailable, rupees } from './format';

const WORD: Record<HistoryPeriod, { readonly name: string; readonly title: string; readonly column: string; readonly max: number; readonly fallback: number }> = {
  day: { name: 'daily', title: 'day', column: 'day', max: 90, fallback: 7 },
  week: { name: 'weekly', title: 'week (from Monday)', column: 'week of', max: 52, fallback: 8 },
  month: { name: 'monthly', title: 'month', column: 'month', max: 24, fallback: 6 },
};

export function periodCommand(period: HistoryPeriod, example: string): Command {
  const w = WORD[period];
  return defineCommand({
    name: w.name,
    summary: `Closed trades' P&L, count and charges per ${w.title}, for the last n (default ${w.fallback})`,
    usage: `/${w.name} [n]`,
    example,
    role: 'viewer',
    positional: ['n'],
    args: z.object({ n: wholeNumber(1, w.max).default(w.fallback) }),
    async run(args, services) {
      if (!services.history) return notAvailable('history');
      const rows = await services.history.periods(period, args.n);
      let pnl = 0;
      let trades = 0;
      for (const r of rows) {
        pnl += r.pnl;
        trades += r.trades;
      }
      return {
        kind: 'table',
        title: `P&L per ${w.title}, IST (trades by exit)`,
        columns: [w.column, 'P&L', 'trades', 'charges'],
        rows: rows.map((r) => [r.period, rupees(r.pnl), String(r.trades), rupees(r.charges)]),
        footer: trades === 0 ? 'No trade closed in these periods.' : `Total ${rupees(pnl)} over ${trades} trade${trades === 1 ? '' : 's'}`,
      };
    },
  });
}
