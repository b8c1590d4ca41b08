/**
 * Restart, the exits of one slot (src/oms/orderRecovery.ts restoreExits), paper as the app wires it: two entries of
 * the portfolio's INFY slot filled in one tick on one clock, so both carry the same update time.
 *  - Only the second is noted with an exit (the first's was replaced by one for both): that exit is kept, no other
 *    is attached, and a fall through the stop sells the 15 shares once.
 *  - Each is noted with a different exit still active at the broker (which one guards cannot be told): both are
 *    cancelled and one exit is attached anew for the whole position.
 * And a stop between a second entry's fill and its exit's replacement (the first entry's exit still active at the
 * broker, the second entry noted with none): the old exit is cancelled and one exit guards the whole position.
 */
import { MemoryPaperStateRepository } from '../../src/brokers/paper/paperState';
import { SimulatedClock } from '../../src/core/clock';
import { userId } from '../../src/core/ids';
import type { Order } from '../../src/core/order';
import { MemoryOrderRepository } from '../../src/core/ports/orderRepository';
import { transitionRecord } from '../../src/oms/orderLifecycle';
import { PORTFOLIO_ACCOUNT } from '../../src/oms/positionBook';
import { paperBroker, pipelineOn, type Stack } from '../support/brokers/pipelineStack';

const T0 = Date.parse('2025-01-08T04:00:00Z');

async function twoStopsFilledInOneTick() {
  const clock = new SimulatedClock(T0);
  const repo = new MemoryOrderRepository();
  const paper = new MemoryPaperStateRepository();
  const broker = await paperBroker(clock, ['INFY'], { repository: paper });
  const stack = pipelineOn(broker, clock, { repo });
  broker.handleTick('INFY', 1500, clock.now());
  const ids: string[] = [];
  for (const [quantity, stop] of [
    [10, 1400],
    [5, 1420],
  ] as const) {
    const r = stack.pipeline.submit({ symbol: 'INFY', side: 'BUY', quantity, orderType: 'MARKET', product: 'CNC', validity: 'DAY', source: { kind: 'user', userId: userId('trader') }, reason: 'test', stop, time: clock.now() }, { approval: 'never' });
    if (!r.ok) throw new Error(r.error.message);
    ids.push(r.value.intent.clientOrderId);
  }
  await stack.idle();
  clock.advance(60_000);
  broker.handleTick('INFY', 1500, clock.now());
  await stack.idle();
  const [first, second] = await Promise.all(ids.map(async (id) => (await repo.get(id as Order['intent']['clientOrderId']))!));
  return { clock, repo, paper, broker, stack, first: first!, second: second! };
}

async function restart(w: Awaited<ReturnType<typeof twoStopsFilledInOneTick>>): Promise<Stack> {
  await w.stack.idle();
  await w.broker.flush();
  w.stack.close();
  const broker = await paperBroker(w.clock, ['INFY'], { repository: w.paper });
  const stack = pipelineOn(broker, w.clock, { repo: w.repo });
  const r = await stack.recover();
  if (!r.ok) throw new Error(String(r.error));
  await stack.idle();
  return stack;
}

async function activeExits(w: { readonly paper: MemoryPaperStateRepository }, broker: { flush(): Promise<void> }): Promise<{ id: string; quantity: number; stop?: number }[]> {
  await broker.flush();
  return ((await w.paper.load())?.exits ?? []).filter((x) => x.symbol === 'INFY' && x.status === 'active').map((x) => ({ id: x.id, quantity: x.quantity, ...(x.stop !== undefined ? { stop: x.stop } : {}) }));
}

const held = (s: Stack): number => {
  const a = s.book.account(PORTFOLIO_ACCOUNT)!;
  return a.position[a.symbols.indexOf('INFY')]!;
};

/** A fall through every stop; then the position must be flat in the book and at the broker, never short. */
async function fallThrough(s: Stack, clock: SimulatedClock): Promise<void> {
  for (const p of [1390, 1385]) {
    clock.advance(60_000);
    (s.broker as Awaited<ReturnType<typeof paperBroker>>).handleTick('INFY', p, clock.now());
    await s.idle();
  }
  expect(held(s)).toBe(0);
  const at = await s.broker.positions();
  expect(at.ok && at.value.filter((p) => p.symbol === 'INFY')).toEqual([]);
}

describe('restoreExits: two entries of one slot updated at the same instant', () => {
  test('only the second noted: its exit guards the 15 shares after the restart, none is added, the stop sells 15 once', async () => {
    const w = await twoStopsFilledInOneTick();
    expect(w.first.updatedAt).toBe(w.second.updatedAt);
    expect(w.first.exitId).toBeUndefined();
    expect(w.second.exitId).toBeDefined();
    expect(await activeExits(w, w.broker)).toEqual([{ id: w.second.exitId, quantity: 15, stop: 1420 }]);
    const s = await restart(w);
    expect(held(s)).toBe(15);
    expect(await activeExits(w, s.broker as Awaited<ReturnType<typeof paperBroker>>)).toEqual([{ id: w.second.exitId, quantity: 15, stop: 1420 }]);
    await fallThrough(s, w.clock);
    s.close();
  });

  test('each noted with a different active exit: both are cancelled, one is attached anew for the position, the stop sells 15 once', async () => {
    const w = await twoStopsFilledInOneTick();
    // A second exit on the position, noted on the first entry at the same instant (which of the two guards is unknown).
    const extra = w.broker.attachExitNow({ symbol: 'INFY', product: 'CNC', quantity: 15, stop: 1410 });
    if (!extra.ok) throw new Error(extra.error.message);
    const noted: Order = { ...w.first, exitId: extra.value.exitId };
    await w.repo.save(noted, transitionRecord(noted, noted.status, { kind: 'system', detail: 'exit attached' }, noted.updatedAt, { message: 'test' }));
    expect((await activeExits(w, w.broker)).map((x) => x.id).sort()).toEqual([extra.value.exitId, w.second.exitId].sort());
    const s = await restart(w);
    const after = await activeExits(w, s.broker as Awaited<ReturnType<typeof paperBroker>>);
    expect(after).toHaveLength(1);
    expect([extra.value.exitId, w.second.exitId]).not.toContain(after[0]!.id);
    expect(after[0]!.quantity).toBe(15);
    await fallThrough(s, w.clock);
    s.close();
  });

  test('a stop after the second entry filled, before its exit replaced the first: the first exit is cancelled, one exit guards the 15 shares', async () => {
    const clock = new SimulatedClock(T0);
    const repo = new MemoryOrderRepository();
    const paper = new MemoryPaperStateRepository();
    const broker = await paperBroker(clock, ['INFY'], { repository: paper });
    const stack = pipelineOn(broker, clock, { repo });
    broker.handleTick('INFY', 1500, clock.now());
    const buy = (quantity: number, stop: number): string => {
      const r = stack.pipeline.submit({ symbol: 'INFY', side: 'BUY', quantity, orderType: 'MARKET', product: 'CNC', validity: 'DAY', source: { kind: 'user', userId: userId('trader') }, reason: 'test', stop, time: clock.now() }, { approval: 'never' });
      if (!r.ok) throw new Error(r.error.message);
      return r.value.intent.clientOrderId;
    };
    const first = buy(10, 1400);
    await stack.idle();
    clock.advance(60_000);
    broker.handleTick('INFY', 1500, clock.now());
    await stack.idle();
    const guarding = (await repo.get(first as Order['intent']['clientOrderId']))!.exitId;
    expect(await activeExits({ paper }, broker)).toEqual([{ id: guarding, quantity: 10, stop: 1400 }]);
    // The process stops once the second entry's fill is journaled: the cancellation of the first exit never lands.
    broker.cancelExit = () => new Promise(() => undefined);
    const second = buy(5, 1420);
    await stack.idle();
    clock.advance(60_000);
    broker.handleTick('INFY', 1500, clock.now());
    await eventuallyStored(repo, second);
    expect((await repo.get(second as Order['intent']['clientOrderId']))!.exitId).toBeUndefined();
    expect(await activeExits({ paper }, broker)).toEqual([{ id: guarding, quantity: 10, stop: 1400 }]);
    await broker.flush();
    stack.close();

    const again = await paperBroker(clock, ['INFY'], { repository: paper });
    const s = pipelineOn(again, clock, { repo });
    const r = await s.recover();
    if (!r.ok) throw new Error(String(r.error));
    await s.idle();
    expect(held(s)).toBe(15);
    const after = await activeExits({ paper }, again);
    expect(after).toHaveLength(1);
    expect(after[0]).toMatchObject({ quantity: 15, stop: 1420 });
    expect(after[0]!.id).not.toBe(guarding);
    await fallThrough(s, clock);
    s.close();
  });
});

/** Waits until the order's fill is in the store (the journal writes behind). */
async function eventuallyStored(repo: MemoryOrderRepository, id: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if ((await repo.get(id as Order['intent']['clientOrderId']))?.status === 'FILLED') return;
    await new Promise((r) => setImmediate(r));
  }
  throw new Error(`${id} was not stored as filled`);
}
