/**
 * Health check every 60 s: runs the health registry and tells people when a check goes down or comes back
 * (only on a change, so a long outage is one message, not one a minute).
 */
import { z } from 'zod';
import { ok } from '../core/result';
import type { NotifyPort } from '../notify/notifier';
import { defineJob, done, type Job } from './job';

/** The shape of `HealthRegistry.run()` (src/http/health.ts). */
export interface HealthPort {
  run(): Promise<{ readonly status: 'ok' | 'down'; readonly checks: Readonly<Record<string, { readonly status: 'up' | 'down'; readonly detail?: string }>> }>;
}

export interface HealthCheckJobOptions {
  readonly health: HealthPort;
  readonly notify: NotifyPort;
  /** Default 60 s. */
  readonly everyMs?: number;
}

export function healthCheckJob(o: HealthCheckJobOptions): Job {
  const last = new Map<string, 'up' | 'down'>();
  return defineJob({
    name: 'health-check',
    summary: 'Health check (MongoDB, broker session, ticker, jobs, event loop, memory)',
    schedule: { kind: 'interval', ms: o.everyMs ?? 60_000 },
    data: z.object({}),
    retries: 0,
    async run() {
      const report = await o.health.run();
      const down: string[] = [];
      const back: string[] = [];
      for (const [name, check] of Object.entries(report.checks)) {
        const before = last.get(name) ?? 'up';
        if (check.status === 'down' && before === 'up') down.push(`${name}: ${check.detail ?? 'down'}`);
        if (check.status === 'up' && before === 'down') back.push(name);
        last.set(name, check.status);
      }
      if (down.length > 0) {
        o.notify.notify({ kind: 'system', severity: 'critical', title: `Health: ${down.length === 1 ? 'a check is' : `${down.length} checks are`} down`, text: down.join('\n') });
      }
      if (back.length > 0) o.notify.notify({ kind: 'system', severity: 'info', title: 'Health: back up', text: back.join(', ') });
      const failing = Object.entries(report.checks).filter(([, c]) => c.status === 'down').map(([n]) => n);
      return ok(done(failing.length === 0 ? 'all checks up' : `down: ${failing.join(', ')}`));
    },
  });
}
