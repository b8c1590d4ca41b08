/**
 * Kite token expiry by the clock: the access token dies at 06:00 IST every day, so a job asks the session port to
 * check at 06:00 IST (and a safety-net check every few minutes, in case the 06:00 run was missed by a restart or a
 * sleeping host). The port (KiteSessionManager) halts the broker for new orders; the halt fires the broker's
 * session-expired listener once, which tells the admin with the login link (src/app/liveWiring.ts) — so the jobs
 * only check and report, they never notify themselves (the admin hears once, not once per check).
 */
import { z } from 'zod';
import { ok } from '../core/result';
import { defineJob, done, type Job } from './job';

/** What the jobs need of the Kite session (KiteSessionManager implements it). */
export interface KiteSessionExpiryPort {
  /** Halts trading when the session has passed its expiry; true when it did so now. */
  checkExpiry(): boolean;
}

export interface KiteSessionExpiryJobOptions {
  readonly session: KiteSessionExpiryPort;
  /** Default 06:00 (IST). */
  readonly at?: string;
  /** Safety-net check interval in minutes (default 5). */
  readonly everyMinutes?: number;
}

export const KITE_SESSION_EXPIRY_JOB = 'kite-session-expiry';
export const KITE_SESSION_EXPIRY_CHECK_JOB = 'kite-session-expiry-check';

/** The 06:00 IST expiry job and its every-few-minutes safety net (every day: the token expires on holidays too). */
export function kiteSessionExpiryJobs(o: KiteSessionExpiryJobOptions): readonly [daily: Job, safetyNet: Job] {
  const everyMinutes = o.everyMinutes ?? 5;
  if (!Number.isInteger(everyMinutes) || everyMinutes < 1) throw new RangeError(`everyMinutes must be a whole number ≥ 1, got ${everyMinutes}`);
  const check = async () => ok(o.session.checkExpiry() ? done('Kite session expired: trading halted for new orders') : done('no session to expire'));
  return [
    defineJob({
      name: KITE_SESSION_EXPIRY_JOB,
      summary: 'Kite token expiry at 06:00 IST: halts trading for new orders until the next login',
      schedule: { kind: 'daily', at: o.at ?? '06:00' },
      data: z.object({}),
      run: check,
    }),
    defineJob({
      name: KITE_SESSION_EXPIRY_CHECK_JOB,
      summary: `Kite token expiry safety net every ${everyMinutes} minutes`,
      schedule: { kind: 'interval', ms: everyMinutes * 60_000 },
      data: z.object({}),
      run: check,
    }),
  ];
}
