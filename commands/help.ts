import { z } from 'zod';
import type { Reply } from '../src/core/reply';
import { roleAllows } from '../src/services/user';
import { name } from './lib/args';
import { defineCommand, type Command } from './lib/command';
import type { CommandRegistry } from './lib/registry';

/** /help needs the command list, so it is made for a registry. */
export function helpCommand(registry: () => CommandRegistry): Command {
  return defineCommand({
    name: 'help',
    summary: 'Every command you may use, or the details of one',
    usage: '/help [command]',
    example: '/help backtest',
    role: 'viewer',
    positional: ['command'],
    args: z.object({ command: name.optional() }),
    async run(args, _services, user): Promise<Reply> {
      const reg = registry();
      if (args.command) {
        const c = reg.find(args.command.replace(/^\//, ''));
        if (!c) return { kind: 'error', message: `There is no command /${args.command}; send /help to see the commands.` };
        const lines = [`/${c.name} — ${c.summary}`, `Usage: ${c.usage}`, `Example: ${c.example}`, `Needs: ${c.role}`];
        if (c.aliases.length > 0) lines.push(`Also: ${c.aliases.map((a) => `/${a}`).join(', ')}`);
        if (!roleAllows(user.role, c.role)) lines.push(`You are a ${user.role}, so you cannot use it yet.`);
        return { kind: 'text', text: lines.join('\n') };
      }
      const mine = reg.all().filter((c) => roleAllows(user.role, c.role));
      return {
        kind: 'text',
        text: [...mine.map((c) => `${c.usage} — ${c.summary}`), '', 'Details and an example: /help <command>'].join('\n'),
      };
    },
  });
}
