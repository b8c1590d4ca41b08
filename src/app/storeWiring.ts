/**
 * The repositories of one process, all on the app's MongoDB connection (src/store is the only mongoose importer;
 * this file only calls its constructors). Opening creates the collections' indexes.
 */
import type { MongoStore } from '../store/connection';
import { MongoApprovalRepository } from '../store/approvals/mongoApprovalRepository';
import { MongoDataMarker } from '../store/marker/mongoDataMarker';
import { MongoNotificationOutbox } from '../store/notifications/mongoNotificationOutbox';
import { MongoOrderRepository } from '../store/orders/mongoOrderRepository';
import { MongoPaperStateRepository } from '../store/orders/mongoPaperStateRepository';
import { MongoRiskCounters } from '../store/risk/mongoRiskCounters';
import { MongoTradingStateStore } from '../store/risk/mongoTradingStateStore';
import { MongoInstanceRepository } from '../store/strategyInstances/mongoInstanceRepository';
import { MongoCardRefs } from '../store/telegram/mongoCardRefs';
import { MongoOutboundStore } from '../store/telegram/mongoOutboundStore';

export interface Repositories {
  readonly orders: MongoOrderRepository;
  readonly approvals: MongoApprovalRepository;
  readonly paperState: MongoPaperStateRepository;
  readonly instances: MongoInstanceRepository;
  readonly tradingState: MongoTradingStateStore;
  /** The risk engine's daily counters (orders sent, the day's start), kept across restarts. */
  readonly riskCounters: MongoRiskCounters;
  /** The bot's mark in its database (a database without it has lost the bot's data). */
  readonly dataMarker: MongoDataMarker;
  readonly notifications: MongoNotificationOutbox;
  readonly telegramOutbound: MongoOutboundStore;
  readonly telegramCards: MongoCardRefs;
}

export async function openRepositories(connection: MongoStore['connection']): Promise<Repositories> {
  const approvals = new MongoApprovalRepository(connection);
  const orders = new MongoOrderRepository(connection);
  await Promise.all([approvals.init(), orders.init()]);
  return {
    orders,
    approvals,
    paperState: new MongoPaperStateRepository(connection),
    instances: await MongoInstanceRepository.open(connection),
    tradingState: MongoTradingStateStore.open(connection),
    riskCounters: new MongoRiskCounters(connection),
    dataMarker: new MongoDataMarker(connection),
    notifications: new MongoNotificationOutbox(connection),
    telegramOutbound: new MongoOutboundStore(connection),
    telegramCards: new MongoCardRefs(connection),
  };
}
