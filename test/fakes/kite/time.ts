/** IST wall-clock formatting and parsing as Kite's wire formats use them (independent of the process TZ). */
const IST_OFFSET_MS = 330 * 60_000;
const DAY_MS = 86_400_000;

const pad2 = (n: number): string => (n < 10 ? `0${n}` : String(n));

/** `YYYY-MM-DD HH:MM:SS` in IST: order, trade, quote and session timestamps. */
export function formatIstDateTime(ms: number): string {
  const d = new Date(ms + IST_OFFSET_MS);
  return (
    `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())} ` +
    `${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())}`
  );
}

/** `YYYY-MM-DDTHH:MM:SS+0530`: the candle timestamp of the historical API. */
export function formatCandleTime(ms: number): string {
  return `${formatIstDateTime(ms).replace(' ', 'T')}+0530`;
}

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?$/;

/**
 * Parses `yyyy-mm-dd hh:mm:ss` (or `yyyy-mm-dd`) as IST wall time, the way the historical API reads
 * `from`/`to`. Returns epoch ms, or null when the text is not such a date.
 */
export function parseIstDateTime(text: string): number | null {
  const m = DATE_TIME.exec(text.trim());
  if (!m) return null;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  const h = Number(m[4] ?? '0');
  const mi = Number(m[5] ?? '0');
  const s = Number(m[6] ?? '0');
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 59) return null;
  const utc = Date.UTC(y, mo - 1, d, h, mi, s);
  if (new Date(utc).getUTCDate() !== d) return null; // e.g. 2024-02-31
  return utc - IST_OFFSET_MS;
}

export const daysBetween = (fromMs: number, toMs: number): number => (toMs - fromMs) / DAY_MS;

/** `yyMMdd` of an instant in IST: the prefix of Kite-style numeric order ids. */
export function istDatePrefix(ms: number): string {
  return formatIstDateTime(ms).slice(2, 10).replace(/-/g, '');
}
