/**
 * ONE Broker contract suite, run against the paper broker and against KiteBroker on the fake Kite server.
 * A harness supplies the broker, a way to move the market and a way to let updates arrive.
 */
import type { Broker, OrderUpdate } from '../../src/core/broker';
import { clientOrderId, type ClientOrderId } from '../../src/core/ids';
import type { OrderIntent } from '../../src/core/order';
import type { OrderBookBroker } from '../../src/oms/brokerOrders';

export interface BrokerHarness {
  readonly broker: OrderBookBroker & Required<Pick<Broker, 'attachExit' | 'cancelExit'>>;
  /** A trade at `price` on `symbol` (the paper broker sees a tick; the fake Kite an LTP). */
  setPrice(symbol: string, price: number): Promise<void>;
  /** Lets pending order updates reach the broker's listeners. */
  settle(): Promise<void>;
  close(): Promise<void>;
}

let seq = 0;
export function intent(over: Partial<OrderIntent> = {}): OrderIntent {
  return {
    clientOrderId: clientOrderId(`ct${Date.now().toString(36)}${(seq++).toString(36)}`),
    symbol: 'INFY',
    side: 'BUY',
    quantity: 10,
    orderType: 'MARKET',
    product: 'CNC',
    validity: 'DAY',
    source: { kind: 'job', job: 'contract' },
    reason: 'contract test',
    time: Date.now(),
    ...over,
  };
}

export function brokerContract(name: string, start: () => Promise<BrokerHarness>): void {
  describe(`Broker contract: ${name}`, () => {
    let h: BrokerHarness;
    let updates: OrderUpdate[];
    let off: () => void;

    beforeEach(async () => {
      h = await start();
      updates = [];
      off = h.broker.onOrderUpdate((u) => updates.push(u));
      await h.setPrice('INFY', 1500);
    });
    afterEach(async () => {
      off();
      await h.close();
    });

    const of = (id: ClientOrderId): OrderUpdate[] => updates.filter((u) => (u.kind === 'filled' ? u.fill.clientOrderId : u.kind === 'opened' ? u.intent.clientOrderId : u.clientOrderId) === id);
    const filledQty = (id: ClientOrderId): number => of(id).reduce((s, u) => s + (u.kind === 'filled' ? u.fill.quantity : 0), 0);

    it('fills a market buy at the market price: acknowledged, accepted, filled, in positions and the order book', async () => {
      const before = await h.broker.margins();
      const i = intent({ quantity: 10 });
      const ack = await h.broker.place(i);
      expect(ack.ok).toBe(true);
      await h.setPrice('INFY', 1500);
      await h.settle();
      const mine = of(i.clientOrderId);
      expect(mine[0]?.kind).toBe('accepted');
      expect(filledQty(i.clientOrderId)).toBe(10);
      const fills = mine.filter((u) => u.kind === 'filled');
      for (const f of fills) if (f.kind === 'filled') expect(f.fill.price).toBeCloseTo(1500, 6);
      const pos = await h.broker.positions();
      expect(pos.ok && pos.value.find((p) => p.symbol === 'INFY')?.quantity).toBe(10);
      const book = await h.broker.orders();
      const row = book.ok ? book.value.find((o) => o.clientOrderId === i.clientOrderId) : undefined;
      expect(row).toMatchObject({ status: 'FILLED', filledQuantity: 10, quantity: 10, side: 'BUY' });
      expect(ack.ok && row?.brokerOrderId).toBe(ack.ok ? ack.value.brokerOrderId : 'none');
      const after = await h.broker.margins();
      expect(before.ok && after.ok).toBe(true);
      if (before.ok && after.ok) expect(before.value.available - after.value.available).toBeGreaterThanOrEqual(15_000 - 1e-6);
    });

    it('rests a limit buy below the market, fills it when the price comes down to it', async () => {
      const i = intent({ orderType: 'LIMIT', price: 1490, quantity: 4 });
      expect((await h.broker.place(i)).ok).toBe(true);
      await h.setPrice('INFY', 1495);
      await h.settle();
      expect(filledQty(i.clientOrderId)).toBe(0);
      await h.setPrice('INFY', 1489);
      await h.settle();
      expect(filledQty(i.clientOrderId)).toBe(4);
      const f = of(i.clientOrderId).find((u) => u.kind === 'filled');
      expect(f?.kind === 'filled' && f.fill.price).toBeLessThanOrEqual(1490);
    });

    it('modifies a resting limit and fills at the new price', async () => {
      const i = intent({ orderType: 'LIMIT', price: 1400, quantity: 2 });
      expect((await h.broker.place(i)).ok).toBe(true);
      expect((await h.broker.modify(i.clientOrderId, { price: 1480 })).ok).toBe(true);
      await h.setPrice('INFY', 1479);
      await h.settle();
      expect(filledQty(i.clientOrderId)).toBe(2);
    });

    it('cancels a resting order once; a second cancel fails and nothing fills afterwards', async () => {
      const i = intent({ orderType: 'LIMIT', price: 1300, quantity: 3 });
      expect((await h.broker.place(i)).ok).toBe(true);
      expect((await h.broker.cancel(i.clientOrderId)).ok).toBe(true);
      await h.settle();
      expect(of(i.clientOrderId).some((u) => u.kind === 'cancelled')).toBe(true);
      expect((await h.broker.cancel(i.clientOrderId)).ok).toBe(false);
      await h.setPrice('INFY', 1200);
      await h.settle();
      expect(filledQty(i.clientOrderId)).toBe(0);
    });

    it('refuses an unknown instrument with a message for people', async () => {
      const r = await h.broker.place(intent({ symbol: 'NOSUCHSCRIP' }));
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.error.kind).toBe('rejected');
        expect(r.error.message.length).toBeGreaterThan(10);
        expect(r.error.message).not.toMatch(/\n[ \t]+at /);
      }
    });

    it('cancelling an order it never saw is not-found', async () => {
      const r = await h.broker.cancel(clientOrderId('neverplaced1'));
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.kind).toBe('not-found');
    });

    const buyAndSettle = async (quantity: number) => {
      const b = intent({ quantity });
      expect((await h.broker.place(b)).ok).toBe(true);
      await h.setPrice('INFY', 1500);
      await h.settle();
      expect(filledQty(b.clientOrderId)).toBe(quantity);
    };
    const exitFills = () => updates.flatMap((u) => (u.kind === 'filled' && u.fill.side === 'SELL' ? [u.fill] : []));
    const position = async () => {
      const pos = await h.broker.positions();
      return pos.ok ? (pos.value.find((p) => p.symbol === 'INFY')?.quantity ?? 0) : NaN;
    };

    it('an attached exit pair (OCO): the take-profit closes the position and the stop is then dropped', async () => {
      await buyAndSettle(10);
      const r = await h.broker.attachExit({ symbol: 'INFY', quantity: 10, product: 'CNC', stop: 1450, takeProfit: 1600 });
      expect(r.ok && r.value.exitId.length).toBeGreaterThan(0);
      await h.setPrice('INFY', 1520);
      await h.settle();
      expect(exitFills()).toEqual([]);
      await h.setPrice('INFY', 1605);
      await h.settle();
      expect(exitFills().map((f) => [f.quantity, f.price])).toEqual([[10, 1605]]);
      expect(await position()).toBe(0);
      await h.setPrice('INFY', 1440);
      await h.settle();
      expect(exitFills()).toHaveLength(1);
      expect(await position()).toBe(0);
    });

    it('an attached exit pair (OCO): the stop closes the position when touched first; the take-profit never fires', async () => {
      await buyAndSettle(6);
      expect((await h.broker.attachExit({ symbol: 'INFY', quantity: 6, product: 'CNC', stop: 1450, takeProfit: 1600 })).ok).toBe(true);
      await h.setPrice('INFY', 1445);
      await h.settle();
      const fills = exitFills();
      expect(fills.reduce((q, f) => q + f.quantity, 0)).toBe(6);
      for (const f of fills) expect(f.price).toBeLessThanOrEqual(1450);
      expect(await position()).toBe(0);
      await h.setPrice('INFY', 1610);
      await h.settle();
      expect(exitFills()).toHaveLength(fills.length);
    });

    it('a cancelled exit never fires; cancelling it again answers not-found (nothing is left to cancel)', async () => {
      await buyAndSettle(4);
      const r = await h.broker.attachExit({ symbol: 'INFY', quantity: 4, product: 'CNC', stop: 1450, takeProfit: 1600 });
      if (!r.ok) throw new Error(r.error.message);
      expect((await h.broker.cancelExit(r.value.exitId)).ok).toBe(true);
      const again = await h.broker.cancelExit(r.value.exitId);
      expect(!again.ok && again.error.kind).toBe('not-found');
      await h.setPrice('INFY', 1440);
      await h.settle();
      expect(exitFills()).toEqual([]);
      expect(await position()).toBe(4);
    });

    it('refuses an exit whose stop and take-profit do not straddle the price on the right sides', async () => {
      await buyAndSettle(2);
      const r = await h.broker.attachExit({ symbol: 'INFY', quantity: 2, product: 'CNC', stop: 1550, takeProfit: 1600 });
      expect(!r.ok && r.error.kind).toBe('rejected');
      expect(!r.ok && r.error.message).toMatch(/^For a long position in INFY put the stop below and the take-profit above the last price 1500/);
    });

    it('sells what it bought: position back to zero', async () => {
      const b = intent({ quantity: 5 });
      await h.broker.place(b);
      await h.setPrice('INFY', 1500);
      await h.settle();
      const s = intent({ side: 'SELL', quantity: 5 });
      expect((await h.broker.place(s)).ok).toBe(true);
      await h.setPrice('INFY', 1510);
      await h.settle();
      expect(filledQty(s.clientOrderId)).toBe(5);
      const pos = await h.broker.positions();
      expect(pos.ok && (pos.value.find((p) => p.symbol === 'INFY')?.quantity ?? 0)).toBe(0);
    });
  });
}
