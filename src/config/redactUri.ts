/** Masks the password of any URI with credentials (mongodb://user:pass@host → mongodb://user:***@host). */
const CREDENTIALS = /([a-z][a-z0-9+.-]*:\/\/)([^:/?#@\s]*):([^@/?#\s]*)@/gi;

export function redactUri(text: string): string {
  return text.replace(CREDENTIALS, (_m, scheme: string, user: string) => `${scheme}${user}:***@`);
}
