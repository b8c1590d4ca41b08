/** Conformance: the real `mongodb` driver against the test server (or the real MongoDB in MONGODB_URI). */
import { Decimal128, Double, Int32, Long, MongoServerError, ObjectId, type Db, type MongoClient } from 'mongodb';
import type { TestDatabase } from './testDb';
import { useDriverDatabase, type Loose } from './driverFixture';

const fixture = useDriverDatabase('driver');
let tdb: TestDatabase;
let client: MongoClient;
let db: Db;
beforeAll(() => {
  ({ tdb, client, db } = fixture());
});

describe('server basics', () => {
  it('answers ping, hello and buildInfo like a standalone MongoDB 4.4+', async () => {
    expect((await db.admin().ping()).ok).toBe(1);
    const hello = await db.admin().command({ hello: 1 });
    expect(hello.isWritablePrimary).toBe(true);
    expect(hello.maxWireVersion).toBeGreaterThanOrEqual(9);
    expect(hello.setName).toBeUndefined();
    const info = await db.admin().command({ buildInfo: 1 });
    expect(typeof info.version).toBe('string');
  });

  it('answers an unknown command with code 59 CommandNotFound', async () => {
    const err = await db.command({ definitelyNotACommand: 1 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MongoServerError);
    expect((err as MongoServerError).code).toBe(59);
    expect((err as MongoServerError).message).toContain('no such command');
  });

  it('creates, lists and drops collections; create of an existing one is NamespaceExists (48)', async () => {
    await db.createCollection('alpha');
    const err = await db.createCollection('alpha').catch((e: unknown) => e);
    expect((err as MongoServerError).code).toBe(48);
    await db.collection<Loose>('beta').insertOne({ x: 1 });
    const names = (await db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name).sort();
    expect(names).toEqual(expect.arrayContaining(['alpha', 'beta']));
    expect((await db.listCollections({ name: 'beta' }).toArray()).map((c) => c.name)).toEqual(['beta']);
    expect(await db.collection<Loose>('alpha').drop()).toBe(true);
    const after = (await db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name);
    expect(after).not.toContain('alpha');
    const dbs = await client.db().admin().listDatabases();
    expect(dbs.databases.map((d) => d.name)).toContain(tdb.dbName);
  });
});

describe('CRUD', () => {
  it('inserts, finds with filter/sort/projection/skip/limit, updates and deletes', async () => {
    const c = db.collection<{ sym: string; qty: number; px: number; tags: string[]; note?: string }>('crud');
    const ins = await c.insertMany([
      { sym: 'TCS', qty: 5, px: 3500.5, tags: ['it'] },
      { sym: 'INFY', qty: 10, px: 1500.25, tags: ['it', 'large'] },
      { sym: 'SBIN', qty: 7, px: 600, tags: ['bank'] },
      { sym: 'HDFCBANK', qty: 3, px: 1600, tags: ['bank', 'large'] },
    ]);
    expect(ins.insertedCount).toBe(4);
    const found = await c
      .find({ tags: 'large' }, { projection: { _id: 0, sym: 1, qty: 1 } })
      .sort({ qty: -1 })
      .toArray();
    expect(found).toEqual([
      { sym: 'INFY', qty: 10 },
      { sym: 'HDFCBANK', qty: 3 },
    ]);
    const page = await c.find({}).sort({ sym: 1 }).skip(1).limit(2).toArray();
    expect(page.map((d) => d.sym)).toEqual(['INFY', 'SBIN']);
    expect(await c.countDocuments({ px: { $gte: 1500, $lt: 3000 } })).toBe(2);
    expect(await c.countDocuments({ sym: { $in: ['TCS', 'SBIN'] }, qty: { $ne: 5 } })).toBe(1);
    expect(await c.countDocuments({ sym: { $regex: '^H' } })).toBe(1);
    expect(await c.countDocuments({ missing: { $exists: false }, $or: [{ qty: { $lte: 3 } }, { sym: 'TCS' }] })).toBe(2);

    const u1 = await c.updateOne({ sym: 'TCS' }, { $inc: { qty: 2 }, $set: { note: 'added' } });
    expect([u1.matchedCount, u1.modifiedCount]).toEqual([1, 1]);
    const same = await c.updateOne({ sym: 'TCS' }, { $set: { note: 'added' } });
    expect([same.matchedCount, same.modifiedCount]).toEqual([1, 0]);
    const many = await c.updateMany({ tags: 'bank' }, { $push: { tags: 'psu-or-private' } });
    expect([many.matchedCount, many.modifiedCount]).toEqual([2, 2]);
    const tcs = await c.findOne({ sym: 'TCS' });
    expect([tcs?.qty, tcs?.note]).toEqual([7, 'added']);

    expect((await c.deleteOne({ tags: 'bank' })).deletedCount).toBe(1);
    expect((await c.deleteMany({ qty: { $gt: 0 } })).deletedCount).toBe(3);
    expect(await c.countDocuments()).toBe(0);
  });

  it('stores _id first and generates one on the server side for upserts', async () => {
    const c = db.collection<Loose>('idorder');
    await c.insertOne({ a: 1, _id: 'x' });
    const raw = await c.findOne({ _id: 'x' });
    expect(Object.keys(raw ?? {})).toEqual(['_id', 'a']);
    const up = await c.updateOne({ k: 'new' }, { $set: { v: 1 } }, { upsert: true });
    expect(up.upsertedCount).toBe(1);
    expect(up.upsertedId).toBeInstanceOf(ObjectId);
    expect(await c.findOne({ _id: up.upsertedId as ObjectId }, { projection: { _id: 0 } })).toEqual({ k: 'new', v: 1 });
  });

  it('never shares references: changing a returned document does not change the stored one', async () => {
    const c = db.collection<Loose>('copies');
    const doc = { _id: 1, nested: { list: [1, 2] } };
    await c.insertOne(doc);
    doc.nested.list.push(3);
    const first = await c.findOne({ _id: 1 } as object);
    (first?.nested as { list: number[] }).list.push(99);
    const second = await c.findOne({ _id: 1 } as object);
    expect(second?.nested).toEqual({ list: [1, 2] });
  });
});

describe('BSON types compare and sort as MongoDB does', () => {
  it('sorts mixed types in canonical BSON order, numbers numerically across int/long/double/decimal', async () => {
    const c = db.collection<Loose>('mixed');
    const oid = new ObjectId('65a000000000000000000001');
    const when = new Date('2024-01-02T03:04:05Z');
    await c.insertMany([
      { _id: 1, v: 'text' },
      { _id: 2, v: when },
      { _id: 3, v: new Int32(7) },
      { _id: 4, v: Decimal128.fromString('6.5') },
      { _id: 5, v: oid },
      { _id: 6, v: null },
      { _id: 7, v: true },
      { _id: 8, v: Long.fromNumber(8) },
      { _id: 9, v: new Double(6.25) },
      { _id: 10, v: { a: 1 } },
      { _id: 11, v: Decimal128.fromString('100') },
    ]);
    const asc = await c.find({}).sort({ v: 1, _id: 1 }).toArray();
    expect(asc.map((d) => d._id)).toEqual([6, 9, 4, 3, 8, 11, 1, 10, 5, 7, 2]);
    const desc = await c.find({}).sort({ v: -1, _id: 1 }).toArray();
    expect(desc.map((d) => d._id)).toEqual([2, 7, 5, 10, 1, 11, 8, 3, 4, 9, 6]);
    // type bracketing: a numeric bound matches numbers of every kind and nothing else
    const over = await c.find({ v: { $gt: 6.4 } }).sort({ _id: 1 }).toArray();
    expect(over.map((d) => d._id)).toEqual([3, 4, 8, 11]);
    expect(await c.countDocuments({ v: Decimal128.fromString('7') })).toBe(1);
    expect(await c.countDocuments({ v: { $lt: Decimal128.fromString('6.3') } })).toBe(1);
    expect(await c.countDocuments({ v: { $in: [8, 'text'] } })).toBe(2);
    expect(await c.countDocuments({ v: oid })).toBe(1);
    expect(await c.countDocuments({ v: { $gte: new Date('2024-01-01T00:00:00Z') } })).toBe(1);
    expect(await c.countDocuments({ v: null })).toBe(1);
  });

  it('round-trips Decimal128, Date, ObjectId and Long exactly', async () => {
    const c = db.collection<Loose>('roundtrip');
    const doc = {
      _id: new ObjectId(),
      price: Decimal128.fromString('1234.05'),
      at: new Date('2024-03-28T09:15:00.000Z'),
      big: Long.fromString('9007199254740993'),
    };
    await c.insertOne(doc);
    const back = await client.db(tdb.dbName).collection('roundtrip').findOne({ _id: doc._id }, { promoteLongs: false });
    expect(back?.price).toBeInstanceOf(Decimal128);
    expect(String(back?.price)).toBe('1234.05');
    expect((back?.at as Date).toISOString()).toBe('2024-03-28T09:15:00.000Z');
    expect(String(back?.big)).toBe('9007199254740993');
    expect((back?._id as ObjectId).equals(doc._id)).toBe(true);
  });
});

describe('cursors', () => {
  it('walks a result set in small batches across getMore and kills cursors on close', async () => {
    const c = db.collection<Loose>('cursor');
    const docs = Array.from({ length: 25 }, (_, i) => ({ _id: i, sq: i * i }));
    await c.insertMany(docs);
    const all = await c.find({}, { batchSize: 4 }).sort({ _id: -1 }).toArray();
    expect(all.map((d) => d._id)).toEqual(docs.map((d) => d._id).reverse());

    const cursor = c.find({ _id: { $gte: 5 } }, { batchSize: 3 });
    const seen: number[] = [];
    for await (const d of cursor) {
      seen.push(d._id as unknown as number);
      if (seen.length === 7) break;
    }
    expect(seen).toEqual([5, 6, 7, 8, 9, 10, 11]);

    const opened = await db.command({ find: 'cursor', filter: {}, sort: { _id: 1 }, batchSize: 3 });
    expect(opened.cursor.firstBatch.map((d: { _id: number }) => d._id)).toEqual([0, 1, 2]);
    const raw: unknown = opened.cursor.id;
    const id = typeof raw === 'number' ? Long.fromNumber(raw) : (raw as Long);
    const next = await db.command({ getMore: id, collection: 'cursor', batchSize: 2 });
    expect(next.cursor.nextBatch.map((d: { _id: number }) => d._id)).toEqual([3, 4]);
    const killed = await db.command({ killCursors: 'cursor', cursors: [id] });
    expect(killed.cursorsKilled.map(String)).toEqual([String(id)]);
    const gone = await db.command({ getMore: id, collection: 'cursor' }).catch((e: unknown) => e);
    expect((gone as MongoServerError).code).toBe(43);

    const aggregated = await c.aggregate([{ $match: { _id: { $lt: 10 } } }, { $sort: { _id: 1 } }], { batchSize: 2 }).toArray();
    expect(aggregated).toHaveLength(10);
  });
});

describe('aggregation, count and distinct', () => {
  it('runs $match/$group/$sort pipelines, counts and distinct values', async () => {
    const c = db.collection<Loose>('agg');
    await c.insertMany([
      { sym: 'A', side: 'BUY', qty: 10, px: 100 },
      { sym: 'A', side: 'SELL', qty: 4, px: 110 },
      { sym: 'B', side: 'BUY', qty: 3, px: 50 },
      { sym: 'B', side: 'BUY', qty: 2, px: 55 },
    ]);
    const grouped = await c
      .aggregate([{ $match: { side: 'BUY' } }, { $group: { _id: '$sym', qty: { $sum: '$qty' }, fills: { $sum: 1 } } }, { $sort: { _id: 1 } }])
      .toArray();
    expect(grouped).toEqual([
      { _id: 'A', qty: 10, fills: 1 },
      { _id: 'B', qty: 5, fills: 2 },
    ]);
    expect(await c.countDocuments({ sym: 'B' })).toBe(2);
    expect(await c.estimatedDocumentCount()).toBe(4);
    expect((await c.distinct('sym')).sort()).toEqual(['A', 'B']);
    expect(await c.distinct('qty', { sym: 'B' })).toEqual(expect.arrayContaining([2, 3]));
    const looked = await c
      .aggregate([{ $match: { sym: 'B', qty: 2 } }, { $lookup: { from: 'agg', localField: 'sym', foreignField: 'sym', as: 'same' } }, { $project: { _id: 0, n: { $size: '$same' } } }])
      .toArray();
    expect(looked).toEqual([{ n: 2 }]);
  });
});
