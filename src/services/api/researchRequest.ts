/**
 * The one shape of a backtest or sweep request at the boundaries (REST bodies, queued job data): strategy,
 * symbols (an NSE: prefix is dropped, as chat does), an IST date range and an interval; a backtest adds its
 * parameters as typed. Validated here once; the backtest service checks what only it can know (the strategy's
 * parameters, the market's symbols, the range of the bars).
 */
import { z } from 'zod';
import { INTERVALS } from '../../core/interval';
import { symbolListSchema } from '../symbols';

const ymd = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'use YYYY-MM-DD');

/** Strategy, symbols and the optional range and interval of a backtest or sweep. */
export const researchRequestFields = {
  strategy: z.string().min(1),
  symbols: symbolListSchema,
  from: ymd.optional(),
  to: ymd.optional(),
  interval: z.enum(INTERVALS).optional(),
};

/** A backtest request (services/api/backtest.ts BacktestRequest) as it crosses a boundary. */
export const backtestRequestSchema = z.object({
  ...researchRequestFields,
  params: z.record(z.string(), z.union([z.string(), z.array(z.string())])).default({}),
});

/** Transport address of the person who asked (e.g. `telegram:12345`). */
export const requesterAddress = z.string().min(1).optional();
