/**
 * Ready-made health checks the composition root registers (`health.register(name, check)`): event-loop lag,
 * memory, the job scheduler, the broker session and ticker freshness. Each answers up/down with a short detail.
 */
import type { CheckResult, HealthCheck } from './health';

const up = (detail?: string): CheckResult => (detail === undefined ? { status: 'up' } : { status: 'up', detail });
const down = (detail: string): CheckResult => ({ status: 'down', detail });

/** Down when the event loop's recent p99 delay is over `maxMs` (default 500 ms); up while it is still measured. */
export function eventLoopLagCheck(lagMs: () => number | undefined, maxMs = 500): HealthCheck {
  return async () => {
    const lag = lagMs();
    if (lag === undefined) return up('measuring (the first window has not ended)');
    const detail = `p99 ${lag.toFixed(1)} ms`;
    return lag > maxMs ? down(`${detail} (over ${maxMs} ms)`) : up(detail);
  };
}

/** Down when the resident set is over `maxRssBytes` (default 1.5 GiB). */
export function memoryCheck(maxRssBytes = 1.5 * 1024 ** 3, usage: () => NodeJS.MemoryUsage = () => process.memoryUsage()): HealthCheck {
  return async () => {
    const rss = usage().rss;
    const detail = `rss ${(rss / 1024 ** 2).toFixed(0)} MiB`;
    return rss > maxRssBytes ? down(`${detail} (over ${(maxRssBytes / 1024 ** 2).toFixed(0)} MiB)`) : up(detail);
  };
}

/** Down when the job scheduler is not running. */
export function jobsCheck(scheduler: { readonly isRunning: boolean }): HealthCheck {
  return async () => (scheduler.isRunning ? up() : down('the job scheduler is not running'));
}

/** Down when there is no valid broker session (live trading cannot place orders). */
export function brokerSessionCheck(session: () => { readonly loggedIn: boolean; readonly expiresAt?: number } | undefined, now: () => number): HealthCheck {
  return async () => {
    const s = session();
    if (!s) return up('no broker session in this mode');
    if (!s.loggedIn) return down('not logged in to Kite; use /login');
    if (s.expiresAt !== undefined && s.expiresAt <= now()) return down('the Kite session has expired; use /login');
    return up('logged in');
  };
}

/**
 * Down when the market is open and the newest tick is older than `maxAgeMs` (default 60 s). Outside market hours
 * silence is normal, so the check is up; so is the first `maxAgeMs` after `startedAt` (the feed is connecting).
 */
export function tickerFreshnessCheck(o: {
  readonly lastTickAt: () => number | undefined;
  readonly now: () => number;
  readonly marketOpen: (t: number) => boolean;
  readonly maxAgeMs?: number;
  /** When the feed started (default: when the check was made). */
  readonly startedAt?: number;
}): HealthCheck {
  const maxAge = o.maxAgeMs ?? 60_000;
  const startedAt = o.startedAt ?? o.now();
  return async () => {
    const now = o.now();
    if (!o.marketOpen(now)) return up('market closed');
    const last = o.lastTickAt();
    if (last === undefined) return now - startedAt <= maxAge ? up('waiting for the first tick') : down('no tick received since the market opened');
    const age = now - last;
    return age > maxAge ? down(`last tick ${Math.round(age / 1000)} s ago`) : up(`last tick ${Math.round(age / 1000)} s ago`);
  };
}
