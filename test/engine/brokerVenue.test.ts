/**
 * The paper/live wiring: kernel → BrokerVenue → an async Broker, and a BarFeed attached with
 * attachBarFeed. The broker here is a small in-test implementation of the Broker interface that
 * fills market orders at the last price it was told, asynchronously, like a real one.
 */
import type { Bar } from '../../src/core/bar';
import type { Broker, BrokerError, BrokerPosition, Margins, OrderAck, OrderChange, OrderUpdateListener } from '../../src/core/broker';
import { SimulatedClock } from '../../src/core/clock';
import type { BarFeed, BarHandler, StopFeed } from '../../src/core/feed';
import { orderId, strategyInstanceId, type ClientOrderId } from '../../src/core/ids';
import type { OrderIntent } from '../../src/core/order';
import { err, ok, type Result } from '../../src/core/result';
import { BrokerVenue } from '../../src/engine/brokerVenue';
import { attachBarFeed } from '../../src/engine/feedRunner';
import { Kernel } from '../../src/engine/kernel';
import { SimulatedFills } from '../../src/brokers/paper/simulatedFills';
import smaCross from '../../strategies/sma-cross';
import { randomWalk } from './support/randomWalk';
import { record } from './support/recorder';

class LastPriceBroker implements Broker {
  readonly name = 'last-price';
  lastPrice = NaN;
  refuseNext: 'error' | 'throw' | undefined;
  private readonly listeners = new Set<OrderUpdateListener>();
  private n = 0;

  async place(intent: OrderIntent): Promise<Result<OrderAck, BrokerError>> {
    await Promise.resolve();
    if (this.refuseNext === 'error') {
      this.refuseNext = undefined;
      return err({ kind: 'rejected', message: 'Insufficient margin; add funds or lower the quantity.' });
    }
    if (this.refuseNext === 'throw') {
      this.refuseNext = undefined;
      throw new Error('socket hang up');
    }
    const brokerOrderId = orderId(`B${++this.n}`);
    const price = this.lastPrice;
    queueMicrotask(() => {
      this.emit({ kind: 'accepted', clientOrderId: intent.clientOrderId, brokerOrderId, time: intent.time });
      this.emit({ kind: 'filled', fill: { clientOrderId: intent.clientOrderId, symbol: intent.symbol, side: intent.side, quantity: intent.quantity, price, time: intent.time, source: intent.source } });
    });
    return ok({ clientOrderId: intent.clientOrderId, brokerOrderId });
  }
  async modify(id: ClientOrderId, _c: OrderChange): Promise<Result<OrderAck, BrokerError>> {
    return err({ kind: 'unsupported', message: `Order ${id} cannot be modified here.` });
  }
  async cancel(id: ClientOrderId): Promise<Result<OrderAck, BrokerError>> {
    return err({ kind: 'not-found', message: `Order ${id} is not open.` });
  }
  async positions(): Promise<Result<readonly BrokerPosition[], BrokerError>> {
    return ok([]);
  }
  async margins(): Promise<Result<Margins, BrokerError>> {
    return ok({ available: 0, used: 0 });
  }
  onOrderUpdate(l: OrderUpdateListener): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }
  private emit(u: Parameters<OrderUpdateListener>[0]): void {
    for (const l of this.listeners) l(u);
  }
}

/** A feed that replays bars one minute at a time, yielding to the event loop between minutes. */
class ReplayFeed implements BarFeed {
  readonly interval = '1m' as const;
  constructor(
    readonly symbols: readonly string[],
    private readonly bars: readonly Bar[],
    private readonly beforeBar: (bar: Bar) => void,
  ) {}
  async start(onBar: BarHandler): Promise<StopFeed> {
    for (const b of this.bars) {
      this.beforeBar(b);
      onBar(this.symbols[0]!, b);
      await new Promise((r) => setImmediate(r));
    }
    return () => undefined;
  }
}

describe('BrokerVenue + attachBarFeed', () => {
  it('trades the same signals as the backtest path; fills come back from the broker', async () => {
    const series = randomWalk('LIVE', 600, 21);
    const broker = new LastPriceBroker();
    const clock = new SimulatedClock();
    const venue = new BrokerVenue(broker, clock);
    const k = new Kernel({ interval: '1m', venue, sizeAt: 'decision' });
    const rec = record(k.events);
    const id = strategyInstanceId('live');
    k.addInstance({ id, strategy: smaCross, params: { fast: 5, slow: 20 }, symbols: ['LIVE'], capital: 100_000 });
    const feed = new ReplayFeed(['LIVE'], series.toBars(), (b) => {
      broker.lastPrice = b.close;
      clock.set(b.time);
    });
    await attachBarFeed(k, feed);
    await venue.settled();
    await new Promise((r) => setImmediate(r));

    const bt = new Kernel({ interval: '1m', venue: new SimulatedFills() });
    const btRec = record(bt.events);
    bt.preload(series);
    bt.addInstance({ id, strategy: smaCross, params: { fast: 5, slow: 20 }, symbols: ['LIVE'], capital: 100_000 });
    bt.run();

    expect(rec.signals.length).toBeGreaterThan(10);
    expect(rec.signals).toEqual(btRec.signals);
    // Live filled at the decision bar's close (the broker's last price), so every order filled.
    expect(rec.fills.length).toBe(rec.orders.length);
    expect(k.instance(id)!.working[0]).toBe(0);
    expect(rec.alerts).toEqual([]);
    venue.close();
  });

  it('a refused or failed placement becomes a rejection and frees the working quantity', async () => {
    const broker = new LastPriceBroker();
    broker.lastPrice = 100;
    const venue = new BrokerVenue(broker, new SimulatedClock(5));
    const k = new Kernel({ interval: '1m', venue, sizeAt: 'decision' });
    const rejected: string[] = [];
    k.events.on('order-rejected', (e) => rejected.push(e.message));
    const id = strategyInstanceId('r');
    k.addInstance({ id, strategy: smaCross, params: { fast: 1, slow: 2 }, symbols: ['R'], capital: 10_000 });
    const t0 = Date.parse('2024-01-01T09:15:00+05:30');
    const closes = [100, 99, 101, 98, 102];
    for (const [n, c] of closes.entries()) {
      broker.refuseNext = n === 2 ? 'error' : n === 4 ? 'throw' : undefined;
      k.handleBar('R', { time: t0 + n * 60_000, open: c, high: c, low: c, close: c, volume: 1 });
      k.endStep();
      await venue.settled();
    }
    expect(rejected).toEqual(['Insufficient margin; add funds or lower the quantity.', 'Broker last-price failed: socket hang up']);
    expect(k.instance(id)!.working[0]).toBe(0);
  });
});
