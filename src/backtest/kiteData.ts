/**
 * Backtest bars from Kite historical data (`--data kite`): each symbol is looked up in the
 * instruments master (NSE assumed, `NSE:RELIANCE` or a token also accepted) and its candles come
 * through a HistoricalProvider — in the app, KiteHistoricalProvider behind the MongoDB candle cache,
 * so a repeated backtest fetches nothing. The benchmark is NIFTY 50 (`NSE:NIFTY 50`) over the same
 * dates when the instruments list has it. The caller builds the source from KITE_API_KEY and the
 * stored Kite session (this folder may not import the store or the Kite broker); without one the
 * data source answers with a login hint instead.
 */
import { istTime } from '../calendar/ist';
import type { BarSeries } from '../core/barSeries';
import type { Instrument } from '../core/instrument';
import type { Interval } from '../core/interval';
import { err, ok, type Result } from '../core/result';
import type { HistoricalProvider } from '../data/feeds';
import type { BacktestData } from './runBacktest';

export interface KiteBarsSource {
  /** Symbol → instrument (e.g. an InstrumentMaster after `ensureFresh`). */
  readonly instruments: { lookup(text: string): Result<Instrument, string> };
  readonly historical: HistoricalProvider;
  /** The current instant (the default end date); Date.now by default. */
  readonly now?: () => number;
}

export interface KiteBarsSpec {
  readonly symbols: readonly string[];
  readonly interval: Interval;
  /** YYYY-MM-DD (IST), required: Kite serves ranges, not "everything". */
  readonly from?: string;
  /** YYYY-MM-DD (IST), inclusive; default today. */
  readonly to?: string;
}

export const KITE_BENCHMARK = 'NSE:NIFTY 50';
const DAY_MS = 86_400_000;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export async function loadKiteBars(source: KiteBarsSource, spec: KiteBarsSpec): Promise<Result<BacktestData, string>> {
  if (!spec.from || !DATE.test(spec.from)) return err('Backtests on Kite data need a start date; give --from YYYY-MM-DD.');
  if (spec.to !== undefined && !DATE.test(spec.to)) return err(`The end date ${spec.to} is not a date; give --to YYYY-MM-DD.`);
  const from = istTime(spec.from, '00:00');
  // The whole last IST day (to its last second).
  const to = spec.to ? istTime(spec.to, '00:00') + DAY_MS - 1000 : (source.now ?? Date.now)();
  if (!(to > from)) return err(`The start date ${spec.from} is not before the end date; fix --from / --to.`);

  const series = new Map<string, BarSeries>();
  for (const symbol of spec.symbols) {
    const found = source.instruments.lookup(symbol);
    if (!found.ok) return err(`${capitalise(found.error)}${found.error.endsWith('.') || found.error.endsWith('?') ? '' : '.'}`);
    const bars = await fetchSeries(source, found.value, symbol, spec.interval, from, to);
    if (!bars.ok) return bars;
    if (bars.value.length === 0) {
      return err(`Kite has no ${spec.interval} bars for ${symbol} between ${spec.from} and ${spec.to ?? 'today'}; widen the dates or check the symbol.`);
    }
    series.set(symbol, bars.value);
  }
  const index = source.instruments.lookup(KITE_BENCHMARK);
  if (!index.ok) return ok({ series, synthetic: false });
  const bench = await fetchSeries(source, index.value, 'NIFTY50', spec.interval, from, to);
  if (!bench.ok) return bench;
  return ok(bench.value.length > 0 ? { series, synthetic: false, benchmark: { name: 'NIFTY 50', series: bench.value } } : { series, synthetic: false });
}

async function fetchSeries(source: KiteBarsSource, instrument: Instrument, symbol: string, interval: Interval, from: number, to: number): Promise<Result<BarSeries, string>> {
  const r = await source.historical.fetch({ token: instrument.token, interval, from, to, symbol });
  if (!r.ok) return err(`Kite historical data for ${symbol} could not be loaded: ${lowerFirst(r.error.message)}`);
  return ok(r.value);
}

const capitalise = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);
const lowerFirst = (s: string): string => s.charAt(0).toLowerCase() + s.slice(1);
