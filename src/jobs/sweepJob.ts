/**
 * Parameter sweeps from chat as queued jobs (like backtests: any worker takes them, progress renews the lock, the
 * ranked table goes back to whoever asked). The sweep itself is behind a narrow port the composition root
 * implements over src/backtest (sweep + sweepPool).
 */
import { z } from 'zod';
import { ok, type Result } from '../core/result';
import type { NotifyPort } from '../notify/notifier';
import { defineJob, done, type Job } from './job';
import { requesterAddress, researchRequestFields, tensOfPercent } from './researchJobs';

export const SWEEP_JOB = 'sweep';

export const sweepJobDataSchema = z.object({
  request: z.object({
    ...researchRequestFields,
    /** Parameter name → the values to try (as typed). */
    grid: z.record(z.string(), z.array(z.string()).min(1)).refine((g) => Object.keys(g).length > 0, 'name at least one parameter to sweep'),
    rankBy: z.string().min(1).default('sharpe'),
    top: z.number().int().min(1).max(20).default(5),
  }),
  to: requesterAddress,
});
export type SweepJobData = z.input<typeof sweepJobDataSchema>;
export type SweepJobRequest = z.output<typeof sweepJobDataSchema>['request'];

export interface SweepRankedRow {
  readonly params: Readonly<Record<string, string | number | boolean>>;
  /** The ranking metric's value (null when the run had no trades). */
  readonly score: number | null;
  readonly trades: number;
}

export interface SweepOutcome {
  /** Best first, at most `top`. */
  readonly rows: readonly SweepRankedRow[];
  readonly combinations: number;
  /** Combinations the strategy rejected (e.g. fast ≥ slow). */
  readonly skipped: number;
}

export interface SweepRunner {
  run(req: SweepJobRequest, onProgress: (fraction: number) => void): Promise<Result<SweepOutcome, string>>;
}

const paramsText = (p: SweepRankedRow['params']): string =>
  Object.entries(p)
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(' ');

export function sweepJob(o: { readonly sweeps: SweepRunner; readonly notify: NotifyPort }): Job {
  return defineJob({
    name: SWEEP_JOB,
    summary: 'A parameter sweep asked for from chat, run by any worker',
    schedule: { kind: 'on-demand' },
    data: sweepJobDataSchema,
    retries: 1,
    lockLifetimeMs: 5 * 60_000,
    async run({ data, progress }) {
      const to = data.to !== undefined ? { to: data.to } : {};
      const req = data.request;
      const r = await o.sweeps.run(req, tensOfPercent(progress));
      if (!r.ok) {
        o.notify.notify({ kind: 'system', severity: 'warning', title: `Sweep of ${req.strategy} not run`, text: r.error, ...to });
        return ok(done(`refused: ${r.error}`));
      }
      const s = r.value;
      o.notify.notify({
        kind: 'summary',
        severity: 'info',
        title: `Sweep ${req.strategy} on ${req.symbols.join(', ')}: best ${s.rows.length} of ${s.combinations} by ${req.rankBy}`,
        text: s.skipped > 0 ? `${s.skipped} combinations were skipped (rejected by the strategy).` : undefined,
        fields: s.rows.map((row, i) => ({
          name: `${i + 1}. ${paramsText(row.params)}`,
          value: `${req.rankBy} ${row.score === null ? 'n/a' : row.score.toFixed(3)}, ${row.trades} trades`,
        })),
        ...to,
      });
      return ok(done(`${s.combinations} combinations, best ${s.rows[0] ? paramsText(s.rows[0].params) : 'none'}`));
    },
  });
}
