import { z } from 'zod';
import { defineCommand } from './lib/command';
import { istTime, notAvailable } from './lib/format';

export const alertsCommand = defineCommand({
  name: 'alerts',
  summary: 'Recent risk and system alerts, and what is muted',
  usage: '/alerts',
  example: '/alerts',
  role: 'viewer',
  args: z.object({}),
  async run(_args, services) {
    if (!services.alerts) return notAvailable('alerts');
    const [list, mutes] = await Promise.all([services.alerts.list(), services.alerts.mutes()]);
    const muted = mutes.length === 0 ? 'Nothing is muted.' : `Muted: ${mutes.map((m) => `${m.kind} until ${istTime(m.until).slice(11)}`).join(', ')}.`;
    if (list.length === 0) return { kind: 'text', text: `No alerts. ${muted}` };
    return {
      kind: 'table',
      title: 'Alerts',
      columns: ['time', 'kind', 'alert'],
      rows: list.slice(0, 20).map((a) => [istTime(a.time).slice(5), `${a.level === 'critical' ? '‼ ' : a.level === 'warning' ? '! ' : ''}${a.kind}`, a.message]),
      footer: `${muted} Mute a kind: /mute <kind> <duration>`,
    };
  },
});
