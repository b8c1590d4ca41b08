/**
 * Historical candles from Kite (`getHistoricalData`) behind a MongoDB candle cache. A request is reduced to the
 * ranges the cache has not completed, those are split into Kite's per-interval maximum windows, and each window
 * is fetched through the rate limiter with retries, upserted, and marked complete. Only candles that can no
 * longer change are marked complete: a window reaching into the current (still forming) bar is stored but
 * remembered as complete only up to that bar's start, so a later request fetches the rest again.
 */
import { z } from 'zod';
import { bucketStart } from '../../calendar/ist';
import type { Bar } from '../../core/bar';
import { BarSeries } from '../../core/barSeries';
import type { Clock } from '../../core/clock';
import type { InstrumentToken } from '../../core/ids';
import { KITE_INTERVAL, type Interval, type KiteIntervalName } from '../../core/interval';
import { err, ok, type Result } from '../../core/result';
import type { CandleCache, HistoricalError, HistoricalProvider, HistoricalRequest, TimeRange } from '../feeds';
import { formatKiteDateTime, historicalWindows } from './historicalWindows';
import { DEFAULT_RETRY, withKiteRetry, type KiteFailure, type RetryPolicy } from './kiteRetry';
import { RequestLimiter } from './requestLimiter';
import { missingRanges } from './timeRanges';

export type KiteHistoricalInterval = KiteIntervalName;

/** The part of kiteconnect's KiteConnect this provider uses (a real KiteConnect satisfies it). */
export interface KiteHistoricalClient {
  getHistoricalData(
    token: number | string,
    interval: KiteHistoricalInterval,
    from: string | Date,
    to: string | Date,
    continuous?: boolean,
    oi?: boolean,
  ): Promise<unknown>;
}

const candleSchema = z.object({
  date: z.date(),
  open: z.number(),
  high: z.number(),
  low: z.number(),
  close: z.number(),
  volume: z.number(),
  oi: z.number().optional(),
});
const candlesSchema = z.array(candleSchema);

export interface KiteHistoricalOptions {
  readonly client: KiteHistoricalClient;
  readonly cache: CandleCache;
  readonly clock: Clock;
  /** Requests per second (Kite: 3). Share one limiter between providers using the same API key. */
  readonly limiter?: RequestLimiter;
  readonly retry?: RetryPolicy;
  /** Ask Kite for open interest too (F&O). */
  readonly oi?: boolean;
}

const SECOND = 1000;
const floorSecond = (t: number): number => Math.floor(t / SECOND) * SECOND;

function advice(errorType: string): string {
  if (errorType === 'InputException') return 'check the instrument token, interval and dates';
  if (errorType === 'TokenException') return 'log in to Kite again';
  if (errorType === 'PermissionException') return 'enable the historical data add-on for this Kite app';
  return 'try again in a minute';
}

export class KiteHistoricalProvider implements HistoricalProvider {
  private readonly limiter: RequestLimiter;

  constructor(private readonly options: KiteHistoricalOptions) {
    this.limiter = options.limiter ?? new RequestLimiter(3, 1000);
  }

  async fetch(req: HistoricalRequest): Promise<Result<BarSeries, HistoricalError>> {
    const want: TimeRange = { from: floorSecond(req.from), to: floorSecond(req.to) + SECOND };
    if (!Number.isFinite(req.from) || !Number.isFinite(req.to) || req.to < req.from) {
      return err({ kind: 'request', message: 'The historical range is empty or invalid; give a start before the end.', attempts: 0 });
    }
    const { cache } = this.options;
    const symbol = req.symbol ?? String(req.token);
    try {
      const have = await cache.completeRanges(req.token, req.interval);
      const windows = missingRanges(want, have).flatMap((r) => historicalWindows(r, req.interval));
      let candles = 0;
      for (let i = 0; i < windows.length; i++) {
        const fetched = await this.fetchWindow(req.token, req.interval, windows[i]!);
        if (!fetched.ok) return fetched;
        candles += fetched.value;
        req.onProgress?.({ windowsDone: i + 1, windowsTotal: windows.length, candles });
      }
      const bars = await cache.read(req.token, req.interval, want);
      return ok(BarSeries.fromBars(symbol, req.interval, bars));
    } catch (e) {
      const reason = e instanceof Error ? e.message.split('\n')[0] : String(e);
      return err({ kind: 'cache', message: `The candle cache failed (${reason}); check that MongoDB is reachable and try again.`, attempts: 0 });
    }
  }

  /** Fetches, stores and marks one window; returns the number of candles received. */
  private async fetchWindow(token: InstrumentToken, interval: Interval, w: TimeRange): Promise<Result<number, HistoricalError>> {
    const { client, cache, clock } = this.options;
    const kiteInterval = KITE_INTERVAL[interval];
    const from = formatKiteDateTime(w.from);
    const to = formatKiteDateTime(w.to - SECOND);
    const reply = await withKiteRetry(
      () => this.limiter.run(() => client.getHistoricalData(token, kiteInterval, from, to, false, this.options.oi ?? false)),
      this.options.retry ?? DEFAULT_RETRY,
    );
    if (!reply.ok) return err(kiteError(reply.error, token, interval, from, to));
    const parsed = candlesSchema.safeParse(reply.value);
    if (!parsed.success) {
      return err({
        kind: 'reply',
        message: `Kite sent historical data for token ${token} (${interval}) in an unexpected shape; try again later or report it.`,
        attempts: 1,
      });
    }
    const bars: Bar[] = [];
    for (const c of parsed.data) {
      const time = c.date.getTime();
      if (time < w.from || time >= w.to) continue;
      bars.push(c.oi === undefined ? { time, open: c.open, high: c.high, low: c.low, close: c.close, volume: c.volume } : { time, open: c.open, high: c.high, low: c.low, close: c.close, volume: c.volume, oi: c.oi });
    }
    await cache.upsert(token, interval, bars);
    const settledTo = Math.min(w.to, bucketStart(clock.now(), interval));
    if (settledTo > w.from) await cache.markComplete(token, interval, { from: w.from, to: settledTo });
    return ok(bars.length);
  }
}

function kiteError(f: KiteFailure, token: InstrumentToken, interval: Interval, from: string, to: string): HistoricalError {
  const tries = f.attempts > 1 ? ` after ${f.attempts} attempts` : '';
  return {
    kind: 'kite',
    errorType: f.errorType,
    attempts: f.attempts,
    message: `Kite refused historical data for token ${token} (${interval}, ${from} to ${to})${tries}: ${f.message}; ${advice(f.errorType)}.`,
  };
}
