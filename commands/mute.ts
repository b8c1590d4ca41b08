import { z } from 'zod';
import { duration } from './lib/args';
import { defineCommand } from './lib/command';
import { duration as showDuration, fromResult, istTime, notAvailable } from './lib/format';

export const muteCommand = defineCommand({
  name: 'mute',
  summary: 'Silence one kind of alert (or all) for a while',
  usage: '/mute <kind|all> <duration>',
  example: '/mute var-near 2h',
  role: 'trader',
  positional: ['kind', 'duration'],
  args: z.object({ kind: z.string({ error: 'expected one alert kind' }).regex(/^[a-z][a-z-]{1,40}$/, 'expected an alert kind as /alerts shows it, or all'), duration }),
  async run(args, services) {
    if (!services.alerts) return notAvailable('alerts');
    return fromResult(await services.alerts.mute(args.kind, args.duration), (m) => ({
      kind: 'text',
      text: `Muted ${m.kind} alerts for ${showDuration(args.duration)} (until ${istTime(m.until)} IST).`,
    }));
  },
});
