/**
 * The risk engine's counters on MongoDB (riskCountersModel.ts): the orders that went out recently and the day's
 * start. A stored document that does not fit the schema is skipped with the count of such (an order not counted
 * errs towards more orders, the day start towards the next check's figure).
 */
import type { Connection } from 'mongoose';
import { dayStartSchema, recentOrderSchema, RECENT_ORDERS_KEEP_MS, type DayStart, type RiskCounterRepository, type RiskCounters } from '../../risk/riskCounters';
import type { RecentOrder } from '../../risk/riskSnapshot';
import { riskCounterModels, type DayStartDoc, type RecentOrderDoc, type RiskCounterModels } from './riskCountersModel';

const DAY_ID = 'current';

export class MongoRiskCounters implements RiskCounterRepository {
  private readonly m: RiskCounterModels;

  constructor(connection: Connection) {
    this.m = riskCounterModels(connection);
  }

  async load(): Promise<RiskCounters> {
    const [newest, day] = await Promise.all([
      this.m.orders.findOne({}, { time: 1 }).sort({ time: -1 }).lean<Pick<RecentOrderDoc, 'time'>>().exec(),
      this.m.dayStart.findById(DAY_ID).lean<DayStartDoc>().exec(),
    ]);
    const docs = newest ? await this.m.orders.find({ time: { $gte: newest.time - RECENT_ORDERS_KEEP_MS } }, { _id: 0 }).sort({ time: 1 }).lean<RecentOrderDoc[]>().exec() : [];
    const recent: RecentOrder[] = [];
    for (const d of docs) {
      const r = recentOrderSchema.safeParse(d);
      if (r.success) recent.push(r.data);
    }
    const parsed = day ? dayStartSchema.safeParse({ day: day.day, equity: day.equity }) : undefined;
    return { recent, ...(parsed?.success ? { dayStart: parsed.data } : {}) };
  }

  async addOrders(orders: readonly RecentOrder[]): Promise<void> {
    if (orders.length === 0) return;
    await this.m.orders.insertMany(
      orders.map((r) => ({ ...(r.account !== undefined ? { account: r.account } : {}), symbol: r.symbol, side: r.side, quantity: r.quantity, time: r.time })),
      { lean: true },
    );
    const newest = orders[orders.length - 1]!.time;
    await this.m.orders.deleteMany({ time: { $lt: newest - RECENT_ORDERS_KEEP_MS } }).exec();
  }

  async saveDayStart(d: DayStart): Promise<void> {
    await this.m.dayStart.replaceOne({ _id: DAY_ID }, { _id: DAY_ID, day: d.day, equity: d.equity }, { upsert: true }).exec();
  }
}
