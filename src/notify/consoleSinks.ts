/** Two sinks that need no network: one writes to a line printer (the console), one to the process log. */
import { ok } from '../core/result';
import type { Logger } from '../log/logger';
import { notificationText, type Notification } from './notification';
import type { NotificationSink, SendResult } from './sink';

export function lineSink(name: string, print: (line: string) => void): NotificationSink {
  return {
    name,
    async send(n: Notification): Promise<SendResult> {
      const mark = n.severity === 'critical' ? '!!' : n.severity === 'warning' ? '!' : '-';
      print(`${mark} [${n.kind}] ${notificationText(n).replace(/\n/g, '\n    ')}`);
      return ok(undefined);
    },
  };
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
