/** CandleCache on MongoDB: idempotent upserts keyed by (token, interval, time) and remembered complete ranges. */
import type { Connection } from 'mongoose';
import type { Bar } from '../../core/bar';
import type { InstrumentToken } from '../../core/ids';
import type { Interval } from '../../core/interval';
import type { CandleCache, TimeRange } from '../../data/feeds';
import { candleModels, type CandleModels } from './candleModels';

/** Upserts are sent in batches of this many candles. */
const BATCH = 5000;

export class MongoCandleCache implements CandleCache {
  private constructor(private readonly models: CandleModels) {}

  static async open(connection: Connection): Promise<MongoCandleCache> {
    return new MongoCandleCache(await candleModels(connection));
  }

  async upsert(token: InstrumentToken, interval: Interval, bars: readonly Bar[]): Promise<void> {
    for (let i = 0; i < bars.length; i += BATCH) {
      const ops = bars.slice(i, i + BATCH).map((b) => {
        const time = new Date(b.time);
        const fields = { open: b.open, high: b.high, low: b.low, close: b.close, volume: b.volume };
        return {
          updateOne: {
            filter: { token, interval, time },
            update: b.oi === undefined ? { $set: fields, $unset: { oi: 1 as const } } : { $set: { ...fields, oi: b.oi } },
            upsert: true,
          },
        };
      });
      await this.models.candles.bulkWrite(ops, { ordered: false });
    }
  }

  async read(token: InstrumentToken, interval: Interval, range: TimeRange): Promise<Bar[]> {
    const docs = await this.models.candles
      .find({ token, interval, time: { $gte: new Date(range.from), $lt: new Date(range.to) } })
      .sort({ time: 1 })
      .lean()
      .exec();
    return docs.map((d) => {
      const bar = { time: d.time.getTime(), open: d.open, high: d.high, low: d.low, close: d.close, volume: d.volume };
      return typeof d.oi === 'number' ? { ...bar, oi: d.oi } : bar;
    });
  }

  async markComplete(token: InstrumentToken, interval: Interval, range: TimeRange): Promise<void> {
    if (range.to <= range.from) return;
    await this.models.ranges.create({ token, interval, from: new Date(range.from), to: new Date(range.to) });
  }

  async completeRanges(token: InstrumentToken, interval: Interval): Promise<TimeRange[]> {
    const docs = await this.models.ranges.find({ token, interval }).sort({ from: 1 }).lean().exec();
    const out: TimeRange[] = [];
    for (const d of docs) {
      const r = { from: d.from.getTime(), to: d.to.getTime() };
      const last = out[out.length - 1];
      if (last && r.from <= last.to) out[out.length - 1] = { from: last.from, to: Math.max(last.to, r.to) };
      else out.push(r);
    }
    return out;
  }
}
