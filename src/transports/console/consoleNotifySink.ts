/**
 * Notifications on the console (when it stands in for Telegram): alerts, fills, summaries and results addressed to
 * the console user (`to: "console"`, e.g. a queued backtest's card) are printed between the command replies; a
 * chart is saved to the console's image folder like a reply's image, and actions are shown as commands to type.
 */
import { ok } from '../../core/result';
import type { Reply } from '../../core/reply';
import { notificationLine } from '../../notify/consoleSinks';
import type { Notification } from '../../notify/notification';
import type { NotificationSink, SendResult, SinkRoute } from '../../notify/sink';
import { renderReply, type ConsoleSink } from './renderReply';

/** The console user's notification address. */
export const CONSOLE_ADDRESS = 'console';

/** The route to register it with: every kind, and what is addressed to the console user. */
export const CONSOLE_ROUTE: SinkRoute = { addressees: (to) => to === CONSOLE_ADDRESS };

export function notificationReply(n: Notification): Reply {
  const parts: Reply[] = [{ kind: 'text', text: notificationLine(n) }];
  if (n.image) parts.push({ kind: 'image', png: n.image, caption: n.title, filename: `${n.kind}.png` });
  if (n.actions && n.actions.length > 0) parts.push({ kind: 'buttons', text: 'Next:', rows: [n.actions.map((a) => ({ label: a.label, action: a.url ?? a.command ?? '/help' }))] });
  return parts.length === 1 ? parts[0]! : { kind: 'many', replies: parts };
}

export function consoleNotifySink(sink: ConsoleSink, name = 'console'): NotificationSink {
  return {
    name,
    async send(n: Notification): Promise<SendResult> {
      try {
        await renderReply(notificationReply(n), sink);
        return ok(undefined);
      } catch (e) {
        return { ok: false, error: { reason: `the console could not show it (${e instanceof Error ? e.message : String(e)})`, permanent: true } };
      }
    },
  };
}
