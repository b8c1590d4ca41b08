/**
 * Removes secrets from text: known secret values (registered from the config, or later, e.g. a Kite
 * access token obtained at login) and secret-shaped patterns (URI passwords, Telegram bot tokens,
 * Discord webhook tokens, Kite Authorization headers). Used on every line the logger writes.
 *
 * Every step is linear in the line's length (issue 16: a public request must not freeze the process): value
 * secrets are found with `includes`/`split`, and each pattern starts only where its shape can begin (a look-behind
 * rules out the middle of a run), so no character is scanned by more than a bounded number of attempts.
 * eslint-plugin-regexp checks these patterns for super-linear backtracking and moves; bench/log.bench.ts times a
 * 1 MB line.
 */
import { redactUri } from '../config/redactUri';

export const REDACTED = '[redacted]';

/** Secrets shorter than this are not scrubbed by value: replacing 1–3 characters everywhere would garble logs. */
const MIN_SECRET_LENGTH = 4;

const PATTERNS: ReadonlyArray<readonly [RegExp, string]> = [
  // Telegram bot token, e.g. in https://api.telegram.org/bot<token>/getMe (the digits may follow `bot`: only
  // another digit may not precede them)
  [/(?<!\d)\d{5,}:[A-Za-z0-9_-]{30,}/g, REDACTED],
  // Discord webhook token: /api/webhooks/<id>/<token>
  [/(\/webhooks\/\d+\/)[A-Za-z0-9_.-]+/g, `$1${REDACTED}`],
  // Kite: Authorization: token api_key:access_token
  [/(\btoken\s+[A-Za-z0-9]+:)[A-Za-z0-9]+/g, `$1${REDACTED}`],
];

export class SecretScrubber {
  private secrets: string[] = [];

  constructor(initial: Iterable<string> = []) {
    for (const s of initial) this.add(s);
  }

  /** Registers a secret value; it (and its JSON-escaped form) will never appear in scrubbed text. */
  add(secret: string | undefined): void {
    if (secret === undefined || secret.length < MIN_SECRET_LENGTH) return;
    const escaped = JSON.stringify(secret).slice(1, -1);
    for (const form of escaped === secret ? [secret] : [secret, escaped]) {
      if (!this.secrets.includes(form)) this.secrets.push(form);
    }
    // Longest first, so a secret containing another is removed whole.
    this.secrets.sort((a, b) => b.length - a.length);
  }

  scrub(text: string): string {
    let out = text;
    for (const s of this.secrets) if (out.includes(s)) out = out.split(s).join(REDACTED);
    for (const [re, replacement] of PATTERNS) out = out.replace(re, replacement);
    return redactUri(out);
  }
}
