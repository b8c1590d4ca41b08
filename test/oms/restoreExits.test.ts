/**
 * Restart, the exits of one slot (src/oms/orderRecovery.ts restoreExits), paper as the app wires it: two entries of
 * the portfolio's INFY slot filled in one tick on one clock, so both carry the same update time.
 *  - Only the second is noted with an exit (the first's was replaced by one for both): that exit is kept, no other
 *    is attached, and a fall through the stop sells the 15 shares once.
 *  - Each is noted with a different exit still active at the broker (which one guards cannot be told): both are
 *    cancelled and one exit is attached anew for the whole position.
 * And a stop between a second entry's fill and its exit's replacement (the first entry's exit still active at the
 * broker, the second entry noted with none): the old exit is cancelled and one exit guards the whole position — on
 * one clock and on a replayed feed whose market time is far behind the wall clock.
 */
import { MemoryPaperStateRepository } from '../../src/brokers/paper/paperState';
import { SimulatedClock } from '../../src/core/clock';
import { userId, type ClientOrderId } from '../../src/core/ids';
import type { Order } from '../../src/core/order';
import { MemoryOrderRepository } from '../../src/core/ports/orderRepository';
import { transitionRecord } from '../../src/oms/orderLifecycle';
import { PORTFOLIO_ACCOUNT } from '../../src/oms/positionBook';
import { paperBroker, pipelineOn, type Stack } from '../support/brokers/pipelineStack';

const T0 = Date.parse('2025-01-08T04:00:00Z');

type PaperBroker = Awaited<ReturnType<typeof paperBroker>>;

/**
 * The paper stack over repositories that outlive it (a restart opens another over them), INFY traded at 1,500.
 * `wallAheadMs`: paper on a replayed feed, as the app wires it — the broker and the pipeline's market time on the
 * feed's clock (`clock`), the pipeline's own on a wall clock that far ahead (default 0: one clock for both).
 */
async function paperWorld(wallAheadMs = 0) {
  const clock = new SimulatedClock(T0);
  const wall = wallAheadMs === 0 ? clock : new SimulatedClock(T0 + wallAheadMs);
  const on = wall === clock ? {} : { marketClock: clock };
  const repo = new MemoryOrderRepository();
  const paper = new MemoryPaperStateRepository();
  const broker = await paperBroker(clock, ['INFY'], { repository: paper });
  const stack = pipelineOn(broker, wall, { repo, ...on });
  broker.handleTick('INFY', 1500, clock.now());
  /** A portfolio BUY at the market with a stop, placed without approval; its id. */
  const buy = (quantity: number, stop: number): ClientOrderId => {
    const r = stack.pipeline.submit({ symbol: 'INFY', side: 'BUY', quantity, orderType: 'MARKET', product: 'CNC', validity: 'DAY', source: { kind: 'user', userId: userId('trader') }, reason: 'test', stop, time: clock.now() }, { approval: 'never' });
    if (!r.ok) throw new Error(r.error.message);
    return r.value.intent.clientOrderId;
  };
  /** The next minute's trade at 1,500 (working market orders fill on it). */
  const trade = (): void => {
    clock.advance(60_000);
    if (wall !== clock) wall.advance(60_000);
    broker.handleTick('INFY', 1500, clock.now());
  };
  return { clock, wall, on, repo, paper, broker, stack, buy, trade };
}
type World = Awaited<ReturnType<typeof paperWorld>>;

async function twoStopsFilledInOneTick() {
  const w = await paperWorld();
  const ids = [w.buy(10, 1400), w.buy(5, 1420)];
  await w.stack.idle();
  w.trade();
  await w.stack.idle();
  const [first, second] = await Promise.all(ids.map(async (id) => (await w.repo.get(id))!));
  return { ...w, first: first!, second: second! };
}

/** A restart: the stack stops (whatever it still had on its way is lost), another starts over the same stores. */
async function restart(w: World, settle = true): Promise<{ stack: Stack; broker: PaperBroker }> {
  if (settle) await w.stack.idle();
  await w.broker.flush();
  w.stack.close();
  const broker = await paperBroker(w.clock, ['INFY'], { repository: w.paper });
  const stack = pipelineOn(broker, w.wall, { repo: w.repo, ...w.on });
  const r = await stack.recover();
  if (!r.ok) throw new Error(String(r.error));
  await stack.idle();
  return { stack, broker };
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
    (s.broker as PaperBroker).handleTick('INFY', p, clock.now());
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
    const { stack, broker } = await restart(w);
    expect(held(stack)).toBe(15);
    expect(await activeExits(w, broker)).toEqual([{ id: w.second.exitId, quantity: 15, stop: 1420 }]);
    await fallThrough(stack, w.clock);
    stack.close();
  });

  test('each noted with a different active exit: both are cancelled, one is attached anew for the position, the stop sells 15 once', async () => {
    const w = await twoStopsFilledInOneTick();
    // A second exit on the position, noted on the first entry at the same instant (which of the two guards is unknown).
    const extra = w.broker.attachExitNow({ symbol: 'INFY', product: 'CNC', quantity: 15, stop: 1410 });
    if (!extra.ok) throw new Error(extra.error.message);
    const noted: Order = { ...w.first, exitId: extra.value.exitId };
    await w.repo.save(noted, transitionRecord(noted, noted.status, { kind: 'system', detail: 'exit attached' }, noted.updatedAt, { message: 'test' }));
    expect((await activeExits(w, w.broker)).map((x) => x.id).sort()).toEqual([extra.value.exitId, w.second.exitId].sort());
    const { stack, broker } = await restart(w);
    const after = await activeExits(w, broker);
    expect(after).toHaveLength(1);
    expect([extra.value.exitId, w.second.exitId]).not.toContain(after[0]!.id);
    expect(after[0]!.quantity).toBe(15);
    await fallThrough(stack, w.clock);
    stack.close();
  });
});

describe('restoreExits: a stop between an entry’s fill and its exit’s replacement', () => {
  // On a replayed feed the first entry's exit was noted in the wall clock, later than the second entry's fill in the
  // market's: the first entry looked latest and its exit (10 shares) was kept — 5 of the 15 unguarded (fixed: the
  // note carries the market's time).
  test.each([
    ['one clock', 0],
    ['a replay: the wall clock 300 days ahead of the market', 300 * 86_400_000],
  ])('%s: the first exit is cancelled at the restart, one exit guards the 15 shares, the stop sells 15 once', async (_, wallAheadMs) => {
    const w = await paperWorld(wallAheadMs);
    const first = w.buy(10, 1400);
    await w.stack.idle();
    w.trade();
    await w.stack.idle();
    const guarding = (await w.repo.get(first))!.exitId;
    expect(await activeExits(w, w.broker)).toEqual([{ id: guarding, quantity: 10, stop: 1400 }]);
    // The process stops once the second entry's fill is journaled: the cancellation of the first exit never lands.
    w.broker.cancelExit = () => new Promise(() => undefined);
    const second = w.buy(5, 1420);
    await w.stack.idle();
    w.trade();
    await eventuallyStored(w.repo, second);
    expect((await w.repo.get(second))!.exitId).toBeUndefined();
    expect(await activeExits(w, w.broker)).toEqual([{ id: guarding, quantity: 10, stop: 1400 }]);
    const { stack, broker } = await restart(w, false);
    expect(held(stack)).toBe(15);
    const after = await activeExits(w, broker);
    expect(after).toHaveLength(1);
    expect(after[0]).toMatchObject({ quantity: 15, stop: 1420 });
    expect(after[0]!.id).not.toBe(guarding);
    await fallThrough(stack, w.clock);
    stack.close();
  });
});

/** Waits until the order's fill is in the store (the journal writes behind). */
async function eventuallyStored(repo: MemoryOrderRepository, id: ClientOrderId): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if ((await repo.get(id))?.status === 'FILLED') return;
    await new Promise((r) => setImmediate(r));
  }
  throw new Error(`${id} was not stored as filled`);
}
