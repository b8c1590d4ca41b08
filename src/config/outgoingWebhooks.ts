/**
 * Outgoing webhooks: notifications posted to URLs of your own (OUTGOING_WEBHOOK_URLS for every kind, and per kind
 * OUTGOING_WEBHOOK_URLS_RISK / _FILLS / _SUMMARY / _SYSTEM, which replace the default list for that kind, as the
 * Discord webhooks do), as JSON or as a form (OUTGOING_WEBHOOK_FORMAT).
 */
import { z } from 'zod';
import { httpUrl } from './urls';

/** The notification kinds a webhook can receive (the notifier's kinds). */
export const OUTGOING_KINDS = ['risk', 'fill', 'summary', 'system', 'approval'] as const;
export type OutgoingKind = (typeof OUTGOING_KINDS)[number];

export const OUTGOING_FORMATS = ['json', 'form'] as const;
export type OutgoingFormat = (typeof OUTGOING_FORMATS)[number];

export interface OutgoingWebhooks {
  /** Per kind, the URLs its notifications are posted to (empty: none). */
  readonly urls: Readonly<Record<OutgoingKind, readonly string[]>>;
  readonly format: OutgoingFormat;
}

/** Most URLs one variable may list. */
export const MAX_WEBHOOK_URLS = 5;

/** `https://a.example/hook,https://b.example/x` → the URLs (each an http(s) URL, no duplicates, at most 5). */
export const webhookUrlList = () =>
  z.string().transform((text, ctx): string[] => {
    const urls = text.split(',').map((s) => s.trim()).filter((s) => s !== '');
    for (const [i, url] of urls.entries()) {
      if (!httpUrl().safeParse(url).success) {
        ctx.addIssue({ code: 'custom', message: `entry ${i + 1} is not an http(s) URL` });
        return z.NEVER;
      }
    }
    if (new Set(urls).size !== urls.length) {
      ctx.addIssue({ code: 'custom', message: 'a URL is listed twice' });
      return z.NEVER;
    }
    if (urls.length > MAX_WEBHOOK_URLS) {
      ctx.addIssue({ code: 'custom', message: `at most ${MAX_WEBHOOK_URLS} URLs` });
      return z.NEVER;
    }
    return urls;
  });
