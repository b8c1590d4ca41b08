/**
 * Domain events → notifications: fills (kind `fill`), orders in UNKNOWN (with Check again / Give up buttons),
 * rejections and risk denials (of unattended orders: a person's
 * order or a rebalance is told where it was asked), warnings and critical alerts
 * (`risk` when they are about trading, else `system`), trading-state changes and errored strategy instances.
 * Info-level chatter (every approval expiry, every accepted order) stays in the log.
 */
import type { DomainEvent, DomainEvents } from '../core/events';
import { CHARGE_CREDIT_NOTE } from '../core/costs/chargeBook';
import { formatInr } from '../core/money';
import type { NotificationInput } from './notification';
import type { NotifyPort } from './notifier';

export function notificationOf(e: DomainEvent): NotificationInput | undefined {
  switch (e.type) {
    case 'order-filled': {
      const f = e.fill;
      return {
        kind: 'fill',
        severity: 'info',
        title: `Filled: ${f.side} ${f.quantity} ${f.symbol} @ ${formatInr(f.price)}`,
        fields: [
          { name: 'Order', value: f.clientOrderId, inline: true },
          { name: 'Value', value: formatInr(f.quantity * f.price), inline: true },
          ...(f.charges !== undefined ? [{ name: 'Charges', value: `${formatInr(f.charges)}${f.charges < 0 ? ` (${CHARGE_CREDIT_NOTE})` : ''}`, inline: true }] : []),
        ],
      };
    }
    case 'order-unknown': {
      const i = e.order.intent;
      const id = i.clientOrderId;
      return {
        kind: 'risk',
        severity: 'critical',
        title: `Order ${id} UNKNOWN: ${i.side} ${i.quantity} ${i.symbol} may or may not be at the broker`,
        text: `${e.message} New ${i.symbol} orders are refused until it is resolved: check the broker again, or give it up if the broker does not have it.`,
        actions: [
          { label: 'Check again', command: `/resolve ${id} check` },
          { label: 'Give up', command: `/resolve ${id} giveup` },
        ],
      };
    }
    case 'order-rejected':
      return { kind: 'fill', severity: 'warning', title: `Order ${e.clientOrderId} rejected`, text: e.message };
    case 'risk-denied':
      // A person's order and a rebalance hear of a refusal where they asked (the reply, the card, the job's notice);
      // what runs unattended (strategies, the engine's exits) is announced.
      if (e.intent.source.kind === 'user' || e.intent.source.kind === 'job') return undefined;
      return { kind: 'risk', severity: 'warning', title: `Risk gate refused ${e.intent.side} ${e.intent.quantity} ${e.intent.symbol}`, text: e.reason };
    case 'trading-state':
      return { kind: 'risk', severity: e.state === 'ACTIVE' ? 'info' : 'critical', title: `Trading is ${e.state}`, text: e.reason };
    case 'session-expired':
      return { kind: 'system', severity: 'critical', title: `${e.broker} session expired`, text: e.message };
    case 'instance-status':
      return e.status === 'errored' ? { kind: 'system', severity: 'warning', title: `Strategy instance ${e.instanceId} stopped with an error`, ...(e.message ? { text: e.message } : {}) } : undefined;
    case 'alert':
      return e.level === 'info' ? undefined : alertNotification(e.level, e.message);
    default:
      return undefined;
  }
}

/**
 * A warning or critical alert: a short message is the title; a long one keeps its first sentence (cut to the
 * title's 256 characters) as the title and the whole message as the text, so nothing of it is lost.
 */
export function alertNotification(severity: 'warning' | 'critical', message: string): NotificationInput {
  if (message.length <= 256) return { kind: 'system', severity, title: message };
  const sentence = /^.+?[.;:](?=\s)/.exec(message)?.[0] ?? message;
  return { kind: 'system', severity, title: sentence.length > 256 ? `${sentence.slice(0, 253)}…` : sentence, text: message.length > 4000 ? `${message.slice(0, 3997)}…` : message };
}

/** Forwards the events of `bus` to the notifier; returns the unsubscribe. */
export function notifyOnEvents(bus: DomainEvents, notify: NotifyPort, onInvalid: (message: string) => void): () => void {
  return bus.onAny((e) => {
    const n = notificationOf(e);
    if (!n) return;
    const r = notify.notify(n);
    if (!r.ok) onInvalid(r.error);
  });
}
