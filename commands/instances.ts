import { z } from 'zod';
import { defineCommand } from './lib/command';
import { notAvailable, rupees } from './lib/format';

export const instancesCommand = defineCommand({
  name: 'instances',
  aliases: ['ls'],
  summary: 'Running, paused and stopped strategy instances with their P&L',
  usage: '/instances',
  example: '/instances',
  role: 'viewer',
  args: z.object({}),
  async run(_args, services) {
    if (!services.instances) return notAvailable('instances');
    const list = services.instances.list();
    if (list.length === 0) return { kind: 'text', text: 'No strategy instances yet; start one with /run, e.g. /run sma-cross RELIANCE.' };
    return {
      kind: 'table',
      title: 'Strategy instances',
      columns: ['id', 'status', 'symbols', 'equity', 'P&L'],
      rows: list.map((i) => [
        i.id,
        i.status,
        i.symbols.length > 2 ? `${i.symbols.slice(0, 2).join(',')}+${i.symbols.length - 2}` : i.symbols.join(','),
        i.equity === undefined ? '–' : rupees(i.equity),
        i.realised === undefined || i.unrealised === undefined ? '–' : rupees(i.realised + i.unrealised),
      ]),
    };
  },
});
