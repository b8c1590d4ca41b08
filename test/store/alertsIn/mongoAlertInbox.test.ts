/**
 * Incoming alerts on MongoDB (real mongoose on the test server, or MONGODB_URI): stored, settled with their orders,
 * listed newest first (per source), the duplicate check by source, key and time — and after a restart (a new
 * connection) a repeat of an alert is still caught. A document that does not fit the schema is left out.
 */
import mongoose, { type Connection } from 'mongoose';
import type { InboundAlert } from '../../../src/core/ports/alertInbox';
import { MongoAlertInbox } from '../../../src/store/alertsIn/mongoAlertInbox';
import { createTestDatabase, type TestDatabase } from '../../fakes/mongo/testDb';

const T0 = Date.parse('2025-01-08T05:30:00Z');

let db: TestDatabase;
let c1: Connection;

beforeAll(async () => {
  db = await createTestDatabase('alerts_in');
  c1 = await mongoose.createConnection(db.uri, { serverSelectionTimeoutMS: 5000 }).asPromise();
});
afterAll(async () => {
  await c1?.close();
  await db?.drop();
});

const alert = (over: Partial<InboundAlert>): InboundAlert => ({ id: 'a1', source: 'tv', receivedAt: T0, status: 'accepted', format: 'tradingview', message: 'TradingView: BUY INFY 1', key: 'id:x1', orders: [], ...over });

describe('MongoAlertInbox', () => {
  it('stores, settles and lists alerts newest first; the duplicate check is by source, key and time', async () => {
    const inbox = await MongoAlertInbox.open(c1);
    await inbox.add(alert({}));
    await inbox.settle('a1', [{ symbol: 'INFY', action: 'buy', side: 'BUY', quantity: 1, orderId: 'abc12345', status: 'PENDING_APPROVAL' }]);
    await inbox.add(alert({ id: 'a2', status: 'duplicate', repeatOf: 'a1', key: undefined, receivedAt: T0 + 1000 }));
    await inbox.add(alert({ id: 'a3', status: 'invalid', format: undefined, key: undefined, message: 'The alert is not valid JSON.', receivedAt: T0 + 1000 }));
    await inbox.add(alert({ id: 'a4', source: 'chartink', format: 'chartink', key: 'sha:ff', receivedAt: T0 + 2000, orders: [{ symbol: 'TCS', action: 'buy', refused: 'Trading is halted.' }] }));

    const list = await inbox.recent(10);
    expect(list.map((a) => a.id)).toEqual(['a4', 'a3', 'a2', 'a1']);
    expect(list[3]).toEqual(alert({ orders: [{ symbol: 'INFY', action: 'buy', side: 'BUY', quantity: 1, orderId: 'abc12345', status: 'PENDING_APPROVAL' }] }));
    expect(list[2]).toEqual({ id: 'a2', source: 'tv', receivedAt: T0 + 1000, status: 'duplicate', format: 'tradingview', message: 'TradingView: BUY INFY 1', repeatOf: 'a1', orders: [] });
    expect(list[1]).not.toHaveProperty('format');
    expect((await inbox.recent(10, 'chartink')).map((a) => a.id)).toEqual(['a4']);
    expect((await inbox.recent(2)).map((a) => a.id)).toEqual(['a4', 'a3']);

    expect((await inbox.accepted('tv', 'id:x1', T0))?.id).toBe('a1');
    expect(await inbox.accepted('tv', 'id:x1', T0 + 1)).toBeUndefined(); // older than the window
    expect(await inbox.accepted('chartink', 'id:x1', T0)).toBeUndefined(); // another source
    expect(await inbox.accepted('tv', 'id:x2', T0)).toBeUndefined();
  });

  it('after a restart (a new connection) a repeat is still found; a malformed document is left out', async () => {
    const c2 = await mongoose.createConnection(db.uri, { serverSelectionTimeoutMS: 5000 }).asPromise();
    try {
      const inbox = await MongoAlertInbox.open(c2);
      expect((await inbox.accepted('tv', 'id:x1', T0))?.orders[0]?.orderId).toBe('abc12345');
      await c2.collection('alerts_in').insertOne({ _id: 'bad' as never, source: 'tv', receivedAt: new Date(T0 + 5000), seq: 1, status: 'maybe', message: 'x', orders: [] });
      expect((await inbox.recent(10)).map((a) => a.id)).toEqual(['a4', 'a3', 'a2', 'a1']);
    } finally {
      await c2.close();
    }
  });
});
