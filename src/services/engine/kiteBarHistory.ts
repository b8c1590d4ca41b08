/**
 * MODE=live: bar history from Kite, for everything the bot reads of the past in live mode (charts, the risk report,
 * backtests from chat, the volatility of a symbol the risk engine checks): the Kite historical provider over the
 * MongoDB candle cache (Kite is asked only for what the cache does not hold), the token from the instrument master.
 * Without a Kite session it says so; it never falls back to generated bars.
 */
import type { Clock } from '../../core/clock';
import { err, ok, type Result } from '../../core/result';
import type { CandleCache } from '../../data/feeds';
import type { InstrumentMaster } from '../../data/kite/instrumentMaster';
import { KiteHistoricalProvider, type KiteHistoricalClient } from '../../data/kite/kiteHistoricalProvider';
import type { BarHistory } from './barHistory';

export interface KiteBarHistoryOptions {
  readonly client: KiteHistoricalClient;
  readonly cache: () => Promise<CandleCache>;
  readonly master: () => Promise<Result<Pick<InstrumentMaster, 'lookup'>, string>>;
  readonly loggedIn: () => boolean;
  readonly clock: Clock;
}

export function kiteBarHistory(o: KiteBarHistoryOptions): BarHistory {
  let provider: Promise<KiteHistoricalProvider> | undefined;
  return {
    synthetic: false,
    async bars(req) {
      if (!(req.to > req.from)) return err('The requested range is empty; give a start before the end.');
      if (!o.loggedIn()) return err(`Kite is not logged in, so the history of ${req.symbol} cannot be read; send /login and try again.`);
      const master = await o.master();
      if (!master.ok) return err(master.error);
      const hit = master.value.lookup(`NSE:${req.symbol}`);
      if (!hit.ok) return err(hit.error);
      provider ??= o.cache().then((cache) => new KiteHistoricalProvider({ client: o.client, cache, clock: o.clock }));
      let p: KiteHistoricalProvider;
      try {
        p = await provider;
      } catch (e) {
        provider = undefined;
        return err(`The candle cache could not be opened (${e instanceof Error ? e.message : String(e)}); check that MongoDB is reachable and try again.`);
      }
      // Kite's `to` is inclusive; the port's range is [from, to).
      const r = await p.fetch({ token: hit.value.token, interval: req.interval, from: req.from, to: req.to - 1, symbol: req.symbol });
      return r.ok ? ok(r.value) : err(`Kite's history of ${req.symbol} could not be read: ${r.error.message}`);
    },
  };
}
