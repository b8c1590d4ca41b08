import { z } from 'zod';
import { defineCommand } from './lib/command';
import { notAvailable } from './lib/format';

export const strategiesCommand = defineCommand({
  name: 'strategies',
  summary: 'The strategies you can run or backtest',
  usage: '/strategies',
  example: '/strategies',
  role: 'viewer',
  args: z.object({}),
  async run(_args, services) {
    if (!services.strategies) return notAvailable('strategies');
    const list = services.strategies.list();
    if (list.length === 0) return { kind: 'text', text: 'No strategies are installed; add one to the strategies/ folder.' };
    return {
      kind: 'table',
      title: 'Strategies',
      columns: ['name', 'symbols', 'bars', 'what it does'],
      rows: list.map((s) => [s.name, s.universe === 'single' ? 'one' : 'many', s.interval, s.summary]),
      footer: 'Send /strategy <name> for its parameters.',
    };
  },
});
