import { z } from 'zod';
import type { AlertOrderView, AlertView } from '../src/services/api/alertsIn';
import { defineCommand } from './lib/command';
import { istTime } from './lib/format';

const SHOWN = 15;

/** What became of one order an alert asked for: its id and state now, or why nothing was placed. */
function outcome(o: AlertOrderView, many: boolean): string {
  const what = many ? `${o.symbol}: ` : '';
  if (o.orderId === undefined) return `${what}refused — ${o.refused ?? 'no order'}`;
  const size = o.side ? `${o.side} ${o.quantity} ${o.symbol} ` : '';
  return `${what}order ${o.orderId} ${size}${o.status ?? ''}${o.refused ? ` — ${o.refused}` : ''}`.trimEnd();
}

function lines(a: AlertView): string[] {
  const head = `${istTime(a.receivedAt).slice(11)} ${a.source} ${a.id}`;
  if (a.status === 'invalid') return [`${head} — not understood (400): ${a.message}`];
  if (a.status === 'duplicate') return [`${head} — ${a.message}`, `  → a repeat of ${a.repeatOf ?? '?'}: nothing placed`];
  if (a.orders.length === 0) return [`${head} — ${a.message}`, '  → no outcome stored (the bot stopped while placing it); see /orders'];
  return [`${head} — ${a.message}`, ...a.orders.map((o) => `  → ${outcome(o, a.orders.length > 1)}`)];
}

export const alertsInCommand = defineCommand({
  name: 'alerts_in',
  summary: 'Recent incoming alerts (TradingView, ChartInk, text) and what became of each',
  usage: '/alerts_in [source]',
  example: '/alerts_in tv',
  role: 'viewer',
  positional: ['source'],
  args: z.object({ source: z.string().trim().toLowerCase().regex(/^[a-z0-9][a-z0-9_-]{0,31}$/, 'expected an alert source name such as tv').optional() }),
  async run(args, services) {
    const alerts = services.alertsIn;
    if (!alerts) return { kind: 'error', message: 'Incoming alerts are off; set ALERT_SOURCES (see the README) and restart the bot.' };
    if (args.source !== undefined && !alerts.sources().includes(args.source)) {
      return { kind: 'error', message: `There is no alert source "${args.source}"; the sources are ${alerts.sources().join(', ')}.` };
    }
    const list = await alerts.recent({ limit: SHOWN, ...(args.source !== undefined ? { source: args.source } : {}) });
    if (list.length === 0) return { kind: 'text', text: `No alerts yet${args.source ? ` from ${args.source}` : ''}. Alerts go to POST /hooks/alerts/<source>.` };
    const title = `Incoming alerts${args.source ? ` from ${args.source}` : ''} (latest ${list.length}, IST)`;
    return { kind: 'text', text: [title, ...list.flatMap(lines), '', 'Details of an order: /order <id>'].join('\n') };
  },
});
