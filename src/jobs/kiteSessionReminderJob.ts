/**
 * Kite session reminder at 08:45 IST on trading days: when the access token is missing or expired (it dies at
 * 06:00 IST every day), sends the admin the login link; otherwise stays quiet.
 */
import { z } from 'zod';
import { ok } from '../core/result';
import type { NotifyPort } from '../notify/notifier';
import type { SessionService } from '../services/api/session';
import type { StatusService } from '../services/api/status';
import { defineJob, done, skipped, type Job } from './job';

export interface KiteSessionReminderJobOptions {
  readonly status: Pick<StatusService, 'status'>;
  readonly session: Pick<SessionService, 'loginUrl'>;
  readonly notify: NotifyPort;
  /** Default 08:45. */
  readonly at?: string;
}

export function kiteSessionReminderJob(o: KiteSessionReminderJobOptions): Job {
  return defineJob({
    name: 'kite-session-reminder',
    summary: 'Kite login reminder at 08:45 IST when the token is missing or expired',
    schedule: { kind: 'daily', at: o.at ?? '08:45' },
    data: z.object({}),
    tradingDaysOnly: true,
    async run({ now }) {
      const s = (await o.status.status()).brokerSession;
      if (!s) return ok(skipped('no Kite session in this mode'));
      if (s.loggedIn && (s.expiresAt === undefined || s.expiresAt > now)) return ok(done('Kite session is valid'));
      const url = o.session.loginUrl();
      if (!url.ok) return url;
      o.notify.notify({
        kind: 'system',
        severity: 'warning',
        title: 'Log in to Kite for today',
        text: s.loggedIn ? 'The Kite session has expired; trading waits until you log in again.' : 'There is no Kite session; trading waits until you log in.',
        actions: [{ label: 'Log in to Kite', url: url.value }],
      });
      return ok(done('login link sent'));
    },
  });
}
