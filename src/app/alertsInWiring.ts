/**
 * Incoming alerts in a main process (issue 19): with ALERT_SOURCES set, the alert service over the running trading
 * engine — its order pipeline (risk gate, approval, OMS, broker), the mode's prices (the feed's, else a Kite quote
 * read by `prepare`), the risk engine's equity, the portfolio's own book — storing every alert in MongoDB
 * (`alerts_in`), its admin notices on the one event bus. Without sources: none, and no HTTP route.
 */
import type { BotMode, WiringConfig } from '../config/types';
import type { Clock } from '../core/clock';
import { err, ok } from '../core/result';
import type { AlertsInService } from '../services/api/alertsIn';
import { alertsInService } from '../services/engine/alertsIn/alertsInService';
import type { MongoStore } from '../store/connection';
import { MongoAlertInbox } from '../store/alertsIn/mongoAlertInbox';
import type { Repositories } from './storeWiring';
import type { TradingEngine } from './tradingWiring';

export async function openAlertsIn(o: {
  readonly config: WiringConfig;
  /** In live, a symbol without a tick is priced by a Kite quote (the refusal says so). */
  readonly mode: BotMode;
  readonly connection: MongoStore['connection'];
  readonly trading: TradingEngine;
  readonly repos: Repositories;
  readonly clock: Clock;
}): Promise<AlertsInService | undefined> {
  const { config, trading } = o;
  if (config.alerts.sources.length === 0) return undefined;
  const live = o.mode === 'live';
  return alertsInService({
    sources: config.alerts.sources,
    perMinute: config.alerts.perMinute,
    duplicateWindowMs: config.alerts.duplicateWindowMs,
    inbox: await MongoAlertInbox.open(o.connection),
    orders: trading.pipeline,
    order: async (id) => trading.pipeline.get(id) ?? (await o.repos.orders.get(id)),
    market: {
      price: async (symbol) => {
        const p = trading.price(symbol);
        return p !== undefined ? ok(p) : err(`there is no price for ${symbol} yet (${live ? 'no tick, and no Kite quote' : 'it has no tick yet'})`);
      },
      equity: () => trading.equity(),
      position: (symbol, product) => {
        const p = trading.book.portfolio;
        const j = p.find(symbol, product);
        return j < 0 ? 0 : (p.position[j] ?? 0);
      },
      lotSize: (symbol) => trading.rules(symbol)?.lotSize,
      tickSize: (symbol) => trading.rules(symbol)?.tickSize ?? 0.05,
    },
    clock: o.clock,
    emit: (e) => trading.events.emit(e),
  });
}
