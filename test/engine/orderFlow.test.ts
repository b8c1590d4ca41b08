/**
 * Signals → targets → orders → updates, through the order pipeline: the diff against the account's position and
 * working orders, the cash rule, the trading state, a pre-trade check that cuts or denies, and the order state
 * machine (partial fills, rejections, cancel then a late fill, illegal moves). The execution is a hand-driven one:
 * the test plays the broker. Signals decided at a bar's close are sized at the next price (the next bar's open).
 */
import { z } from 'zod';
import type { OrderUpdate } from '../../src/core/broker';
import { DomainEvents, type DomainEvent } from '../../src/core/events';
import { strategyInstanceId } from '../../src/core/ids';
import type { Order, OrderIntent } from '../../src/core/order';
import { canTransition, ORDER_STATUSES, transition } from '../../src/core/orderStatus';
import { err, ok } from '../../src/core/result';
import type { SignalDirection } from '../../src/core/signal';
import { defineStrategy } from '../../src/core/strategy';
import { allowsOrder } from '../../src/core/tradingState';
import { Kernel } from '../../src/engine/kernel';
import { SequentialOrderIds } from '../../src/oms/orderIds';
import { OrderPipeline } from '../../src/oms/orderPipeline';
import type { Execution, PreTradeCheck } from '../../src/oms/pipelinePorts';
import { PositionBook } from '../../src/oms/positionBook';
import { RiskEngine } from '../../src/risk/riskEngine';
import { BarSeries } from '../../src/core/barSeries';
import { scriptedStrategy } from './support/scriptedStrategy';
import { simKernel } from './support/simKernel';

class HandExecution implements Execution {
  readonly placed: OrderIntent[] = [];
  onUpdate: (u: OrderUpdate) => void = () => undefined;
  place(order: Order): void {
    this.placed.push(order.intent);
  }
  cancel(order: Order): void {
    this.onUpdate({ kind: 'cancelled', clientOrderId: order.intent.clientOrderId, time: order.updatedAt });
  }
  send(u: OrderUpdate): void {
    this.onUpdate(u);
  }
  fill(intent: OrderIntent, quantity: number, price: number, time = intent.time): void {
    this.onUpdate({ kind: 'filled', fill: { clientOrderId: intent.clientOrderId, symbol: intent.symbol, side: intent.side, quantity, price, time, source: intent.source, charges: 0 } });
  }
}

const scripted = (script: Record<number, [SignalDirection, number]>) => scriptedStrategy(script, '1m');

function setup(script: Record<number, [SignalDirection, number]>, opts: { check?: (engine: RiskEngine) => PreTradeCheck; allowShort?: boolean } = {}) {
  const venue = new HandExecution();
  const events = new DomainEvents();
  const seen: DomainEvent[] = [];
  events.onAny((e) => seen.push(e));
  const book = new PositionBook();
  let t = Date.parse('2024-03-01T09:15:00+05:30');
  const clock = { now: () => t };
  const engine = new RiskEngine({ book, market: { price: (s) => (book.mark(s) > 0 ? book.mark(s) : undefined), equity: () => 0 }, squareOffTime: () => undefined });
  const pipeline = new OrderPipeline({ book, risk: opts.check ? opts.check(engine) : engine, execution: venue, ids: new SequentialOrderIds('t'), clock, events, rules: () => ({ tickSize: 0.05, lotSize: 1 }) });
  venue.onUpdate = (u) => pipeline.handleOrderUpdate(u);
  const k = new Kernel({ interval: '1m', book, orders: pipeline, events });
  const id = strategyInstanceId('s');
  const added = k.addInstance({ id, strategy: scripted(script), params: {}, symbols: ['X'], capital: 10_000, allowShort: opts.allowShort ?? false, product: 'MIS' });
  if (!added.ok) throw new Error(added.error);
  /** One bar at `close` (open = close); orders decided at the last close go out at its open. */
  const bar = (close: number) => {
    k.handleBar('X', { time: t, open: close, high: close, low: close, close, volume: 1 });
    k.endStep();
    t += 60_000;
  };
  return { venue, k, seen, bar, engine, rt: k.instance(id)! };
}

describe('order flow', () => {
  it('sizes weight × equity in whole shares at the next price, within cash', () => {
    const s = setup({ 0: ['long', 0.5], 2: ['long', 1], 4: ['flat', 0] });
    s.bar(99);
    s.bar(99); // sized at this open: 0.5 × 10,000 / 99 = 50.5 → 50 shares
    expect(s.venue.placed.map((o) => [o.side, o.quantity, o.product, o.orderType])).toEqual([['BUY', 50, 'MIS', 'MARKET']]);
    s.venue.send({ kind: 'accepted', clientOrderId: s.venue.placed[0]!.clientOrderId, time: 0 });
    s.venue.fill(s.venue.placed[0]!, 50, 99);
    expect(s.rt.ledger.cash).toBe(10_000 - 50 * 99);
    s.bar(100); // long 1 decided here
    s.bar(100); // → target 100 shares (equity 10,050 / 100), but cash 5,050 buys only 50 more
    expect(s.venue.placed[1]).toMatchObject({ side: 'BUY', quantity: 50 });
    expect(s.venue.placed[1]!.reason).toBe('script 2');
    s.venue.fill(s.venue.placed[1]!, 50, 100);
    s.bar(102); // flat decided here
    s.bar(102); // → sell all 100
    expect(s.venue.placed[2]).toMatchObject({ side: 'SELL', quantity: 100 });
    s.venue.fill(s.venue.placed[2]!, 100, 102);
    expect(s.rt.ledger.position[0]).toBe(0);
    expect(s.rt.ledger.cash).toBeCloseTo(10_000 - 50 * 99 - 50 * 100 + 100 * 102, 9);
    expect(s.rt.ledger.realised).toBeCloseTo(100 * 102 - (50 * 99 + 50 * 100), 9);
    expect(s.rt.ledger.closedTrades).toBe(1);
    expect(s.rt.ledger.winningTrades).toBe(1);
  });

  it('diffs against working orders: a repeated signal does not double the order', () => {
    const s = setup({ 0: ['long', 1], 1: ['long', 1] });
    s.bar(100);
    s.bar(100);
    s.bar(100);
    expect(s.venue.placed).toHaveLength(1);
    expect(s.venue.placed[0]!.quantity).toBe(100);
  });

  it('partial fills, then cancel, then a late fill crossing the cancel', () => {
    const s = setup({ 0: ['long', 1] });
    s.bar(100);
    s.bar(100);
    const o = s.venue.placed[0]!;
    s.venue.send({ kind: 'accepted', clientOrderId: o.clientOrderId, time: 1 });
    s.venue.fill(o, 30, 100);
    s.venue.fill(o, 20, 100);
    expect(s.rt.ledger.working[0]).toBe(50);
    s.venue.send({ kind: 'cancelled', clientOrderId: o.clientOrderId, time: 2 });
    expect(s.rt.ledger.working[0]).toBe(0);
    s.venue.fill(o, 10, 100); // late fill after the cancel: booked
    expect(s.rt.ledger.position[0]).toBe(60);
    expect(s.rt.ledger.working[0]).toBe(0);
    expect(s.seen.filter((e) => e.type === 'order-filled')).toHaveLength(3);
    expect(s.seen.filter((e) => e.type === 'alert')).toEqual([]);
    // More than ordered is refused loudly.
    s.venue.fill(o, 41, 100);
    expect(s.rt.ledger.position[0]).toBe(100);
    expect(s.seen.filter((e) => e.type === 'alert')).toEqual([]);
    s.venue.fill(o, 1, 100);
    expect(s.rt.ledger.position[0]).toBe(100);
    expect(s.seen.filter((e) => e.type === 'alert').map((e) => (e as { message: string }).message)).toEqual([
      `A fill of 1 on order ${o.clientOrderId} exceeds its open 0; check the broker.`,
    ]);
  });

  it('rejection frees the working quantity; an update of an unknown order is an alert, not a crash', () => {
    const s = setup({ 0: ['long', 1], 2: ['long', 1] });
    s.bar(100);
    s.bar(100);
    const o = s.venue.placed[0]!;
    s.venue.send({ kind: 'rejected', clientOrderId: o.clientOrderId, message: 'Insufficient funds', time: 1 });
    expect(s.rt.ledger.working[0]).toBe(0);
    expect(s.seen.some((e) => e.type === 'order-rejected' && e.message === 'Insufficient funds')).toBe(true);
    s.venue.send({ kind: 'accepted', clientOrderId: o.clientOrderId, time: 2 });
    s.bar(100);
    s.bar(100);
    expect(s.venue.placed).toHaveLength(2);
    s.venue.send({ kind: 'accepted', clientOrderId: 'nobody' as never, time: 3 });
    expect(s.seen.filter((e) => e.type === 'alert').map((e) => (e as { message: string }).message)).toEqual([
      `Order ${o.clientOrderId} cannot go from REJECTED to OPEN; the update was ignored.`,
      'An update for unknown order nobody arrived from the broker; check the order book.',
    ]);
  });

  it('trading state: HALTED denies everything, REDUCING only shrinks', () => {
    const s = setup({ 0: ['long', 1], 2: ['long', 0.5], 3: ['long', 1], 4: ['flat', 0] });
    s.bar(100);
    s.bar(100);
    s.venue.fill(s.venue.placed[0]!, 100, 100);
    s.engine.setState('REDUCING');
    s.bar(100); // long 0.5 decided at this close
    s.bar(100); // → sell 50: allowed; long 1 decided at this close
    expect(s.venue.placed[1]).toMatchObject({ side: 'SELL', quantity: 50 });
    s.venue.fill(s.venue.placed[1]!, 50, 100);
    s.bar(100); // → buy 50: denied; flat decided at this close
    expect(s.venue.placed).toHaveLength(2);
    s.engine.setState('HALTED');
    s.bar(100); // → sell: denied while halted
    expect(s.venue.placed).toHaveLength(2);
    const denials = s.seen.filter((e) => e.type === 'risk-denied').map((e) => (e as { rule?: string }).rule);
    expect(denials).toEqual(['reducing-only', 'trading-halted']);
    expect(allowsOrder('REDUCING', 100, -150)).toBe(false);
    expect(allowsOrder('REDUCING', -10, 10)).toBe(true);
  });

  it('a pre-trade check can cut or deny an intent', () => {
    const cap = (engine: RiskEngine): PreTradeCheck => ({
      check: (r) => {
        const price = r.account.mark(r.slot);
        if (price > 150) return err({ rule: 'max-price', message: 'Price above 150 is not allowed; raise the limit first.' });
        const checked = engine.check(r);
        return checked.ok ? ok({ ...checked.value, quantity: Math.min(checked.value.quantity, 10) }) : checked;
      },
      sent: (i, t) => engine.sent(i, t),
    });
    const s = setup({ 0: ['long', 1], 1: ['flat', 0], 2: ['long', 1] }, { check: cap });
    s.bar(100);
    s.bar(100);
    expect(s.venue.placed[0]!.quantity).toBe(10);
    s.bar(200); // flat decided at the last close: sell the 10 still working → denied at 200
    s.bar(200); // long again: buy → denied
    const denied = s.seen.flatMap((e) => (e.type === 'risk-denied' ? [[e.intent.side, e.intent.quantity, e.reason]] : []));
    expect(denied).toEqual([
      ['SELL', 10, 'Price above 150 is not allowed; raise the limit first.'],
      ['BUY', 40, 'Price above 150 is not allowed; raise the limit first.'],
    ]);
  });

  it('short signals need allowShort (MIS); otherwise they are ignored with an alert', () => {
    const s = setup({ 0: ['short', 1] });
    s.bar(100);
    s.bar(100);
    expect(s.venue.placed).toHaveLength(0);
    expect(s.seen.some((e) => e.type === 'alert' && e.message.includes('shorting is not enabled'))).toBe(true);
    const t = setup({ 0: ['short', 0.5] }, { allowShort: true });
    t.bar(100);
    t.bar(100);
    expect(t.venue.placed[0]).toMatchObject({ side: 'SELL', quantity: 50 });
  });
});

describe('order status transition table', () => {
  it('allows the lifecycle and the late fill after a cancel; refuses the rest with a message', () => {
    const path = ['PENDING_APPROVAL', 'APPROVED', 'SUBMITTED', 'OPEN', 'PARTIALLY_FILLED', 'FILLED'] as const;
    for (let i = 0; i + 1 < path.length; i++) expect(canTransition(path[i]!, path[i + 1]!)).toBe(true);
    expect(canTransition('CANCELLED', 'FILLED')).toBe(true);
    expect(canTransition('PENDING_APPROVAL', 'EXPIRED')).toBe(true);
    expect(canTransition('APPROVED', 'DENIED')).toBe(true);
    for (const terminal of ['FILLED', 'REJECTED', 'EXPIRED', 'DENIED'] as const) {
      for (const to of ORDER_STATUSES) expect(canTransition(terminal, to)).toBe(false);
    }
    expect(transition('FILLED', 'OPEN')).toEqual({
      ok: false,
      error: { kind: 'illegal-transition', from: 'FILLED', to: 'OPEN', message: 'An order cannot go from FILLED to OPEN.' },
    });
    expect(transition('SUBMITTED', 'PENDING_APPROVAL').ok).toBe(false);
  });
});

describe('rebalancing across symbols', () => {
  it('routes the sells of a step before its buys, so a rotation buys with the freed cash', () => {
    const rotate = defineStrategy({
      name: 'rotate',
      summary: 'A, then B',
      params: z.object({}),
      universe: 'multi',
      interval: '1m',
      warmup: () => 1,
      init: () => undefined,
      onBar(ctx) {
        const i = ctx.bars.i;
        if (i === 5) return [ctx.signal('long', 'into A', { symbol: 'A' })];
        // Listed buy-first on purpose: the kernel must still sell A before sizing B.
        if (i === 10) return [ctx.signal('long', 'into B', { symbol: 'B' }), ctx.signal('flat', 'out of A', { symbol: 'A' })];
        return undefined;
      },
    });
    const t0 = Date.parse('2024-03-01T09:15:00+05:30');
    const series = (symbol: string, price: (i: number) => number) => {
      const bars = Array.from({ length: 15 }, (_, i) => ({ time: t0 + i * 60_000, open: price(i), high: price(i), low: price(i), close: price(i), volume: 1 }));
      return BarSeries.fromBars(symbol, '1m', bars);
    };
    const k = simKernel('1m').kernel;
    k.preload(series('A', (i) => 100 + i));
    k.preload(series('B', (i) => 50 + i / 2));
    const id = strategyInstanceId('rot');
    expect(k.addInstance({ id, strategy: rotate, params: {}, symbols: ['A', 'B'], capital: 10_000 }).ok).toBe(true);
    k.run();
    const l = k.instance(id)!.ledger;
    const boughtA = Math.floor(10_000 / 106); // at bar 6's open
    const cashAfterSell = 10_000 - boughtA * 106 + boughtA * 111; // sold at bar 11's open
    expect(l.position[0]).toBe(0);
    expect(l.position[1]).toBe(Math.floor(cashAfterSell / 55.5));
    expect(l.cash).toBeCloseTo(cashAfterSell - l.position[1]! * 55.5, 9);
  });
});
