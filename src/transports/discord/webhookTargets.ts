/**
 * Which Discord webhook each kind of notification goes to, from the configuration: DISCORD_WEBHOOK_URL_RISK /
 * _FILLS / _SUMMARY / _SYSTEM (each already falling back to DISCORD_WEBHOOK_URL in the config), and
 * DISCORD_WEBHOOK_URL for approval notices. A URL is checked here; an error never repeats it (it holds the token).
 */
import { z } from 'zod';
import type { Config } from '../../config/types';
import { err, ok, type Result } from '../../core/result';
import type { NotificationKind } from '../../notify/notification';

export interface WebhookTarget {
  /** The variable the URL came from (for messages). */
  readonly variable: string;
  readonly id: string;
  readonly token: string;
}

export type WebhookTargets = Partial<Record<NotificationKind, WebhookTarget>>;

const WEBHOOK_URL = /^https?:\/\/(?:ptb\.|canary\.)?discord(?:app)?\.com\/api(?:\/v\d{1,2})?\/webhooks\/(\d{17,20})\/([\w-]{60,80})\/?$/i;

const webhookUrl = z.string().regex(WEBHOOK_URL);

export function parseWebhookUrl(variable: string, url: string): Result<WebhookTarget, string> {
  const parsed = webhookUrl.safeParse(url.trim());
  const m = parsed.success ? WEBHOOK_URL.exec(parsed.data) : null;
  if (!m?.[1] || !m[2]) {
    return err(`${variable} is not a Discord webhook URL; copy it from the channel's Integrations → Webhooks (https://discord.com/api/webhooks/<id>/<token>).`);
  }
  return ok({ variable, id: m[1], token: m[2] });
}

const SOURCES: ReadonlyArray<readonly [NotificationKind, string, (d: Config['discord']) => string | undefined]> = [
  ['risk', 'DISCORD_WEBHOOK_URL_RISK', (d) => d.webhookUrls.risk],
  ['fill', 'DISCORD_WEBHOOK_URL_FILLS', (d) => d.webhookUrls.fills],
  ['summary', 'DISCORD_WEBHOOK_URL_SUMMARY', (d) => d.webhookUrls.summary],
  ['system', 'DISCORD_WEBHOOK_URL_SYSTEM', (d) => d.webhookUrls.system],
  ['approval', 'DISCORD_WEBHOOK_URL', (d) => d.webhookUrl],
];

/** The webhook of every kind that has one; all problems in one message. */
export function webhookTargets(discord: Config['discord']): Result<WebhookTargets, string> {
  const targets: WebhookTargets = {};
  const problems: string[] = [];
  for (const [kind, variable, pick] of SOURCES) {
    const url = pick(discord);
    if (url === undefined) continue;
    // a per-kind URL equal to the default came from DISCORD_WEBHOOK_URL (the config's fallback)
    const name = url === discord.webhookUrl ? 'DISCORD_WEBHOOK_URL' : variable;
    const r = parseWebhookUrl(name, url);
    if (r.ok) targets[kind] = r.value;
    else if (!problems.includes(r.error)) problems.push(r.error);
  }
  return problems.length > 0 ? err(problems.join(' ')) : ok(targets);
}
