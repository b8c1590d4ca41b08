/**
 * Caps a value that came from outside (a postback's order_id, a URL, a parser's message) before it goes into a log
 * line or an answer: at most `max` characters, control characters shown as spaces, and how much was left out.
 * Issue 16: a 1 MB order_id was logged whole; a log line carries a bounded amount of what a stranger sent.
 */
export const LOG_FIELD_MAX = 120;

export function clip(value: unknown, max = LOG_FIELD_MAX): string {
  const s = typeof value === 'string' ? value : String(value);
  const head = s.length > max ? s.slice(0, max) : s;
  // eslint-disable-next-line no-control-regex -- replacing control characters is the point
  const shown = head.replace(/[\u0000-\u001f\u007f]/g, ' ');
  return s.length > max ? `${shown}…(+${s.length - max} chars)` : shown;
}
