import { writeFile } from 'node:fs/promises';
import { istDate, IST_OFFSET_MS } from '../../calendar/ist';
import type { BarSeries } from '../../core/barSeries';

export interface CsvWriteOptions {
  /** Lines written first as `# …` comments (the CSV loader skips and returns them). */
  readonly comments?: readonly string[];
}

/**
 * Writes a BarSeries as CSV the loader reads back exactly: `date,…` (YYYY-MM-DD) for daily
 * series, `datetime,…` (ISO 8601 with +05:30) for intraday; numbers in shortest round-trip form;
 * an `oi` column only when some bar has one.
 */
export function barSeriesToCsv(series: BarSeries, options: CsvWriteOptions = {}): string {
  const daily = series.interval === 'day';
  let hasOi = false;
  for (let i = 0; i < series.length && !hasOi; i++) hasOi = !Number.isNaN(series.oi[i]!);
  const parts: string[] = [];
  for (const c of options.comments ?? []) parts.push(`# ${c.replace(/[\r\n]+/g, ' ')}\n`);
  parts.push(`${daily ? 'date' : 'datetime'},open,high,low,close,volume${hasOi ? ',oi' : ''}\n`);
  for (let i = 0; i < series.length; i++) {
    const t = series.time[i]!;
    const stamp = daily ? istDate(t) : istDateTime(t);
    const oi = hasOi ? `,${Number.isNaN(series.oi[i]!) ? '' : series.oi[i]!}` : '';
    parts.push(`${stamp},${series.open[i]!},${series.high[i]!},${series.low[i]!},${series.close[i]!},${series.volume[i]!}${oi}\n`);
  }
  return parts.join('');
}

/** `YYYY-MM-DDTHH:MM:SS+05:30` (milliseconds appended when present). */
export function istDateTime(t: number): string {
  const iso = new Date(t + IST_OFFSET_MS).toISOString(); // the IST wall clock, labelled Z
  const ms = iso.slice(19, 23) === '.000' ? '' : iso.slice(19, 23);
  return `${iso.slice(0, 19)}${ms}+05:30`;
}

export async function writeBarSeriesCsv(path: string, series: BarSeries, options: CsvWriteOptions = {}): Promise<void> {
  await writeFile(path, barSeriesToCsv(series, options), 'utf8');
}
