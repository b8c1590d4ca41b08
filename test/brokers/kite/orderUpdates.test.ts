/**
 * Order updates end to end: the fake Kite's ticker (`order_update`, read by the REAL KiteTicker) and its HTTP
 * postbacks (checksum verified) → KiteBroker's one ingest → OrderManager state, with the fake's duplicate and
 * out-of-order faults and partial fills. One KiteTicker per file (module state in kiteconnect, see the fake's
 * README): reconnect off, and only setInterval/Date faked while it lives.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { LiveClock } from '../../../src/core/clock';
import type { ClientOrderId } from '../../../src/core/ids';
import { MemoryOrderRepository } from '../../../src/core/ports/orderRepository';
import { startFakeKite, type FakeKite } from '../../fakes/kite';
import { INFY } from '../../fakes/kite/support';
import { closeTicker, connectTicker, until, type Ticker } from '../../fakes/kite/tickerSupport';
import { kiteBrokerOn, omsIntent, omsOn } from '../../support/brokers/omsFixtures';

describe('Kite order updates → OMS', () => {
  let fake: FakeKite;
  let ticker: Ticker;
  let receiver: Server;
  /** Where ticker updates and postbacks go in the current test. */
  let onTicker: (o: unknown) => void = () => undefined;
  let onPostback: (body: unknown) => void = () => undefined;
  const clock = new LiveClock();

  beforeAll(async () => {
    receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString('utf8')));
      req.on('end', () => {
        onPostback(JSON.parse(body) as unknown);
        res.end('ok');
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    fake = await startFakeKite({ instruments: [INFY], heartbeatMs: 50, postbackUrl: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/postback` });
    ticker = await connectTicker(fake, (t) => t.on('order_update', (o: unknown) => onTicker(o)));
  });
  afterAll(async () => {
    await closeTicker(ticker, fake);
    await fake.close();
    await new Promise<void>((r) => receiver.close(() => r()));
  });
  afterEach(async () => {
    await fake.postbacks?.idle();
  });
  beforeEach(() => {
    fake.updates.duplicate = false;
    fake.updates.outOfOrder = false;
    fake.orders.maxFillQuantity = null;
    onTicker = () => undefined;
    onPostback = () => undefined;
  });

  const wire = (over: Parameters<typeof kiteBrokerOn>[1] = {}) => {
    const broker = kiteBrokerOn(fake, over);
    const repo = new MemoryOrderRepository();
    const oms = omsOn(broker, repo, clock);
    return { broker, repo, oms };
  };
  /** Waits (a hang guard, not a timing assertion) until the stored order reaches `status`. */
  const untilStatus = async (repo: MemoryOrderRepository, id: ClientOrderId, status: string) => {
    for (let k = 0; k < 1000; k++) {
      if ((await repo.get(id))?.status === status) return;
      await new Promise((r) => setTimeout(r, 5));
    }
    throw new Error(`order ${id} never reached ${status}`);
  };

  it('the ticker order_update path: resting limit → OPEN → partial fills → FILLED, at Kite\'s average', async () => {
    const { broker, repo, oms } = wire();
    onTicker = (o) => broker.ingest(o);
    fake.setLtp(INFY.token, 1510);
    fake.orders.maxFillQuantity = 2;
    const i = omsIntent({ orderType: 'LIMIT', price: 1500, quantity: 5 });
    await oms.submit(i);
    await until(() => fake.updates.published.some((u) => u.status === 'OPEN'));
    for (const ltp of [1499, 1498, 1497]) fake.setLtp(INFY.token, ltp);
    await untilStatus(repo, i.clientOrderId, 'FILLED');
    await oms.idle();
    const o = await repo.get(i.clientOrderId);
    expect(o).toMatchObject({ status: 'FILLED', filledQuantity: 5 });
    expect(o?.averagePrice).toBeCloseTo(1500, 9);
    const trail = await repo.transitions({ symbol: 'INFY' });
    expect(trail.map((t) => t.to)).toEqual(['APPROVED', 'SUBMITTED', 'OPEN', 'PARTIALLY_FILLED', 'PARTIALLY_FILLED', 'FILLED']);
    expect(trail.flatMap((t) => (t.fill ? [t.fill.quantity] : []))).toEqual([2, 2, 1]);
    oms.close();
  });

  it('duplicate and out-of-order updates (fake faults, ticker and postbacks both feeding one ingest) count each share once', async () => {
    const { broker, repo, oms } = wire();
    onTicker = (o) => broker.ingest(o);
    onPostback = (b) => void broker.handlePostback(b);
    fake.updates.duplicate = true;
    fake.updates.outOfOrder = true;
    fake.orders.maxFillQuantity = 3;
    fake.setLtp(INFY.token, 1500);
    const i = omsIntent({ quantity: 7 });
    const fills: number[] = [];
    broker.onOrderUpdate((u) => {
      if (u.kind === 'filled' && u.fill.clientOrderId === i.clientOrderId) fills.push(u.fill.quantity);
    });
    await oms.submit(i);
    await oms.idle(); // placed: 3 filled at 1500 on arrival, the rest waits for the next prices
    for (const ltp of [1501, 1502]) fake.setLtp(INFY.token, ltp);
    await until(() => fake.updates.published.filter((u) => u.status === 'COMPLETE').length >= 2);
    await fake.postbacks?.idle();
    await untilStatus(repo, i.clientOrderId, 'FILLED');
    await oms.idle();
    const published = fake.updates.published.filter((u) => u.filled_quantity > 0);
    expect(published.length).toBeGreaterThanOrEqual(6); // every fill state went out at least twice (duplicate fault)
    expect(fills.reduce((a, b) => a + b, 0)).toBe(7);
    const o = await repo.get(i.clientOrderId);
    expect(o).toMatchObject({ status: 'FILLED', filledQuantity: 7 });
    const kiteAvg = fake.orders.orders().find((x) => x.tag === i.clientOrderId)!.average_price;
    expect(o!.averagePrice).toBeCloseTo(kiteAvg, 9);
    const trail = await repo.transitions({ symbol: 'INFY' });
    expect(trail.filter((t) => t.clientOrderId === i.clientOrderId).reduce((q, t) => q + (t.fill?.quantity ?? 0), 0)).toBe(7);
    oms.close();
  });

  it('postbacks: a valid checksum triggers a read of the order history; a tampered one or one signed with another secret is refused and logged', async () => {
    const good = wire({ warn: (m) => goodWarnings.push(m) });
    const goodWarnings: string[] = [];
    const badWarnings: string[] = [];
    const bad = kiteBrokerOn(fake, { apiSecret: 'not-the-secret', warn: (m) => badWarnings.push(m) });
    const bodies: Record<string, unknown>[] = [];
    const handled: Promise<unknown>[] = [];
    onPostback = (b) => {
      bodies.push(b as Record<string, unknown>);
      handled.push(good.broker.handlePostback(b), bad.handlePostback(b));
    };
    fake.setLtp(INFY.token, 1500);
    const i = omsIntent({ quantity: 4 });
    await good.oms.submit(i);
    await untilStatus(good.repo, i.clientOrderId, 'FILLED');
    await fake.postbacks?.idle();
    await Promise.all(handled);
    expect(goodWarnings).toEqual([]);
    expect(bodies.map((b) => b.status)).toEqual(['OPEN', 'COMPLETE']);
    expect(badWarnings).toHaveLength(2);
    for (const w of badWarnings) expect(w).toMatch(/^The postback for order \S+ has a checksum that does not match; ignored \(check the API secret\)\.$/);

    const done = bodies[1]!;
    const tampered = [
      { ...done, checksum: `${String(done.checksum).slice(0, -1)}${String(done.checksum).endsWith('0') ? '1' : '0'}` },
      { ...done, checksum: String(done.checksum).toUpperCase() },
      { ...done, checksum: `${String(done.checksum)}00` },
      { ...done, order_timestamp: '2025-01-06 10:00:00' },
      { ...done, order_id: `${String(done.order_id)}9` },
    ];
    const fresh = kiteBrokerOn(fake, { warn: (m) => goodWarnings.push(m) });
    const seen: unknown[] = [];
    fresh.onOrderUpdate((u) => seen.push(u));
    const reads = (): number => fake.requests.count({ route: 'order.info' });
    const readsBefore = reads();
    for (const t of tampered) expect((await fresh.handlePostback(t)).ok).toBe(false);
    const missing = await fresh.handlePostback({ order_id: '1' });
    expect(!missing.ok && missing.error).toMatch(/^The postback has no valid order_timestamp/);
    expect(seen).toEqual([]);
    expect(reads()).toBe(readsBefore); // refused before anything is asked of Kite
    expect(goodWarnings).toHaveLength(6);
    expect((await fresh.handlePostback(done)).ok).toBe(true);
    expect(reads()).toBe(readsBefore + 1);
    expect(seen.map((u) => (u as { kind: string }).kind)).toEqual(['accepted', 'filled']);
    good.oms.close();
  });
});
