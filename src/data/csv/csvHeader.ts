import type { Result } from '../../core/result';
import { err, ok } from '../../core/result';

/** Column positions of a bar CSV; -1 when an optional column is absent. */
export interface ColumnMap {
  readonly time: number;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume: number;
  readonly adjClose: number;
  readonly oi: number;
  /** Number of columns a row needs to hold every mapped column. */
  readonly width: number;
}

type Field = Exclude<keyof ColumnMap, 'width'>;

const ALIASES: Record<string, Field> = {
  date: 'time',
  datetime: 'time',
  timestamp: 'time',
  time: 'time',
  open: 'open',
  o: 'open',
  high: 'high',
  h: 'high',
  low: 'low',
  l: 'low',
  close: 'close',
  c: 'close',
  volume: 'volume',
  vol: 'volume',
  v: 'volume',
  adjclose: 'adjClose',
  adjustedclose: 'adjClose',
  oi: 'oi',
  openinterest: 'oi',
};

const REQUIRED: readonly Field[] = ['time', 'open', 'high', 'low', 'close', 'volume'];

/** Lower-cases and drops quotes, spaces, underscores and dots: "Adj Close" → "adjclose". */
export function normaliseHeaderName(name: string): string {
  return name.toLowerCase().replace(/["'\s_.]/g, '');
}

/**
 * Maps header cells to bar fields, case-insensitively and with the usual variants
 * (Date/Datetime/Timestamp/Time, Open/High/Low/Close/Volume, Adj Close, OI). Unknown columns are ignored.
 */
export function mapHeader(cells: readonly string[]): Result<ColumnMap, string> {
  const pos: Record<Field, number> = { time: -1, open: -1, high: -1, low: -1, close: -1, volume: -1, adjClose: -1, oi: -1 };
  for (let i = 0; i < cells.length; i++) {
    const f = ALIASES[normaliseHeaderName(cells[i]!)];
    if (f === undefined) continue;
    if (pos[f] !== -1) return err(`the header names the ${f} column twice ("${cells[pos[f]]}" and "${cells[i]}")`);
    pos[f] = i;
  }
  const missing = REQUIRED.filter((f) => pos[f] === -1);
  if (missing.length > 0) {
    return err(`the header lacks ${missing.map((f) => (f === 'time' ? 'date/datetime' : f)).join(', ')} (expected date,open,high,low,close,volume)`);
  }
  return ok({ ...pos, width: Math.max(...Object.values(pos)) + 1 });
}
