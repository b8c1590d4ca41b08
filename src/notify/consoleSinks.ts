/** Notifications without a network: as a console line (the console transport's sink uses it) and to the process log. */
import { ok } from '../core/result';
import type { Logger } from '../log/logger';
import { notificationText, type Notification } from './notification';
import type { NotificationSink, SendResult } from './sink';

/** A notification as console text: a severity mark, the kind, then the text indented under the title. */
export function notificationLine(n: Notification): string {
  const mark = n.severity === 'critical' ? '!!' : n.severity === 'warning' ? '!' : '-';
  return `${mark} [${n.kind}] ${notificationText(n).replace(/\n/g, '\n    ')}`;
}

export function logSink(logger: Logger, name = 'log'): NotificationSink {
  const log = logger.child({ component: 'notify' });
  return {
    name,
    async send(n: Notification): Promise<SendResult> {
      const fields = Object.fromEntries(n.fields.map((f) => [f.name, f.value]));
      const level = n.severity === 'critical' ? 'error' : n.severity === 'warning' ? 'warn' : 'info';
      log[level]({ kind: n.kind, id: n.id, fields, ...(n.text ? { text: n.text } : {}) }, n.title);
      return ok(undefined);
    },
  };
}
