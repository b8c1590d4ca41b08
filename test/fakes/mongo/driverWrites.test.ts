/** Conformance (writes): unique indexes, bulkWrite and update semantics through the real `mongodb` driver. */
import { MongoBulkWriteError, MongoServerError, ObjectId, type Db } from 'mongodb';
import { useDriverDatabase, type Loose } from './driverFixture';

const fixture = useDriverDatabase('driver_writes');
let db: Db;
beforeAll(() => {
  ({ db } = fixture());
});

describe('unique indexes', () => {
  it('lists, enforces and drops indexes; a duplicate is E11000 with code 11000 and keyValue', async () => {
    const c = db.collection<Loose>('uniq');
    await c.createIndex({ email: 1 }, { unique: true });
    await c.createIndex({ a: 1, b: -1 }, { name: 'a_b' });
    const names = (await c.listIndexes().toArray()).map((i) => i.name).sort();
    expect(names).toEqual(['_id_', 'a_b', 'email_1']);
    await c.insertOne({ email: 'x@example.com' });
    const err = await c.insertOne({ email: 'x@example.com' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MongoServerError);
    expect((err as MongoServerError).code).toBe(11000);
    expect((err as MongoServerError).message).toMatch(/^E11000 duplicate key error collection: \S+\.uniq index: email_1 dup key/);
    expect((err as MongoServerError).keyValue).toEqual({ email: 'x@example.com' });

    await c.insertOne({ email: 'y@example.com' });
    const upd = await c.updateOne({ email: 'y@example.com' }, { $set: { email: 'x@example.com' } }).catch((e: unknown) => e);
    expect((upd as MongoServerError).code).toBe(11000);
    const fam = await c.findOneAndUpdate({ email: 'y@example.com' }, { $set: { email: 'x@example.com' } }).catch((e: unknown) => e);
    expect((fam as MongoServerError).code).toBe(11000);
    expect(await c.countDocuments({ email: 'x@example.com' })).toBe(1);

    const dupId = await c.insertOne({ _id: (await c.findOne({ email: 'x@example.com' }))?._id }).catch((e: unknown) => e);
    expect((dupId as MongoServerError).code).toBe(11000);

    await c.dropIndex('email_1');
    await c.insertOne({ email: 'x@example.com' });
    expect(await c.countDocuments({ email: 'x@example.com' })).toBe(2);
    const conflict = await c.createIndex({ email: 1 }, { unique: true }).catch((e: unknown) => e);
    expect((conflict as MongoServerError).code).toBe(11000);
  });

  it('honours sparse and partial unique indexes', async () => {
    const c = db.collection<Loose>('sparse');
    await c.createIndex({ code: 1 }, { unique: true, sparse: true });
    await c.createIndex({ sym: 1 }, { unique: true, partialFilterExpression: { active: true }, name: 'active_sym' });
    await c.insertMany([{ x: 1 }, { x: 2 }, { sym: 'A', active: false }, { sym: 'A', active: false }, { sym: 'A', active: true }]);
    const err = await c.insertOne({ sym: 'A', active: true }).catch((e: unknown) => e);
    expect((err as MongoServerError).code).toBe(11000);
  });

  it('bulkWrite: ordered stops at the first error, unordered goes on; per-operation write errors carry the index', async () => {
    const c = db.collection<Loose>('bulk');
    await c.createIndex({ k: 1 }, { unique: true });
    const ordered = await c
      .bulkWrite([{ insertOne: { document: { k: 1 } } }, { insertOne: { document: { k: 1 } } }, { insertOne: { document: { k: 2 } } }], { ordered: true })
      .catch((e: unknown) => e);
    expect(ordered).toBeInstanceOf(MongoBulkWriteError);
    const oe = ordered as MongoBulkWriteError;
    expect(oe.code).toBe(11000);
    expect(oe.result.insertedCount).toBe(1);
    expect(oe.writeErrors).toHaveLength(1);
    expect(await c.countDocuments()).toBe(1);

    const unordered = await c
      .bulkWrite(
        [
          { insertOne: { document: { k: 1 } } },
          { insertOne: { document: { k: 3 } } },
          { insertOne: { document: { k: 3 } } },
          { updateOne: { filter: { k: 4 }, update: { $set: { v: 1 } }, upsert: true } },
        ],
        { ordered: false },
      )
      .catch((e: unknown) => e);
    const ue = unordered as MongoBulkWriteError;
    expect(ue).toBeInstanceOf(MongoBulkWriteError);
    const failed = (Array.isArray(ue.writeErrors) ? ue.writeErrors : [ue.writeErrors]).map((w) => w.index).sort();
    expect(failed).toEqual([0, 2]);
    expect(ue.result.insertedCount).toBe(1);
    expect(ue.result.upsertedCount).toBe(1);
    expect((await c.find({}, { projection: { _id: 0, k: 1 } }).sort({ k: 1 }).toArray()).map((d) => d.k)).toEqual([1, 2, 3, 4].filter((k) => k !== 2));
  });
});

describe('updates', () => {
  it('upsert copies query equality fields and applies $setOnInsert only on insert', async () => {
    const c = db.collection<Loose>('upsert');
    const r1 = await c.updateOne({ sym: 'TCS', exch: { $eq: 'NSE' }, qty: { $gt: 0 } }, { $set: { px: 1 }, $setOnInsert: { created: 'first' } }, { upsert: true });
    expect(r1.upsertedCount).toBe(1);
    const r2 = await c.updateOne({ sym: 'TCS', exch: 'NSE' }, { $set: { px: 2 }, $setOnInsert: { created: 'second' } }, { upsert: true });
    expect([r2.matchedCount, r2.modifiedCount, r2.upsertedCount]).toEqual([1, 1, 0]);
    expect(await c.findOne({}, { projection: { _id: 0 } })).toEqual({ sym: 'TCS', exch: 'NSE', px: 2, created: 'first' });
    const rep = await c.replaceOne({ sym: 'INFY' }, { sym: 'INFY', px: 9 }, { upsert: true });
    expect(rep.upsertedCount).toBe(1);
    expect(await c.findOne({ sym: 'INFY' }, { projection: { _id: 0 } })).toEqual({ sym: 'INFY', px: 9 });
  });

  it('supports arrayFilters, positional $, pipeline updates and refuses to change _id', async () => {
    const c = db.collection<Loose>('arrays');
    await c.insertOne({ _id: 'p', legs: [{ sym: 'A', qty: 1 }, { sym: 'B', qty: 2 }, { sym: 'C', qty: 3 }] });
    await c.updateOne({ _id: 'p' } as object, { $inc: { 'legs.$[big].qty': 10 } }, { arrayFilters: [{ 'big.qty': { $gte: 2 } }] });
    await c.updateOne({ _id: 'p', 'legs.sym': 'A' } as object, { $set: { 'legs.$.qty': 0 } });
    expect((await c.findOne({ _id: 'p' } as object))?.legs).toEqual([
      { sym: 'A', qty: 0 },
      { sym: 'B', qty: 12 },
      { sym: 'C', qty: 13 },
    ]);
    await c.updateOne({ _id: 'p' } as object, [{ $set: { total: { $sum: '$legs.qty' } } }]);
    expect((await c.findOne({ _id: 'p' } as object))?.total).toBe(25);
    const err = await c.updateOne({ _id: 'p' } as object, { $set: { _id: 'q' } }).catch((e: unknown) => e);
    expect((err as MongoServerError).code).toBe(66);
    const bad = await c.updateOne({ _id: 'p' } as object, { $frobnicate: { a: 1 } } as object).catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(MongoServerError);
  });

  it('findOneAndUpdate/Delete honour sort, upsert, returnDocument and projection', async () => {
    const c = db.collection<Loose>('fam');
    await c.insertMany([
      { name: 'j', prio: 1, at: 3 },
      { name: 'j', prio: 5, at: 2 },
      { name: 'j', prio: 5, at: 1 },
    ]);
    const before = await c.findOneAndUpdate({ name: 'j' }, { $set: { locked: true } }, { sort: { prio: -1, at: 1 }, projection: { _id: 0, prio: 1, at: 1, locked: 1 } });
    expect(before).toEqual({ prio: 5, at: 1 });
    const after = await c.findOneAndUpdate({ name: 'j', locked: { $ne: true } }, { $set: { locked: true } }, { sort: { prio: -1 }, returnDocument: 'after', includeResultMetadata: true });
    expect(after.value?.at).toBe(2);
    expect(after.lastErrorObject).toEqual(expect.objectContaining({ n: 1, updatedExisting: true }));
    const up = await c.findOneAndUpdate({ name: 'k' }, { $setOnInsert: { prio: 0 } }, { upsert: true, returnDocument: 'after', includeResultMetadata: true });
    expect(up.value).toEqual(expect.objectContaining({ name: 'k', prio: 0 }));
    expect(up.lastErrorObject?.updatedExisting).toBe(false);
    expect(up.lastErrorObject?.upserted).toBeInstanceOf(ObjectId);
    const removed = await c.findOneAndDelete({ name: 'j' }, { sort: { at: -1 } });
    expect(removed?.at).toBe(3);
    expect(await c.findOneAndDelete({ name: 'nobody' })).toBeNull();
  });
});

