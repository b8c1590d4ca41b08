/**
 * Kite's instruments CSV rows (as kiteconnect's getInstruments returns them, parsed by papaparse with numeric
 * last_price, strike, tick_size, lot_size and expiry as a Date) → core Instrument. Rows that do not fit are
 * counted and reported, never dropped silently.
 */
import { z } from 'zod';
import { instrumentToken } from '../../core/ids';
import type { Exchange, Instrument, InstrumentType } from '../../core/instrument';

const EXCHANGES = ['NSE', 'BSE', 'NFO', 'BFO', 'CDS', 'MCX', 'BCD'] as const satisfies readonly Exchange[];
const TYPES = ['EQ', 'FUT', 'CE', 'PE'] as const satisfies readonly InstrumentType[];

const digits = z.union([z.string().regex(/^\d+$/), z.number().int().nonnegative()]).transform(Number);

export const instrumentRowSchema = z.object({
  instrument_token: digits,
  exchange_token: digits,
  tradingsymbol: z.string().min(1),
  name: z.string().default(''),
  expiry: z.union([z.date(), z.literal(''), z.undefined(), z.null()]),
  strike: z.number().optional(),
  tick_size: z.number().positive(),
  lot_size: z.number().int().positive(),
  instrument_type: z.enum(TYPES),
  segment: z.string().min(1),
  exchange: z.enum(EXCHANGES),
});

export interface RowProblem {
  /** 1-based data row (the header is row 0). */
  readonly row: number;
  readonly reason: string;
}

export interface ParsedInstruments {
  readonly instruments: Instrument[];
  readonly skipped: number;
  /** The first few problems, for the report. */
  readonly problems: RowProblem[];
}

const isBlankRow = (r: unknown): boolean =>
  typeof r === 'object' && r !== null && Object.values(r as Record<string, unknown>).every((v) => v === '' || v === undefined || (typeof v === 'number' && Number.isNaN(v)));

export function parseInstrumentRows(rows: unknown, maxProblems = 5): ParsedInstruments | null {
  if (!Array.isArray(rows)) return null;
  const instruments: Instrument[] = [];
  const problems: RowProblem[] = [];
  let skipped = 0;
  rows.forEach((raw: unknown, i) => {
    if (isBlankRow(raw)) return; // the CSV's trailing line break
    const r = instrumentRowSchema.safeParse(raw);
    if (!r.success) {
      skipped++;
      if (problems.length < maxProblems) {
        const issue = r.error.issues[0];
        problems.push({ row: i + 1, reason: issue ? `${issue.path.join('.')}: ${issue.message}` : 'invalid row' });
      }
      return;
    }
    const d = r.data;
    const base: Instrument = {
      token: instrumentToken(d.instrument_token),
      exchangeToken: d.exchange_token,
      exchange: d.exchange,
      tradingsymbol: d.tradingsymbol,
      name: d.name,
      tickSize: d.tick_size,
      lotSize: d.lot_size,
      segment: d.segment,
      instrumentType: d.segment === 'INDICES' ? 'INDEX' : d.instrument_type,
    };
    const expiry = d.expiry instanceof Date && !Number.isNaN(d.expiry.getTime()) ? d.expiry.toISOString().slice(0, 10) : undefined;
    const strike = d.strike !== undefined && d.strike > 0 ? d.strike : undefined;
    instruments.push({ ...base, ...(expiry ? { expiry } : {}), ...(strike !== undefined ? { strike } : {}) });
  });
  return { instruments, skipped, problems };
}
