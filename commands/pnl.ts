import { z } from 'zod';
import { choice } from './lib/args';
import { defineCommand } from './lib/command';
import { fromResult, notAvailable, pct, rupees, withRefresh } from './lib/format';

export const pnlCommand = defineCommand({
  name: 'pnl',
  summary: 'Realised and unrealised P&L for the day, week or month',
  usage: '/pnl [day|week|month]',
  example: '/pnl week',
  role: 'viewer',
  positional: ['period'],
  args: z.object({ period: choice(['day', 'week', 'month'], 'expected day, week or month').default('day') }),
  async run(args, services) {
    if (!services.pnl) return notAvailable('pnl');
    return withRefresh(fromResult(await services.pnl.pnl(args.period), (r) => ({
      kind: 'table',
      title: `P&L ${r.from === r.to ? r.from : `${r.from} → ${r.to}`}`,
      columns: ['symbol', 'realised', 'unrealised'],
      rows: r.bySymbol.map((s) => [s.symbol, rupees(s.realised), rupees(s.unrealised)]),
      footer: [
        `Realised ${rupees(r.realised)}, unrealised ${rupees(r.unrealised)}, charges ${rupees(r.charges)}: net ${rupees(r.net)}`,
        ...(r.twr !== undefined ? [`Time-weighted return ${pct(r.twr)}${r.benchmark ? `, ${r.benchmark.name} ${pct(r.benchmark.ret)} (excess ${pct(r.benchmark.excess)})` : ''}`] : []),
        ...(r.byInstance && r.byInstance.length > 0 ? [`By instance: ${r.byInstance.map((l) => `${l.key} ${rupees(l.pnl)}`).join(', ')}`] : []),
        ...(r.bySector && r.bySector.length > 0 ? [`By sector: ${r.bySector.map((l) => `${l.key} ${rupees(l.pnl)}`).join(', ')}`] : []),
      ].join('\n'),
    })), `/pnl ${args.period}`);
  },
});
