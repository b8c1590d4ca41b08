/**
 * MODE=live: the ports of the daily data chores (src/jobs/maintenanceJobs.ts). The instruments refresh downloads
 * Kite's instruments dump into the process's instrument master (and MongoDB); the candle sync fetches the running
 * instances' symbols through the Kite historical provider into the MongoDB candle cache, daily candles and each
 * instance's own interval, over a look-back window (the cache asks Kite only for what it does not hold yet).
 * Both need a Kite session and say so without one.
 */
import type { Clock } from '../core/clock';
import type { InstrumentToken } from '../core/ids';
import type { Interval } from '../core/interval';
import { err, ok, type Result } from '../core/result';
import type { CandleCache } from '../data/feeds';
import type { InstrumentMaster } from '../data/kite/instrumentMaster';
import { KiteHistoricalProvider, type KiteHistoricalClient } from '../data/kite/kiteHistoricalProvider';
import type { CandleSyncer, InstrumentsRefresher } from '.';

const NOT_LOGGED_IN = 'Kite is not logged in; send /login, then run the job again.';
const DAY = 86_400_000;

export interface KiteMaintenanceOptions {
  readonly loggedIn: () => boolean;
  /** The process's instrument master, loaded (see LiveKite.instruments). */
  readonly master: () => Promise<Result<Pick<InstrumentMaster, 'refresh' | 'lookup'>, string>>;
}

/** The loaded instrument master, once there is a Kite session (both chores need one). */
async function sessionMaster(o: KiteMaintenanceOptions): ReturnType<KiteMaintenanceOptions['master']> {
  return o.loggedIn() ? o.master() : err(NOT_LOGGED_IN);
}

export function kiteInstrumentsRefresher(o: KiteMaintenanceOptions): InstrumentsRefresher {
  return {
    async refresh() {
      const master = await sessionMaster(o);
      if (!master.ok) return master;
      const r = await master.value.refresh();
      return r.ok ? ok({ count: r.value.count }) : r;
    },
  };
}

/** A symbol to keep in the candle cache, with the intervals its instances use. */
export interface CandleTarget {
  readonly symbol: string;
  readonly intervals: readonly Interval[];
}

export interface KiteCandleSyncOptions extends KiteMaintenanceOptions {
  readonly client: KiteHistoricalClient;
  readonly cache: () => Promise<CandleCache>;
  readonly clock: Clock;
  /** The running instances' symbols and intervals. */
  readonly targets: () => readonly CandleTarget[];
  /** Look-back of the sync in days: intraday intervals (default 5), daily candles (default 365). */
  readonly intradayDays?: number;
  readonly dailyDays?: number;
}

export function kiteCandleSyncer(o: KiteCandleSyncOptions): CandleSyncer {
  return {
    async sync() {
      const master = await sessionMaster(o);
      if (!master.ok) return master;
      const wanted = new Map<string, Set<Interval>>();
      for (const t of o.targets()) {
        const set = wanted.get(t.symbol) ?? new Set<Interval>(['day']);
        for (const i of t.intervals) set.add(i);
        wanted.set(t.symbol, set);
      }
      const provider = new KiteHistoricalProvider({ client: o.client, cache: await o.cache(), clock: o.clock });
      const now = o.clock.now();
      let bars = 0;
      let symbols = 0;
      const problems: string[] = [];
      for (const [symbol, intervals] of wanted) {
        const hit = master.value.lookup(`NSE:${symbol}`);
        if (!hit.ok) {
          problems.push(hit.error);
          continue;
        }
        const token: InstrumentToken = hit.value.token;
        let synced = true;
        for (const interval of intervals) {
          const days = interval === 'day' ? (o.dailyDays ?? 365) : (o.intradayDays ?? 5);
          const r = await provider.fetch({ token, interval, symbol, from: now - days * DAY, to: now });
          if (r.ok) bars += r.value.length;
          else {
            problems.push(r.error.message);
            synced = false;
          }
        }
        if (synced) symbols++;
      }
      if (problems.length > 0 && symbols === 0 && wanted.size > 0) return err(`The candle sync failed: ${problems[0]!}`);
      return ok({ symbols, bars });
    },
  };
}

/** The strategy interval of each running or paused instance's symbols (the candle sync's targets). */
export function instanceCandleTargets(
  instances: { list(): readonly { readonly strategy: string; readonly symbols: readonly string[]; readonly status: string }[] },
  intervalOf: (strategy: string) => Interval | undefined,
): CandleTarget[] {
  const out: CandleTarget[] = [];
  for (const i of instances.list()) {
    if (i.status !== 'running' && i.status !== 'paused') continue;
    const interval = intervalOf(i.strategy);
    for (const symbol of i.symbols) out.push({ symbol, intervals: interval ? [interval] : [] });
  }
  return out;
}
