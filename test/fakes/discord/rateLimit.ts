/**
 * Per-route buckets with Discord's headers on every reply (X-RateLimit-Limit/Remaining/Reset/Reset-After/Bucket).
 * A bucket allows `limit` requests per `windowMs` on the fake's clock; over it, the reply is 429 with
 * `retry_after` (seconds, fractional) in the body and `Retry-After` in the headers, which @discordjs/rest honours.
 */
import { createHash } from 'node:crypto';

export interface DiscordRateLimitOptions {
  /** Requests per window per bucket; default 50. */
  readonly limit?: number;
  /** Window length; default 1000 ms. */
  readonly windowMs?: number;
  /** Enforce the limit (answer 429); when false only the headers are sent. Default false. */
  readonly enforce?: boolean;
}

interface Bucket {
  windowStart: number;
  used: number;
}

export type BucketDecision = { readonly allowed: true; readonly headers: Record<string, string> } | { readonly allowed: false; readonly retryAfter: number; readonly hash: string };

export class BucketLimiter {
  private readonly buckets = new Map<string, Bucket>();
  constructor(
    private options: DiscordRateLimitOptions,
    private readonly now: () => number,
  ) {}

  configure(options: DiscordRateLimitOptions): void {
    this.options = options;
    this.buckets.clear();
  }

  take(key: string): BucketDecision {
    const limit = this.options.limit ?? 50;
    const windowMs = this.options.windowMs ?? 1000;
    const t = this.now();
    const bucket = this.buckets.get(key) ?? { windowStart: t, used: 0 };
    if (t - bucket.windowStart >= windowMs) {
      bucket.windowStart = t;
      bucket.used = 0;
    }
    this.buckets.set(key, bucket);
    const hash = createHash('sha1').update(key).digest('hex').slice(0, 16);
    const resetAt = bucket.windowStart + windowMs;
    if (this.options.enforce && bucket.used >= limit) return { allowed: false, retryAfter: Math.max(0.001, (resetAt - t) / 1000), hash };
    bucket.used += 1;
    return {
      allowed: true,
      headers: {
        'x-ratelimit-limit': String(limit),
        'x-ratelimit-remaining': String(Math.max(0, limit - bucket.used)),
        'x-ratelimit-reset': (resetAt / 1000).toFixed(3),
        'x-ratelimit-reset-after': ((resetAt - t) / 1000).toFixed(3),
        'x-ratelimit-bucket': hash,
      },
    };
  }
}
