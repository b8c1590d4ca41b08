import { z } from 'zod';
import { plural } from '../src/core/plural';
import { defineCommand } from './lib/command';
import { notAvailable } from './lib/format';

export const healthCommand = defineCommand({
  name: 'health',
  summary: 'The health checks HTTP /health runs: database, jobs, event loop, memory, broker session, ticker',
  usage: '/health',
  example: '/health',
  role: 'viewer',
  args: z.object({}),
  async run(_args, services) {
    if (!services.operator) return notAvailable('operator');
    const r = await services.operator.health();
    const checks = Object.entries(r.checks);
    const down = checks.filter(([, c]) => c.status === 'down').length;
    return {
      kind: 'text',
      text: [
        r.status === 'ok' ? `Health: ok (${plural(checks.length, 'check')} up)` : `Health: DOWN (${down} of ${checks.length} checks down)`,
        ...checks.map(([name, c]) => `${c.status === 'up' ? '✅' : '❌'} ${name}${c.detail !== undefined ? `: ${c.detail}` : ''}`),
      ].join('\n'),
    };
  },
});
