/**
 * InstrumentRepository on MongoDB: `instruments` (one document per token) and `instrument_lists` (one document
 * saying when the stored list was downloaded and how many rows it has). The list document is written last, so
 * an interrupted replace is seen as "nothing stored" (its count does not match) rather than a partial list.
 */
import { Schema, type Connection, type Model } from 'mongoose';
import { z } from 'zod';
import { instrumentToken } from '../../core/ids';
import type { Instrument } from '../../core/instrument';
import type { InstrumentRepository, StoredInstruments } from '../../data/feeds';

interface InstrumentDoc {
  token: number;
  exchangeToken: number;
  exchange: string;
  tradingsymbol: string;
  name: string;
  tickSize: number;
  lotSize: number;
  segment: string;
  instrumentType: string;
  expiry?: string;
  strike?: number;
}

interface InstrumentListDoc {
  _id: string;
  fetchedAt: Date;
  count: number;
}

const instrumentSchema = new Schema<InstrumentDoc>(
  {
    token: { type: Number, required: true },
    exchangeToken: { type: Number, required: true },
    exchange: { type: String, required: true },
    tradingsymbol: { type: String, required: true },
    name: { type: String, default: '' },
    tickSize: { type: Number, required: true },
    lotSize: { type: Number, required: true },
    segment: { type: String, required: true },
    instrumentType: { type: String, required: true },
    expiry: { type: String, required: false },
    strike: { type: Number, required: false },
  },
  { versionKey: false },
);
instrumentSchema.index({ token: 1 }, { unique: true, name: 'token' });
instrumentSchema.index({ exchange: 1, tradingsymbol: 1 }, { name: 'exchange_symbol' });

const listSchema = new Schema<InstrumentListDoc>({ _id: String, fetchedAt: { type: Date, required: true }, count: { type: Number, required: true } }, { versionKey: false });

/** Stored rows are checked on the way out: a row that does not fit makes the whole copy unusable (re-download). */
const storedRow = z.object({
  token: z.number().int().nonnegative(),
  exchangeToken: z.number().int().nonnegative(),
  exchange: z.enum(['NSE', 'BSE', 'NFO', 'BFO', 'CDS', 'MCX', 'BCD']),
  tradingsymbol: z.string().min(1),
  name: z.string(),
  tickSize: z.number().positive(),
  lotSize: z.number().int().positive(),
  segment: z.string(),
  instrumentType: z.enum(['EQ', 'FUT', 'CE', 'PE', 'INDEX']),
  expiry: z.string().nullish(),
  strike: z.number().nullish(),
});

const LIST_ID = 'kite';
const BATCH = 5000;

export class MongoInstrumentRepository implements InstrumentRepository {
  private constructor(
    private readonly instruments: Model<InstrumentDoc>,
    private readonly lists: Model<InstrumentListDoc>,
  ) {}

  static async open(connection: Connection): Promise<MongoInstrumentRepository> {
    const instruments = (connection.models.Instrument as Model<InstrumentDoc> | undefined) ?? connection.model<InstrumentDoc>('Instrument', instrumentSchema, 'instruments');
    const lists = (connection.models.InstrumentList as Model<InstrumentListDoc> | undefined) ?? connection.model<InstrumentListDoc>('InstrumentList', listSchema, 'instrument_lists');
    await Promise.all([instruments.init(), lists.init()]);
    return new MongoInstrumentRepository(instruments, lists);
  }

  async replaceAll(list: readonly Instrument[], fetchedAt: number): Promise<void> {
    await this.lists.deleteOne({ _id: LIST_ID });
    await this.instruments.deleteMany({});
    for (let i = 0; i < list.length; i += BATCH) {
      await this.instruments.insertMany(list.slice(i, i + BATCH).map((x) => ({ ...x, token: x.token as number })), { ordered: false });
    }
    await this.lists.create({ _id: LIST_ID, fetchedAt: new Date(fetchedAt), count: list.length });
  }

  async load(): Promise<StoredInstruments | null> {
    const meta = await this.lists.findById(LIST_ID).lean().exec();
    if (!meta) return null;
    const docs = await this.instruments.find({}).lean().exec();
    if (docs.length !== meta.count) return null;
    const instruments: Instrument[] = [];
    for (const doc of docs) {
      const r = storedRow.safeParse(doc);
      if (!r.success) return null;
      const { token, expiry, strike, ...rest } = r.data;
      instruments.push({ ...rest, token: instrumentToken(token), ...(expiry ? { expiry } : {}), ...(typeof strike === 'number' ? { strike } : {}) });
    }
    return { instruments, fetchedAt: meta.fetchedAt.getTime() };
  }
}
