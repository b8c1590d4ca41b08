/** Conformance: mongoose 9 against the test server (or the real MongoDB in MONGODB_URI). */
import mongoose, { Schema, Types, type Connection, type Model } from 'mongoose';
import { createTestDatabase, type TestDatabase } from './testDb';

interface Position {
  sym: string;
  qty: number;
  avgPrice: Types.Decimal128;
  openedAt: Date;
  account: Types.ObjectId;
  tags: string[];
}

const positionSchema = new Schema<Position>(
  {
    sym: { type: String, required: true, unique: true, match: /^[A-Z&-]+$/ },
    qty: { type: Number, required: true, min: 0 },
    avgPrice: { type: Schema.Types.Decimal128, required: true },
    openedAt: { type: Date, required: true },
    account: { type: Schema.Types.ObjectId, required: true },
    tags: { type: [String], default: [] },
  },
  { timestamps: true },
);
positionSchema.index({ account: 1, openedAt: -1 });

let tdb: TestDatabase;
let conn: Connection;

beforeAll(async () => {
  tdb = await createTestDatabase('mongoose');
  conn = await mongoose.createConnection(tdb.uri, { serverSelectionTimeoutMS: 5000, autoIndex: true }).asPromise();
});

afterAll(async () => {
  await conn?.close();
  await tdb?.drop();
});

function positions(): Model<Position> {
  return conn.models.Position ? conn.model<Position>('Position') : conn.model<Position>('Position', positionSchema);
}

describe('mongoose on the test server', () => {
  it('creates the collection and the schema indexes (init + syncIndexes)', async () => {
    const Position = positions();
    await Position.init();
    await Position.syncIndexes();
    const names = (await Position.listIndexes()).map((i: { name: string }) => i.name).sort();
    expect(names).toEqual(['_id_', 'account_1_openedAt_-1', 'sym_1']);
    const unique = (await Position.listIndexes()).find((i: { name: string }) => i.name === 'sym_1');
    expect(unique?.unique).toBe(true);
  });

  it('round-trips Decimal128, Date and ObjectId and validates before writing', async () => {
    const Position = positions();
    const account = new Types.ObjectId();
    const openedAt = new Date('2024-06-03T03:45:00.000Z');
    const created = await Position.create({ sym: 'RELIANCE', qty: 10, avgPrice: Types.Decimal128.fromString('2890.35'), openedAt, account });
    const back = await Position.findById(created._id).lean();
    expect(back?.avgPrice).toBeInstanceOf(Types.Decimal128);
    expect(back?.avgPrice.toString()).toBe('2890.35');
    expect(back?.openedAt.toISOString()).toBe(openedAt.toISOString());
    expect(back?.account.equals(account)).toBe(true);
    expect(back).toHaveProperty('createdAt');

    await expect(Position.create({ sym: 'bad lower', qty: -1, avgPrice: Types.Decimal128.fromString('1'), openedAt, account })).rejects.toThrow(
      mongoose.Error.ValidationError,
    );
    expect(await Position.countDocuments({ sym: 'bad lower' })).toBe(0);
  });

  it('reports a unique index violation as MongoServerError 11000', async () => {
    const Position = positions();
    const doc = { sym: 'TCS', qty: 1, avgPrice: Types.Decimal128.fromString('3500'), openedAt: new Date(), account: new Types.ObjectId() };
    await Position.create(doc);
    const err = await Position.create(doc).catch((e: unknown) => e);
    expect((err as { code?: number }).code).toBe(11000);
    expect((err as { keyValue?: unknown }).keyValue).toEqual({ sym: 'TCS' });
    const many = await Position.insertMany([{ ...doc, sym: 'WIPRO' }, doc], { ordered: false }).catch((e: unknown) => e);
    expect((many as { code?: number }).code).toBe(11000);
    expect(await Position.countDocuments({ sym: { $in: ['TCS', 'WIPRO'] } })).toBe(2);
  });

  it('findOneAndUpdate with upsert and new:true returns the inserted document, then updates it', async () => {
    const Position = positions();
    const account = new Types.ObjectId();
    const filter = { sym: 'INFY' };
    const first = await Position.findOneAndUpdate(
      filter,
      { $set: { qty: 5 }, $setOnInsert: { avgPrice: Types.Decimal128.fromString('1500.05'), openedAt: new Date(), account } },
      { upsert: true, returnDocument: 'after', runValidators: true },
    ).lean();
    expect(first?.sym).toBe('INFY');
    expect(first?.qty).toBe(5);
    const second = await Position.findOneAndUpdate(filter, { $inc: { qty: 3 }, $addToSet: { tags: 'it' } }, { returnDocument: 'after' }).lean();
    expect(second?.qty).toBe(8);
    expect(second?.tags).toEqual(['it']);
    expect(second?.avgPrice.toString()).toBe('1500.05');
    expect(await Position.countDocuments(filter)).toBe(1);
  });

  it('countDocuments, aggregate, distinct, sort/skip/limit, updateMany and deleteMany', async () => {
    const Position = positions();
    const account = new Types.ObjectId();
    await Position.insertMany(
      ['ITC', 'SBIN', 'LT', 'HUL'].map((sym, i) => ({ sym, qty: (i + 1) * 10, avgPrice: Types.Decimal128.fromString(`${100 + i}.5`), openedAt: new Date(2024, 0, i + 1), account })),
    );
    expect(await Position.countDocuments({ account })).toBe(4);
    expect(await Position.countDocuments({ account, qty: { $gte: 20 } })).toBe(3);
    const byQty = await Position.find({ account }).sort({ qty: -1 }).skip(1).limit(2).select('sym -_id').lean();
    expect(byQty.map((p) => p.sym)).toEqual(['LT', 'SBIN']);
    const [total] = await Position.aggregate<{ _id: null; qty: number; n: number }>([{ $match: { account } }, { $group: { _id: null, qty: { $sum: '$qty' }, n: { $sum: 1 } } }]);
    expect([total?.qty, total?.n]).toEqual([100, 4]);
    expect((await Position.distinct('sym', { account })).sort()).toEqual(['HUL', 'ITC', 'LT', 'SBIN']);
    const upd = await Position.updateMany({ account, qty: { $lt: 30 } }, { $set: { tags: ['small'] } });
    expect(upd.modifiedCount).toBe(2);
    const latest = await Position.findOne({ account }).sort({ openedAt: -1 }).lean();
    expect(latest?.sym).toBe('HUL');
    const del = await Position.deleteMany({ account, tags: 'small' });
    expect(del.deletedCount).toBe(2);
    expect(await Position.countDocuments({ account })).toBe(2);
  });
});
