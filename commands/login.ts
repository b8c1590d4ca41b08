import { z } from 'zod';
import { defineCommand } from './lib/command';
import { fromResult, notAvailable } from './lib/format';

export const loginCommand = defineCommand({
  name: 'login',
  summary: 'The Kite login link (the session lasts until 6 am the next day)',
  usage: '/login',
  example: '/login',
  role: 'admin',
  args: z.object({}),
  async run(_args, services) {
    if (!services.session) return notAvailable('session');
    return fromResult(services.session.loginUrl(), (url) => ({
      kind: 'buttons',
      text: 'Log in to Kite; the bot picks the session up from the redirect.',
      rows: [[{ label: 'Log in to Kite', action: url }]],
    }));
  },
});
