import { z } from 'zod';
import { name } from './lib/args';
import { defineCommand } from './lib/command';
import { fromResult, notAvailable } from './lib/format';

const show = (v: unknown): string => (v === undefined ? '–' : typeof v === 'string' ? v : JSON.stringify(v));

export const strategyCommand = defineCommand({
  name: 'strategy',
  summary: 'One strategy: its parameters with defaults and bounds',
  usage: '/strategy <name>',
  example: '/strategy sma-cross',
  role: 'viewer',
  positional: ['name'],
  args: z.object({ name }),
  async run(args, services) {
    if (!services.strategies) return notAvailable('strategies');
    return fromResult(services.strategies.describe(args.name), (d) => ({
      kind: 'table',
      title: `${d.name}: ${d.summary} (${d.universe === 'single' ? 'one symbol' : 'a universe'}, ${d.interval} bars)`,
      columns: ['param', 'type', 'default', 'bounds'],
      rows: d.params.map((p) => [
        p.name,
        p.type,
        show(p.default),
        p.choices ? p.choices.map(show).join('|') : p.min !== undefined || p.max !== undefined ? `${p.min ?? ''}..${p.max ?? ''}` : '',
      ]),
      footer: `Run it: /run ${d.name} ${d.universe === 'single' ? 'RELIANCE' : 'RELIANCE,TCS,INFY'}${d.params[0] ? ` ${d.params[0].name}=${show(d.params[0].default)}` : ''}`,
    }));
  },
});
