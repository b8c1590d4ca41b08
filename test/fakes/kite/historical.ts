/** GET /instruments/historical/:instrument_token/:interval — candles loaded per token+interval or made by a generator. */
import type { Bar } from '../../../src/core/bar';
import { inputError, success, type Reply } from './reply';
import { pathParam, type RequestContext } from './requestContext';
import type { RouteDef } from './route';
import { daysBetween, formatCandleTime, parseIstDateTime } from './time';

export type KiteInterval = 'minute' | '3minute' | '5minute' | '10minute' | '15minute' | '30minute' | '60minute' | 'day';

/**
 * Kite's maximum date range per historical request, in days. Sources: the Kite Connect forum/docs as summarised in
 * https://www.vianmaxacademy.com/learn-python-algo-l15.html (minute 60, 3minute 100, 5minute 100, 15minute 200,
 * 60minute 400, day 2000); 10minute and 30minute follow their neighbours (100 and 200), as the AutoPPM brief states.
 */
export const MAX_RANGE_DAYS: Readonly<Record<KiteInterval, number>> = {
  minute: 60,
  '3minute': 100,
  '5minute': 100,
  '10minute': 100,
  '15minute': 200,
  '30minute': 200,
  '60minute': 400,
  day: 2000,
};

const isKiteInterval = (s: string): s is KiteInterval => Object.hasOwn(MAX_RANGE_DAYS, s);

/** Produces the candles of [fromMs, toMs] (inclusive) for one token and interval. */
export type CandleGenerator = (token: number, interval: KiteInterval, fromMs: number, toMs: number) => readonly Bar[];

export class CandleStore {
  private readonly series = new Map<string, readonly Bar[]>();
  private generator: CandleGenerator | null = null;

  /** Loads bars (any order; they are served sorted by time) for one token and interval, replacing earlier ones. */
  load(token: number, interval: KiteInterval, bars: readonly Bar[]): void {
    this.series.set(`${token}/${interval}`, [...bars].sort((a, b) => a.time - b.time));
  }

  setGenerator(g: CandleGenerator | null): void {
    this.generator = g;
  }

  has(token: number, interval: KiteInterval): boolean {
    return this.generator !== null || this.series.has(`${token}/${interval}`);
  }

  range(token: number, interval: KiteInterval, fromMs: number, toMs: number): readonly Bar[] {
    const loaded = this.series.get(`${token}/${interval}`);
    if (loaded) return loaded.filter((b) => b.time >= fromMs && b.time <= toMs);
    return this.generator ? this.generator(token, interval, fromMs, toMs) : [];
  }
}

function handleHistorical(store: CandleStore, isKnownToken: (t: number) => boolean, ctx: RequestContext): Reply {
  const tokenText = pathParam(ctx, 'instrument_token');
  const interval = pathParam(ctx, 'interval');
  if (!isKiteInterval(interval)) return inputError(`Invalid interval \`${interval}\`.`);
  const token = Number(tokenText);
  if (!/^\d+$/.test(tokenText) || (!isKnownToken(token) && !store.has(token, interval))) return inputError('invalid token');
  const from = parseIstDateTime(ctx.query.get('from') ?? '');
  const to = parseIstDateTime(ctx.query.get('to') ?? '');
  if (from === null || to === null) return inputError('Invalid `from` or `to` date: use yyyy-mm-dd hh:mm:ss.');
  if (to < from) return inputError('invalid from date: `from` must not be after `to`.');
  const max = MAX_RANGE_DAYS[interval];
  if (daysBetween(from, to) > max) return inputError(`interval exceeds max limit: ${max} days`);
  const withOi = ctx.query.get('oi') === '1';
  const candles = store.range(token, interval, from, to).map((b) => {
    const row: (string | number)[] = [formatCandleTime(b.time), b.open, b.high, b.low, b.close, b.volume];
    if (withOi) row.push(b.oi ?? 0);
    return row;
  });
  return success({ candles });
}

export function historicalRoutes(store: CandleStore, isKnownToken: (t: number) => boolean): RouteDef[] {
  return [
    {
      name: 'market.historical',
      method: 'GET',
      path: '/instruments/historical/:instrument_token/:interval',
      group: 'historical',
      auth: true,
      handle: (ctx) => handleHistorical(store, isKnownToken, ctx),
    },
  ];
}
