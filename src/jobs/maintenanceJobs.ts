/** The daily data chores: the Kite instruments master refresh and the candle sync into the MongoDB cache. */
import { z } from 'zod';
import { ok, type Result } from '../core/result';
import { defineJob, done, type Job } from './job';

export interface InstrumentsRefresher {
  refresh(): Promise<Result<{ readonly count: number }, string>>;
}

export interface CandleSyncer {
  sync(): Promise<Result<{ readonly symbols: number; readonly bars: number }, string>>;
}

/** Daily before the pre-open report (default 08:30 IST). */
export function instrumentsRefreshJob(o: { readonly instruments: InstrumentsRefresher; readonly at?: string }): Job {
  return defineJob({
    name: 'instruments-refresh',
    summary: 'Daily instruments master refresh',
    schedule: { kind: 'daily', at: o.at ?? '08:30' },
    data: z.object({}),
    tradingDaysOnly: true,
    async run() {
      const r = await o.instruments.refresh();
      return r.ok ? ok(done(`${r.value.count} instruments`)) : r;
    },
  });
}

/** After the close (default 16:00 IST): the day's candles into the cache. */
export function candleSyncJob(o: { readonly candles: CandleSyncer; readonly at?: string }): Job {
  return defineJob({
    name: 'candle-sync',
    summary: 'Daily candle sync into the MongoDB cache',
    schedule: { kind: 'daily', at: o.at ?? '16:00' },
    data: z.object({}),
    tradingDaysOnly: true,
    lockLifetimeMs: 30 * 60_000,
    async run() {
      const r = await o.candles.sync();
      return r.ok ? ok(done(`${r.value.bars} bars for ${r.value.symbols} symbols`)) : r;
    },
  });
}
