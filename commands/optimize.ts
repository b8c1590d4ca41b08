import { z } from 'zod';
import { OPTIMISE_METHODS } from '../src/services/api/optimise';
import { symbols } from './lib/args';
import { defineCommand } from './lib/command';
import { fromResult, notAvailable, pct } from './lib/format';

export const optimiseMethod = z
  .string({ error: 'expected one method' })
  .transform((s) => s.trim().toLowerCase())
  .pipe(z.enum(OPTIMISE_METHODS, { error: `expected one of ${OPTIMISE_METHODS.join(', ')}` }));

export const optimizeCommand = defineCommand({
  name: 'optimize',
  aliases: ['optimise'],
  summary: 'Target weights by a portfolio method (for the current symbols, or those given)',
  usage: `/optimize <${OPTIMISE_METHODS.join('|')}> [symbols]`,
  example: '/optimize risk-parity RELIANCE,TCS,INFY',
  role: 'viewer',
  positional: ['method', 'symbols'],
  args: z.object({ method: optimiseMethod, symbols: symbols.optional() }),
  async run(args, services) {
    if (!services.optimise) return notAvailable('optimise');
    return fromResult(await services.optimise.optimise(args.method, args.symbols), (t) => ({
      kind: 'table',
      title: `Target weights (${t.method}${t.lookbackDays > 0 ? `, ${t.lookbackDays} days of returns` : ''})`,
      columns: ['symbol', 'weight'],
      rows: [...t.weights.map((w) => [w.symbol, pct(w.weight, 1)]), ['cash', pct(t.cash, 1)]],
      ...(Number.isFinite(t.volatility) ? { footer: `Daily volatility ${pct(t.volatility)}; /rebalance ${t.method} previews the trades.` } : { footer: `/rebalance ${t.method} previews the trades.` }),
    }));
  },
});
