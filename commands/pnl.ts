import { z } from 'zod';
import type { PnlLine } from '../src/services/api/pnl';
import { choice } from './lib/args';
import { defineCommand } from './lib/command';
import { fromResult, notAvailable, pct, rupees, withRefresh } from './lib/format';

/** One section: each line's net, then the section's total (the same net as every other section). */
const section = (title: string, lines: readonly PnlLine[], net: number): string => `${title}: ${lines.map((l) => `${l.key} ${rupees(l.net)}`).join(', ')} (total ${rupees(net)})`;

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
      columns: ['symbol', 'realised', 'unrealised', 'charges', 'net'],
      rows: r.bySymbol.map((s) => [s.key, rupees(s.realised), rupees(s.unrealised), rupees(s.charges), rupees(s.net)]),
      footer: [
        `Realised ${rupees(r.realised)}, unrealised ${rupees(r.unrealised)}, charges ${rupees(r.charges)}: net ${rupees(r.net)}`,
        ...(r.twr !== undefined ? [`Time-weighted return ${pct(r.twr)}${r.benchmark ? `, ${r.benchmark.name} ${pct(r.benchmark.ret)} (excess ${pct(r.benchmark.excess)})` : ''}`] : []),
        ...(r.byInstance.length > 0 ? [section('By instance', r.byInstance, r.net)] : []),
        ...(r.bySector.length > 0 ? [section('By sector', r.bySector, r.net)] : []),
      ].join('\n'),
    })), `/pnl ${args.period}`);
  },
});
