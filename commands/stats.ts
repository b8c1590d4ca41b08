import { z } from 'zod';
import type { TradeRecord } from '../src/services/api/history';
import { defineCommand } from './lib/command';
import { holding, notAvailable, num, pct, rupees } from './lib/format';

const trade = (t: TradeRecord | undefined): string => (t ? `${rupees(t.pnl)} (${t.symbol}, ${t.account})` : '–');

export const statsCommand = defineCommand({
  name: 'stats',
  summary: 'Trade statistics: win rate, average win and loss, best and worst, holding time, exit reasons',
  usage: '/stats',
  example: '/stats',
  role: 'viewer',
  args: z.object({}),
  async run(_args, services) {
    if (!services.history) return notAvailable('history');
    const s = await services.history.stats();
    if (s.trades === 0) return { kind: 'text', text: 'No closed trades yet: a trade closes when its position is back to zero.' };
    return {
      kind: 'text',
      text: [
        `Closed trades: ${s.trades} (${s.wins} won, ${s.losses} lost)`,
        `Win rate: ${pct(s.winRate, 1)}`,
        `Net P&L: ${rupees(s.netPnl)} after ${rupees(s.charges)} charges`,
        `Average win: ${rupees(s.avgWin)} · average loss: ${rupees(s.avgLoss)}`,
        `Profit factor: ${num(s.profitFactor)}`,
        `Best: ${trade(s.best)} · worst: ${trade(s.worst)}`,
        `Average holding time: ${holding(s.avgHoldingMs)}`,
        `Exit reasons: ${s.exitReasons.map((r) => `${r.reason} ${r.trades}`).join(', ')}`,
      ].join('\n'),
    };
  },
});
