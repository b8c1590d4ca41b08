/**
 * Order ids (src/oms/orderIds.ts): 8 typeable characters, increasing, and — resumed after the greatest id stored —
 * never repeated across a restart, even one within the same second or after a burst that borrowed later seconds;
 * batch approvals share the mint. The greatest stored id is found by the MongoDB repositories too (test server).
 */
import mongoose, { type Connection } from 'mongoose';
import { SimulatedClock } from '../../src/core/clock';
import { newOrder } from '../../src/core/order';
import { LiveOrderIds, MINTED_ID_PATTERN, mintedNumber } from '../../src/oms/orderIds';
import { MemoryOrderRepository } from '../../src/core/ports/orderRepository';
import { transitionRecord } from '../../src/oms/orderLifecycle';
import { MongoOrderRepository } from '../../src/store/orders/mongoOrderRepository';
import { omsIntent } from '../support/brokers/omsFixtures';
import { createTestDatabase, type TestDatabase } from '../fakes/mongo/testDb';

const T = Date.parse('2026-12-06T05:00:00Z');

describe('LiveOrderIds', () => {
  test('8 characters of the alphabet, increasing in number and in text; a burst borrows from later seconds', () => {
    const ids = new LiveOrderIds(new SimulatedClock(T));
    const minted = Array.from({ length: 1_000 }, () => ids.next() as string);
    expect(minted.every((id) => MINTED_ID_PATTERN.test(id))).toBe(true);
    expect(new Set(minted).size).toBe(1_000);
    for (let k = 1; k < minted.length; k++) {
      expect(mintedNumber(minted[k]!)! - mintedNumber(minted[k - 1]!)!).toBe(1);
      expect(minted[k]! > minted[k - 1]!).toBe(true);
    }
    expect(mintedNumber('hang1')).toBeUndefined();
    expect(mintedNumber('b' + minted[0]!)).toBeUndefined();
  });

  test('a restart in the same second resumes after the greatest stored id: nothing repeats', async () => {
    const clock = new SimulatedClock(T);
    const before = new LiveOrderIds(clock);
    const repo = new MemoryOrderRepository();
    const first: string[] = [];
    for (let k = 0; k < 1_200; k++) {
      const intent = omsIntent({ clientOrderId: before.next() });
      first.push(intent.clientOrderId);
      const o = newOrder(intent, 'APPROVED');
      await repo.writeBatch([{ order: o, transition: transitionRecord(o, null, { kind: 'system', detail: 'test' }, T) }]);
    }
    const naive = new LiveOrderIds(clock);
    expect(first).toContain(naive.next()); // what a mint that does not resume would repeat
    const after = new LiveOrderIds(clock);
    after.resumeAfter(await repo.greatestId(MINTED_ID_PATTERN));
    const next = after.next();
    expect(first).not.toContain(next);
    expect(mintedNumber(next)).toBe(mintedNumber(first[first.length - 1]!)! + 1);
  });
});

describe('greatest stored id on MongoDB', () => {
  let db: TestDatabase;
  let conn: Connection;
  beforeAll(async () => {
    db = await createTestDatabase('order_ids');
    conn = await mongoose.createConnection(db.uri, { serverSelectionTimeoutMS: 5000 }).asPromise();
  });
  afterAll(async () => {
    await conn.close();
    await db.drop();
  });

  test('only minted ids count; text order is number order', async () => {
    const repo = new MongoOrderRepository(conn);
    await repo.init();
    const ids = new LiveOrderIds(new SimulatedClock(T));
    const minted = [ids.next(), ids.next(), ids.next()];
    for (const id of ['zzzzzzzzzz', 'hang1', minted[1]!, minted[0]!, minted[2]!, 'Z9']) {
      const o = newOrder(omsIntent({ clientOrderId: id as never }), 'APPROVED');
      await repo.writeBatch([{ order: o, transition: transitionRecord(o, null, { kind: 'system', detail: 'test' }, T) }]);
    }
    expect(await repo.greatestId(MINTED_ID_PATTERN)).toBe(minted[2]);
    expect(await repo.greatestId(/^nothing$/)).toBeUndefined();
  });
});
