import { z } from 'zod';
import { gridSize, MAX_SWEEP_COMBINATIONS } from '../src/services/api/research';
import { interval, isoDate, name, symbols, wholeNumber } from './lib/args';
import { defineCommand } from './lib/command';
import { notAvailable } from './lib/format';
import { followQueuedJob } from './lib/queuedJob';

const value = z.string().trim().min(1, 'a parameter value is empty');

/** `fast=5,10,20 slow=50` → { fast: ['5', '10', '20'], slow: ['50'] }: at least one parameter, at most MAX_SWEEP_COMBINATIONS combinations. */
const grid = z
  .record(z.string(), z.union([value.transform((v) => [v]), z.array(value).min(1)]))
  .refine((g) => Object.keys(g).length > 0, 'name at least one parameter with the values to try, e.g. fast=5,10,20')
  .superRefine((g, ctx) => {
    const size = gridSize(g);
    if (size > MAX_SWEEP_COMBINATIONS) ctx.addIssue({ code: 'custom', message: `that grid makes ${size} combinations, more than the ${MAX_SWEEP_COMBINATIONS} a sweep may try; give fewer values` });
  });

export const sweepCommand = defineCommand({
  name: 'sweep',
  summary: 'Sweep strategy parameters over a grid (queued for a worker); the best combinations come back as a table',
  usage: '/sweep <strategy> <symbols> <param>=<v1,v2,…> … [from] [to] [interval] [rank=sharpe] [top=5]',
  example: '/sweep sma-cross RELIANCE fast=5,10,20 slow=50,100 from=2021-01-01 rank=sharpe top=3',
  role: 'trader',
  positional: ['strategy', 'symbols', 'from', 'to', 'interval'],
  extra: 'grid',
  args: z
    .object({
      strategy: name,
      symbols,
      from: isoDate.optional(),
      to: isoDate.optional(),
      interval: interval.optional(),
      rank: z.string({ error: 'expected one metric' }).trim().min(1).optional(),
      top: wholeNumber(1, 20).optional(),
      grid,
    })
    .refine((a) => !a.from || !a.to || a.from < a.to, { message: 'from must be before to', path: ['from'] }),
  async run(args, services, user) {
    const research = services.research;
    if (!research) return notAvailable('research');
    const queued = await research.enqueueSweep(
      {
        strategy: args.strategy,
        symbols: args.symbols,
        grid: args.grid,
        ...(args.from ? { from: args.from } : {}),
        ...(args.to ? { to: args.to } : {}),
        ...(args.interval ? { interval: args.interval } : {}),
        ...(args.rank ? { rankBy: args.rank } : {}),
        ...(args.top ? { top: args.top } : {}),
      },
      user.id,
    );
    if (!queued.ok) return { kind: 'error', message: queued.error };
    const combos = gridSize(args.grid);
    return {
      kind: 'progress',
      title: `Sweep of ${args.strategy} on ${args.symbols.join(', ')} (${combos} combination${combos === 1 ? '' : 's'}) queued…`,
      run: (progress) => followQueuedJob(research, queued.value.jobId, `Sweep of ${args.strategy}`, 'the ranked table', progress),
    };
  },
});
