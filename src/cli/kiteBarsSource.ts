/**
 * `autoppm backtest --data kite`: bars from Kite's historical API through the MongoDB candle cache, for the
 * symbols of the instruments master. Needs KITE_API_KEY, ENCRYPTION_KEY, MongoDB and a stored Kite session
 * (made by logging in from chat with /login); every missing piece is one sentence saying what to do.
 */
import type { KiteBarsSource } from '../backtest/kiteData';
import { createKiteClient } from '../brokers/kite/kiteClient';
import type { Config } from '../config';
import { LiveClock } from '../core/clock';
import { err, ok, type Result } from '../core/result';
import { InstrumentMaster } from '../data/kite/instrumentMaster';
import { KiteHistoricalProvider } from '../data/kite/kiteHistoricalProvider';
import { MongoCandleCache } from '../store/candles/mongoCandleCache';
import { connectMongo } from '../store/connection';
import { MongoInstrumentRepository } from '../store/instruments/mongoInstrumentRepository';
import { MongoSessionRepository } from '../store/session/mongoSessionRepository';
import type { Logger } from '../log/logger';

export interface OpenedKiteBars {
  readonly source: KiteBarsSource;
  close(): Promise<void>;
}

export async function openKiteBarsSource(config: Config, logger: Logger): Promise<Result<OpenedKiteBars, string>> {
  const { apiKey } = config.kite;
  if (!apiKey) return err('Backtests on Kite data need KITE_API_KEY; set it, or use --data synthetic or --data <dir>.');
  if (!config.encryptionKey) return err('Backtests on Kite data read the stored Kite session, which needs ENCRYPTION_KEY; set it, or use --data synthetic or --data <dir>.');
  if (!config.mongodbUri) return err('Backtests on Kite data keep candles and the Kite session in MongoDB; set MONGODB_URI, or use --data synthetic or --data <dir>.');
  const store = await connectMongo(config.mongodbUri, { logger });
  if (!store.ok) return err(store.error.message);
  const conn = store.value.connection;
  const clock = new LiveClock();
  const session = await new MongoSessionRepository(conn, config.encryptionKey, apiKey).load(clock.now());
  if (!session.ok) {
    await store.value.close();
    return err(`${session.error} Log in with /login in chat, or use --data synthetic or --data <dir>.`);
  }
  const client = createKiteClient({ apiKey, accessToken: session.value.accessToken, root: config.kite.apiRoot });
  const instruments = new InstrumentMaster({ client, repository: await MongoInstrumentRepository.open(conn), clock });
  const fresh = await instruments.ensureFresh();
  if (!fresh.ok) {
    await store.value.close();
    return err(fresh.error);
  }
  const historical = new KiteHistoricalProvider({ client, cache: await MongoCandleCache.open(conn), clock });
  return ok({ source: { instruments, historical }, close: () => store.value.close() });
}
