/**
 * What a failed Discord REST call means for a notification: worth retrying (Discord down, slow, rate limited,
 * unreachable) or not (Discord rejected this message or the webhook is gone). The reason is our own sentence:
 * it never carries a URL, which for a webhook holds its token.
 */
import { DiscordAPIError, HTTPError, RateLimitError } from 'discord.js';
import type { SendFailure } from '../../notify/sink';

const firstLine = (s: string): string => (s.split('\n')[0] ?? '').slice(0, 200);

export function deliveryFailure(e: unknown): SendFailure {
  if (e instanceof DiscordAPIError) {
    const transient = e.status === 429 || e.status >= 500;
    return { reason: `Discord answered ${e.status} (code ${String(e.code)}: ${firstLine(e.message)})`, permanent: !transient };
  }
  if (e instanceof HTTPError) {
    return { reason: `Discord answered ${e.status} ${firstLine(e.message)}`, permanent: e.status < 500 && e.status !== 429 && e.status !== 408 };
  }
  if (e instanceof RateLimitError) return { reason: `Discord asked to wait ${Math.round(e.retryAfter / 1000)} s (rate limit)`, permanent: false };
  if (e instanceof Error && e.name === 'AbortError') return { reason: 'Discord did not answer in time', permanent: false };
  const message = e instanceof Error ? firstLine(e.message).replace(/https?:\/\/\S+/g, '<url>') : 'unknown error';
  return { reason: `could not reach Discord: ${message}`, permanent: false };
}
