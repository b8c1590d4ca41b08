import { z } from 'zod';
import { wholeNumber } from './lib/args';
import { defineCommand } from './lib/command';
import { istTime, notAvailable } from './lib/format';

export const logsCommand = defineCommand({
  name: 'logs',
  summary: 'Recent warnings and errors of the bot (secrets removed), newest first',
  usage: '/logs [n]',
  example: '/logs 10',
  role: 'admin',
  positional: ['n'],
  args: z.object({ n: wholeNumber(1, 50).default(10) }),
  async run(args, services) {
    if (!services.operator) return notAvailable('operator');
    const list = services.operator.logs(args.n);
    if (list === undefined) return { kind: 'error', message: 'This process keeps no log lines for chat; read its standard output instead.' };
    if (list.length === 0) return { kind: 'text', text: 'No warnings or errors since the start.' };
    return {
      kind: 'text',
      text: [
        `${list.length === 1 ? 'The last warning or error' : `The last ${list.length} warnings and errors`}, newest first (IST; secrets removed)`,
        // The fields in full (a long reply is split into several messages by the transport).
        ...list.map((e) => `${istTime(e.time)} ${e.level.toUpperCase()} ${e.message}${e.detail === undefined ? '' : `\n  ${e.detail}`}`),
      ].join('\n'),
    };
  },
});
