import { z } from 'zod';
import { defineCommand } from './lib/command';
import { fromResult, notAvailable } from './lib/format';

export const logoutCommand = defineCommand({
  name: 'logout',
  summary: 'End the Kite session (live trading stops until the next /login)',
  usage: '/logout',
  example: '/logout',
  role: 'admin',
  args: z.object({}),
  async run(_args, services) {
    if (!services.session) return notAvailable('session');
    return fromResult(await services.session.logout(), () => ({ kind: 'text', text: 'Logged out of Kite; send /login to start a new session.' }));
  },
});
