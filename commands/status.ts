import { z } from 'zod';
import { defineCommand } from './lib/command';
import { age, istTime, notAvailable, withRefresh } from './lib/format';

export const statusCommand = defineCommand({
  name: 'status',
  summary: 'Mode, trading state, broker session, market, data, instances, orders, approvals',
  usage: '/status',
  example: '/status',
  role: 'viewer',
  args: z.object({}),
  async run(_args, services) {
    if (!services.status) return notAvailable('status');
    const s = await services.status.status();
    const session = s.brokerSession === undefined ? 'not used' : s.brokerSession.loggedIn ? `logged in${s.brokerSession.expiresAt ? ` until ${istTime(s.brokerSession.expiresAt)}` : ''}` : 'logged out (send /login)';
    const rows: [string, string][] = [
      ['Mode', s.mode],
      ['Trading', s.tradingState],
      ['Broker', session],
      ['Market', `${s.market.open ? 'open' : 'closed'} (${s.market.detail})`],
      ['Data', `${s.dataAsOf === undefined ? 'no bars yet' : `${istTime(s.dataAsOf)} (${age(s.dataAsOf, s.time)})`}${s.dataSource ? `, ${s.dataSource}` : ''}`],
      ['Instances', `${s.instances.running} running, ${s.instances.paused} paused, ${s.instances.total} in all`],
      ['Open orders', String(s.openOrders)],
      ['Approvals', `${s.pendingApprovals} pending`],
    ];
    return withRefresh({ kind: 'table', title: `AutoPPM status at ${istTime(s.time)} IST`, columns: ['', ''], rows }, '/status');
  },
});
