/** Collects what a kernel decided and did, as plain JSON-able lines, for byte-for-byte comparison. */
import type { DomainEvents } from '../../../src/core/events';

export interface Recording {
  signals: string[];
  orders: string[];
  fills: string[];
  alerts: string[];
  statuses: string[];
}

export function record(events: DomainEvents): Recording {
  const r: Recording = { signals: [], orders: [], fills: [], alerts: [], statuses: [] };
  events.on('signal', (e) => r.signals.push(JSON.stringify(e.signal)));
  events.on('order-submitted', (e) => r.orders.push(JSON.stringify(e.intent)));
  events.on('order-filled', (e) => r.fills.push(JSON.stringify(e.fill)));
  events.on('alert', (e) => r.alerts.push(e.message));
  events.on('instance-status', (e) => r.statuses.push(`${e.instanceId}:${e.status}:${e.message ?? ''}`));
  return r;
}
