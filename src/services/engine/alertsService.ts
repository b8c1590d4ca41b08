/** The `alerts` group over the alert center: recent alerts (muted ones included) and mutes. */
import { err, ok } from '../../core/result';
import { ALERT_KINDS, type AlertCenter } from '../../risk/alerts/alertCenter';
import type { AlertsService } from '../api/alerts';

/** The longest mute (a week): anything longer is a limit change, not a mute. */
export const MAX_MUTE_MS = 7 * 86_400_000;

export function alertsService(center: AlertCenter, limit = 50): AlertsService {
  const kinds: readonly string[] = [...ALERT_KINDS, 'all'];
  return {
    async list() {
      return (await center.recent(limit)).map((a) => ({ kind: a.kind, level: a.severity, message: a.muted ? `${a.message} (muted)` : a.message, time: a.time }));
    },
    async mutes() {
      return center.mutes();
    },
    async mute(kind, durationMs) {
      if (!kinds.includes(kind)) return err(`There is no alert kind "${kind}"; use one of ${kinds.join(', ')}.`);
      if (!(durationMs > 0 && durationMs <= MAX_MUTE_MS)) return err('A mute can last at most 7 days; give a duration such as 30m, 2h or 1d.');
      return ok(await center.mute(kind, durationMs));
    },
  };
}
