/**
 * Reliability, issue 16 item 3: a postback is a trigger, never the truth. Kite's checksum covers order_id +
 * order_timestamp only, so an edited body keeps a valid checksum. Replayed against the real HTTP server and a real
 * KiteBroker on the fake Kite (which speaks Kite's order history): 400 forged checksums, 320 edited postbacks of an
 * OPEN order (COMPLETE at ₹1, CANCELLED, REJECTED, another order's tag) and 320 replays of the genuine one. Counted:
 * effects (fills, cancellations, rejections) that Kite's own order history does not confirm.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { OrderUpdate } from '../../src/core/broker';
import { HealthRegistry } from '../../src/http/health';
import { startHttpServer, type HttpServer } from '../../src/http/server';
import { startFakeKite, type FakeKite } from '../fakes/kite';
import { INFY } from '../fakes/kite/support';
import { kiteBrokerOn, omsIntent } from '../support/brokers/omsFixtures';
import { capturedLogger, rawRequest } from './support';

const SECRET = 'reliability-postback-secret';
const sign = (id: string, ts: string, secret = SECRET): string => createHash('sha256').update(id + ts + secret).digest('hex');

describe('reliability: postbacks are triggers only (issue 16 item 3)', () => {
  let fake: FakeKite;
  let server: HttpServer;
  let broker: ReturnType<typeof kiteBrokerOn>;
  const updates: OrderUpdate[] = [];
  const log = capturedLogger([SECRET], 'warn');

  beforeAll(async () => {
    fake = await startFakeKite({ instruments: [INFY], apiSecret: SECRET });
    broker = kiteBrokerOn(fake, { apiSecret: SECRET, warn: (m) => log.logger.warn(m) });
    broker.onOrderUpdate((u) => updates.push(u));
    const started = await startHttpServer({ host: '127.0.0.1', port: 0, health: new HealthRegistry(), logger: log.logger, kite: { postbacks: broker } });
    if (!started.ok) throw new Error(started.error);
    server = started.value;
    fake.setLtp(INFY.token, 1500);
  });
  afterAll(async () => {
    await server.close();
    await fake.close();
  });

  const post = (body: unknown): Promise<number> => rawRequest(`${server.url}/kite/postback`, { method: 'POST', body: JSON.stringify(body) }).then((a) => a.status);
  const effects = (): OrderUpdate[] => updates.filter((u) => u.kind !== 'accepted');

  it('1,040 forged, edited and replayed postbacks: 0 effects the order history does not confirm; the real fill is Kite’s', async () => {
    const a = omsIntent({ orderType: 'LIMIT', price: 1400, quantity: 10 });
    const b = omsIntent({ orderType: 'LIMIT', price: 1390, quantity: 5 });
    for (const i of [a, b]) expect((await broker.place(i)).ok).toBe(true);
    const kiteA = fake.orders.orders().find((o) => o.tag === a.clientOrderId)!;
    const kiteB = fake.orders.orders().find((o) => o.tag === b.clientOrderId)!;
    const genuine = { ...kiteA, status: 'OPEN', checksum: sign(kiteA.order_id, kiteA.order_timestamp) };

    // 400 forged checksums: refused before Kite is asked anything
    const forged = [
      ...Array.from({ length: 150 }, () => ({ ...genuine, checksum: randomBytes(32).toString('hex') })),
      ...Array.from({ length: 50 }, () => ({ ...genuine, checksum: genuine.checksum.toUpperCase() })),
      ...Array.from({ length: 50 }, (_, k) => ({ ...genuine, checksum: `${genuine.checksum}${'0'.repeat(k + 1)}` })),
      ...Array.from({ length: 50 }, (_, k) => ({ ...genuine, checksum: genuine.checksum.slice(0, 63 - (k % 63)) })),
      ...Array.from({ length: 50 }, (_, k) => ({ ...genuine, checksum: sign(kiteA.order_id, kiteA.order_timestamp, `other-secret-${k}`) })),
      ...Array.from({ length: 50 }, (_, k) => ({ ...genuine, order_id: kiteB.order_id, status: 'CANCELLED', checksum: sign(kiteA.order_id, kiteA.order_timestamp) + (k % 2 ? '' : ' ') })),
    ];
    const forgedStatus = await Promise.all(forged.map(post));
    expect(forgedStatus.filter((s) => s !== 400)).toEqual([]);
    expect(fake.requests.count({ route: 'order.info' })).toBe(0);

    // 320 edited postbacks of the OPEN order A, each with A's valid checksum
    const edits = [
      { status: 'COMPLETE', filled_quantity: 10, pending_quantity: 0, average_price: 1 },
      { status: 'COMPLETE', filled_quantity: 10, pending_quantity: 0, average_price: 1, tag: b.clientOrderId },
      { status: 'CANCELLED', tag: b.clientOrderId },
      { status: 'CANCELLED' },
      { status: 'REJECTED', status_message: 'forged' },
      { status: 'UPDATE', filled_quantity: 5, average_price: 1 },
      { status: 'COMPLETE', filled_quantity: 10, average_price: 1, order_timestamp: kiteA.order_timestamp, exchange: 'BSE', tradingsymbol: 'RELIANCE' },
      { status: 'CANCELLED', tag: b.clientOrderId, tradingsymbol: 'INFY', quantity: 5 },
    ];
    const edited = Array.from({ length: 320 }, (_, k) => ({ ...genuine, ...edits[k % edits.length] }));
    const editedStatus: number[] = [];
    for (const body of edited) editedStatus.push(await post(body));
    // 320 replays of the genuine postback
    const replayStatus = await Promise.all(Array.from({ length: 320 }, () => post(genuine)));
    expect(editedStatus.filter((s) => s !== 200)).toEqual([]);
    expect(replayStatus.filter((s) => s !== 200)).toEqual([]);

    const attempts = forged.length + edited.length + 320;
    expect(attempts).toBe(1_040);
    expect({ effects: effects().length, cancelsSentToKite: fake.requests.count({ route: 'order.cancel' }) }).toEqual({ effects: 0, cancelsSentToKite: 0 });
    expect(fake.orders.orders().find((o) => o.order_id === kiteA.order_id)!.status).toBe('OPEN');
    expect(fake.orders.orders().find((o) => o.order_id === kiteB.order_id)!.status).toBe('OPEN');
    expect(fake.requests.count({ route: 'order.info' })).toBeGreaterThan(0); // the valid ones were looked up

    // Kite really fills A (at its limit, ₹1,400); an edited postback (₹1) now only makes the bot read that.
    fake.setLtp(INFY.token, 1399);
    expect(fake.orders.orders().find((o) => o.order_id === kiteA.order_id)!.status).toBe('COMPLETE');
    expect(await post({ ...genuine, status: 'COMPLETE', filled_quantity: 10, average_price: 1 })).toBe(200);
    const fills = effects();
    expect(fills).toHaveLength(1);
    const fill = fills[0]!;
    if (fill.kind !== 'filled') throw new Error(`expected a fill, got ${fill.kind}`);
    expect(fill.fill).toMatchObject({ clientOrderId: a.clientOrderId, quantity: 10, price: 1400 });
    // and order B, whose tag the edits carried, is untouched
    expect(updates.filter((u) => u.kind !== 'filled' && u.kind !== 'opened' && u.clientOrderId === b.clientOrderId && u.kind !== 'accepted')).toEqual([]);
  });
});
