/**
 * A notification as a Discord message: one embed coloured by severity, the key numbers as inline fields, the
 * chart (if any) attached as a PNG and shown inside the embed. Webhook messages cannot carry buttons, so the
 * notification's actions become a line of commands and links in the description.
 */
import type { APIEmbed } from 'discord.js';
import type { Notification, NotificationAction, Severity } from '../../notify/notification';
import { fitEmbed } from './embedLimits';

export const SEVERITY_COLOURS: Readonly<Record<Severity, number>> = {
  info: 0x3498db,
  warning: 0xf39c12,
  critical: 0xe74c3c,
};

export const CHART_FILENAME = 'chart.png';

export interface AlertFile {
  readonly name: string;
  readonly attachment: Buffer;
}

export interface AlertMessage {
  readonly embeds: readonly APIEmbed[];
  readonly files: readonly AlertFile[];
}

const KIND_LABELS: Readonly<Record<Notification['kind'], string>> = {
  risk: 'Risk',
  fill: 'Fill',
  summary: 'Summary',
  system: 'System',
  approval: 'Approval',
};

function actionText(a: NotificationAction): string {
  if (a.url !== undefined) return `[${a.label.replace(/[[\]]/g, '')}](${a.url})`;
  return `${a.label}: \`${(a.command ?? '').replace(/`/g, "'")}\``;
}

export function alertMessage(n: Notification): AlertMessage {
  const parts: string[] = [];
  if (n.text) parts.push(n.text);
  if (n.actions && n.actions.length > 0) parts.push(n.actions.map(actionText).join(' · '));
  const embed: APIEmbed = {
    title: n.title,
    color: SEVERITY_COLOURS[n.severity],
    timestamp: new Date(n.time).toISOString(),
    footer: { text: `AutoPPM · ${KIND_LABELS[n.kind]}${n.severity === 'info' ? '' : ` · ${n.severity}`}` },
    ...(parts.length > 0 ? { description: parts.join('\n\n') } : {}),
    ...(n.fields.length > 0 ? { fields: n.fields.map((f) => ({ name: f.name, value: f.value, inline: f.inline ?? true })) } : {}),
    ...(n.image ? { image: { url: `attachment://${CHART_FILENAME}` } } : {}),
  };
  const files: AlertFile[] = n.image ? [{ name: CHART_FILENAME, attachment: Buffer.from(n.image.buffer, n.image.byteOffset, n.image.byteLength) }] : [];
  return { embeds: [fitEmbed(embed)], files };
}
