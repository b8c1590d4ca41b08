import { z } from 'zod';
import type { SettingView } from '../src/services/api/settings';
import { extras } from './lib/args';
import { defineCommand, type Command } from './lib/command';
import { notAvailable } from './lib/format';
import type { CommandRegistry } from './lib/registry';

/** /settings checks the reply keyboard's commands against the command list, so it is made for a registry. */
export function settingsCommand(registry: () => CommandRegistry): Command {
  return defineCommand({
    name: 'settings',
    summary: 'Approval policy, risk limits and the phone keyboard; change one with key=value',
    usage: '/settings [key=value…]',
    example: '/settings approval.live=below:50000',
    role: 'admin',
    extra: 'changes',
    args: z.object({ changes: extras }),
    async run(args, services, user) {
      const settings = services.settings;
      if (!settings) return notAvailable('settings');
      const changed: SettingView[] = [];
      for (const [key, raw] of Object.entries(args.changes)) {
        // Only the keyboard takes a list (/settings keyboard=/status,/positions); every other key takes one value.
        if (typeof raw !== 'string' && key !== 'keyboard') return { kind: 'error', message: `${key} takes one value, not a list; send it again with one value.` };
        const value = typeof raw === 'string' ? raw : raw.join(',');
        if (key === 'keyboard') {
          const unknown = value.split(',').map((c) => c.trim().replace(/^\//, '')).filter((c) => c !== '' && !registry().find(c));
          if (unknown.length > 0) return { kind: 'error', message: `There is no command ${unknown.map((c) => `/${c}`).join(', ')}; the keyboard takes commands from /help.` };
        }
        const r = await settings.set(key, value, user);
        if (!r.ok) return { kind: 'error', message: changed.length > 0 ? `${r.error} (already changed: ${changed.map((c) => c.key).join(', ')})` : r.error };
        changed.push(r.value);
      }
      const all = settings.get();
      // Text, not a table: a key is what the admin types next, so it is never cut (nor its meaning) on a phone.
      return {
        kind: 'text',
        text: [
          changed.length > 0 ? `Changed ${changed.map((c) => `${c.key}=${c.value}`).join(', ')}` : 'Settings',
          ...all.map((s) => `${s.key} = ${s.value}\n  ${s.description}`),
          'Change one: /settings key=value',
        ].join('\n'),
      };
    },
  });
}
