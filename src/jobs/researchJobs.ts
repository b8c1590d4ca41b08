/**
 * What the backtest and sweep jobs share: the request fields (strategy, symbols, IST date range, interval), the
 * requester's address, and progress reported on the job lock in whole tens of percent (each report is a write).
 */
import { z } from 'zod';
import { INTERVALS } from '../core/interval';
import { symbolListSchema } from '../services/symbols';

const ymd = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'use YYYY-MM-DD');

/** Strategy, symbols and the optional range and interval of a backtest or sweep. */
export const researchRequestFields = {
  strategy: z.string().min(1),
  symbols: symbolListSchema,
  from: ymd.optional(),
  to: ymd.optional(),
  interval: z.enum(INTERVALS).optional(),
};

/** Transport address of the person who asked (e.g. `telegram:12345`). */
export const requesterAddress = z.string().min(1).optional();

/** A fraction-done callback that passes on 0 %, each further 10 % and 100 % to `report` (failures ignored). */
export function tensOfPercent(report: (percent: number) => Promise<unknown>): (fraction: number) => void {
  let last = -1;
  return (fraction) => {
    const percent = Math.floor(Math.max(0, Math.min(1, fraction)) * 100);
    if (last < 0 || percent >= last + 10 || (percent === 100 && last < 100)) {
      last = percent;
      void report(percent).catch(() => undefined);
    }
  };
}
