/**
 * The admins' notification after a Kite login: one message, the title saying whether everything is ready. The
 * report is the readiness check's (src/brokers/kite/kiteReadiness.ts), taken by its shape.
 */
import type { NotificationInput } from './notification';

export interface ReadinessLines {
  readonly lines: readonly string[];
  /** Parts that failed. */
  readonly problems: number;
}

export function readinessNotice(r: ReadinessLines, who: string | undefined): NotificationInput {
  const title = r.problems === 0 ? 'Kite login complete: trading is ready' : `Kite login complete: ${r.problems} readiness check(s) failed`;
  return {
    kind: 'system',
    severity: r.problems === 0 ? 'info' : 'warning',
    title,
    text: [...(who ? [`Logged in as ${who}.`] : []), ...r.lines].join('\n'),
  };
}
