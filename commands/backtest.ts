import { z } from 'zod';
import { backtestCard } from '../src/services/backtestCard';
import { extras, interval, isoDate, name, symbols } from './lib/args';
import { defineCommand } from './lib/command';
import { notAvailable } from './lib/format';
import { followQueuedJob } from './lib/queuedJob';

export const backtestCommand = defineCommand({
  name: 'backtest',
  aliases: ['bt'],
  summary: 'Backtest a strategy: progress, a metrics card, the equity chart and a "Run in paper" button',
  usage: '/backtest <strategy> <symbols> [from] [to] [interval] [param=value…]',
  example: '/backtest momentum RELIANCE,TCS from=2020-01-01 rocPeriod=10',
  role: 'trader',
  positional: ['strategy', 'symbols', 'from', 'to', 'interval'],
  extra: 'params',
  args: z
    .object({ strategy: name, symbols, from: isoDate.optional(), to: isoDate.optional(), interval: interval.optional(), params: extras })
    .refine((a) => !a.from || !a.to || a.from < a.to, { message: 'from must be before to', path: ['from'] }),
  async run(args, services, user) {
    const service = services.backtest;
    const research = services.research;
    if (!service && !research) return notAvailable('backtest');
    const request = {
      strategy: args.strategy,
      symbols: args.symbols,
      params: args.params,
      ...(args.from ? { from: args.from } : {}),
      ...(args.to ? { to: args.to } : {}),
      ...(args.interval ? { interval: args.interval } : {}),
    };
    if (research) {
      // Queued: any worker process runs it and sends the result card to this user (src/jobs/backtestJob.ts).
      const queued = await research.enqueueBacktest(request, user.id);
      if (!queued.ok) return { kind: 'error', message: queued.error };
      const note = queued.value.notes?.length ? ` Note: ${queued.value.notes.join(' ')}` : '';
      return {
        kind: 'progress',
        title: `Backtest of ${args.strategy} on ${args.symbols.join(', ')} queued…${note}`,
        // A note is said before the run; without one, a fast job answers with its card alone.
        holdBack: note === '',
        async run(progress) {
          const done = await followQueuedJob(research, queued.value.jobId, `Backtest of ${args.strategy}`, 'the result card', progress);
          // The note (bars shorter than asked) stays on the message the progress edits end with.
          return note !== '' && done.kind === 'text' ? { ...done, text: `${done.text}${note}` } : done;
        },
      };
    }
    if (!service) return notAvailable('backtest');
    return {
      kind: 'progress',
      title: `Backtesting ${args.strategy} on ${args.symbols.join(', ')}…`,
      async run(progress) {
        let shown = -1;
        const r = await service.run(request, (fraction, note) => {
          // Whole tens of percent only: a transport edits one message, it should not be flooded.
          const step = Math.floor(Math.min(1, Math.max(0, fraction)) * 10);
          if (step <= shown) return;
          shown = step;
          void progress.update(`Backtesting ${args.strategy}: ${step * 10}%${note ? ` — ${note}` : ''}`);
        });
        return r.ok ? backtestCard(r.value, args.params) : { kind: 'error', message: r.error };
      },
    };
  },
});
