/**
 * A notification: what the bot tells people (risk alerts, fills, summaries, system news, approval requests),
 * independent of any chat library. Sinks (Telegram, Discord, console, log) render it in their own way.
 */
import { z } from 'zod';

export const NOTIFICATION_KINDS = ['risk', 'fill', 'summary', 'system', 'approval'] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export const SEVERITIES = ['info', 'warning', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

const fieldSchema = z.object({
  name: z.string().min(1).max(256),
  value: z.string().max(1024),
  /** Whether a sink may place it beside the previous field (Discord embeds). */
  inline: z.boolean().optional(),
});

/** A button under the message: a chat command to run (`/rebalance_submit 12`) or a link to open. */
const actionSchema = z
  .object({ label: z.string().min(1).max(80), command: z.string().min(1).max(200).optional(), url: z.url().optional() })
  .refine((a) => (a.command === undefined) !== (a.url === undefined), { message: 'an action has either a command or a url' });

/** What a caller hands to `Notifier.notify`: the notifier adds the id and the time. */
export const notificationInputSchema = z.object({
  kind: z.enum(NOTIFICATION_KINDS),
  severity: z.enum(SEVERITIES),
  title: z.string().min(1).max(256),
  text: z.string().max(4000).optional(),
  fields: z.array(fieldSchema).max(25).default([]),
  /** A chart or other picture, PNG bytes. */
  image: z.custom<Uint8Array>((v) => v instanceof Uint8Array, { message: "the image must be PNG bytes" }).optional(),
  actions: z.array(actionSchema).max(5).optional(),
  /** A transport address the message is for (e.g. `telegram:12345` for the chat that asked), if not everyone. */
  to: z.string().min(1).optional(),
});

export type NotificationField = z.output<typeof fieldSchema>;
export type NotificationAction = z.output<typeof actionSchema>;
export type NotificationInput = z.input<typeof notificationInputSchema>;

export interface Notification {
  readonly id: string;
  /** Epoch ms when it was raised. */
  readonly time: number;
  readonly kind: NotificationKind;
  readonly severity: Severity;
  readonly title: string;
  readonly text?: string;
  readonly fields: readonly NotificationField[];
  readonly image?: Uint8Array;
  readonly actions?: readonly NotificationAction[];
  readonly to?: string;
}

const SEVERITY_RANK: Record<Severity, number> = { info: 0, warning: 1, critical: 2 };

/** True when `have` is at least as severe as `floor`. */
export const atLeast = (have: Severity, floor: Severity): boolean => SEVERITY_RANK[have] >= SEVERITY_RANK[floor];

/** Plain text of a notification (console and log sinks, tests): title, text, then `name: value` lines. */
export function notificationText(n: Notification): string {
  const lines = [n.title];
  if (n.text) lines.push(n.text);
  for (const f of n.fields) lines.push(`${f.name}: ${f.value}`);
  return lines.join('\n');
}
