/**
 * Masks the password of any URI with credentials (mongodb://user:pass@host → mongodb://user:***@host).
 *
 * Linear time on any input (issue 16): a match may start only where a scheme begins — a letter not preceded by a
 * scheme character — so a long run of letters is scanned once, not once per letter (the pattern without the
 * look-behind was quadratic: 1 MB of letters in a postback's order_id hung the process for minutes). After `://`
 * the user and password classes stop at `/`, so no two candidate matches scan the same characters twice.
 * eslint-plugin-regexp (`no-super-linear-move`, `no-super-linear-backtracking`) checks this pattern.
 */
const CREDENTIALS = /(?<![a-z0-9+.-])([a-z][a-z0-9+.-]*:\/\/)([^:/?#@\s]*):([^@/?#\s]*)@/gi;

export function redactUri(text: string): string {
  return text.replace(CREDENTIALS, (_m, scheme: string, user: string) => `${scheme}${user}:***@`);
}
