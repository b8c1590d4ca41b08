/**
 * The restart scenario, shared by the in-memory and the MongoDB repository tests: instances run on
 * a streaming kernel (as in paper/live) over the order pipeline with a journal and the simulated
 * broker with its saved account, the process "dies" after a persist, a new stack and manager restore
 * from the same repositories — the book rebuilt from the journal's fills — load the history, and
 * carry on. The result must be the same as a run that never stopped.
 */
import { join } from 'node:path';
import { MemoryPaperStateRepository } from '../../../src/brokers/paper/paperState';
import { SimulatedBroker } from '../../../src/brokers/paper/simulatedBroker';
import { SimulatedExecution } from '../../../src/brokers/paper/simulatedExecution';
import type { BarSeries } from '../../../src/core/barSeries';
import { SimulatedClock } from '../../../src/core/clock';
import { ZERO_CHARGES } from '../../../src/core/costs/types';
import { DomainEvents } from '../../../src/core/events';
import { replayFills } from '../../../src/oms/bookReplay';
import { RepositoryJournal } from '../../../src/oms/orderJournal';
import { SequentialOrderIds } from '../../../src/oms/orderIds';
import { OrderPipeline } from '../../../src/oms/orderPipeline';
import { MemoryOrderRepository } from '../../../src/core/ports/orderRepository';
import { PositionBook } from '../../../src/oms/positionBook';
import { RiskEngine } from '../../../src/risk/riskEngine';
import { InMemoryInstanceRepository, type InstanceRepository } from '../../../src/core/ports/instanceRepository';
import { InstanceManager, type StartRequest } from '../../../src/engine/instances';
import { strategyInstanceId } from '../../../src/core/ids';
import { Kernel } from '../../../src/engine/kernel';
import { discoverStrategies } from '../../../src/strategyLoader/discoverStrategies';
import { unwrap } from '../../../src/core/result';
import { randomWalk } from './randomWalk';
import { record, type Recording } from './recorder';

export const STRATEGIES_DIR = join(__dirname, '..', '..', '..', 'strategies');

export const REQUESTS: StartRequest[] = [
  { id: 'sma-a', strategy: 'sma-cross', params: { fast: '5', slow: '20' }, symbols: ['AAA'], capitalShare: 0.2 },
  { id: 'sma-b', strategy: 'sma-cross', params: { fast: 8, slow: 30 }, symbols: ['BBB'], capitalShare: 0.2 },
  { id: 'mr-a', strategy: 'mean-reversion', params: { entryZ: 1.5, oversold: 45 }, symbols: ['AAA'], capitalShare: 0.2 },
  { id: 'mom', strategy: 'momentum', params: { rocPeriod: 15, trendPeriod: 30 }, symbols: ['AAA', 'BBB', 'CCC'], capitalShare: 0.2 },
  { id: 'paused-one', strategy: 'sma-cross', params: {}, symbols: ['CCC'], capitalShare: 0.1 },
];

export const BARS: BarSeries[] = ['AAA', 'BBB', 'CCC'].map((s, k) => randomWalk(s, 375 * 4, 300 + k, '1m', 100 + 50 * k, 0.05));

export interface Session {
  kernel: Kernel;
  manager: InstanceManager;
  rec: Recording;
  clock: SimulatedClock;
  book: PositionBook;
  journal: RepositoryJournal;
  broker: SimulatedBroker;
}

/** What survives a process: the instances, the orders with their fills, the broker's account. */
export interface Stores {
  readonly instances: InstanceRepository;
  readonly orders: MemoryOrderRepository;
  readonly paper: MemoryPaperStateRepository;
}

export const stores = (instances: InstanceRepository): Stores => ({ instances, orders: new MemoryOrderRepository(), paper: new MemoryPaperStateRepository() });

export async function session(s: Stores, idPrefix = 'a'): Promise<Session> {
  const registry = unwrap(discoverStrategies(STRATEGIES_DIR));
  const clock = new SimulatedClock(BARS[0]!.time[0]!);
  const book = new PositionBook();
  const events = new DomainEvents();
  const broker = await SimulatedBroker.open({ clock, charges: { charge: () => ZERO_CHARGES }, instruments: () => ({ exchange: 'NSE', tickSize: 0.05, lotSize: 1 }), repository: s.paper, startingCash: 2_000_000, checkFunds: false, acknowledge: false });
  const risk = new RiskEngine({ book, market: { price: (x) => (book.mark(x) > 0 ? book.mark(x) : undefined), equity: () => 0 }, squareOffTime: () => undefined });
  const execution = new SimulatedExecution(broker);
  const journal = new RepositoryJournal(s.orders);
  const pipeline = new OrderPipeline({ book, risk, execution, ids: new SequentialOrderIds(idPrefix), clock, events, rules: () => ({ tickSize: 0.05, lotSize: 1 }), journal });
  execution.connect(pipeline);
  const kernel = new Kernel({ interval: '1m', book, orders: pipeline, events, venue: broker });
  broker.watchActivity(kernel);
  const manager = new InstanceManager({ kernel, book, registry, repository: s.instances, clock, accountCapital: 2_000_000 });
  return { kernel, manager, rec: record(kernel.events), clock, book, journal, broker };
}

/** Feeds bars [from, to) of every symbol, one step per minute. */
export function feed(s: Session, from: number, to: number): void {
  for (let i = from; i < to; i++) {
    s.clock.set(BARS[0]!.time[i]!);
    for (const b of BARS) s.kernel.handleBar(b.symbol, b.bar(i));
    s.kernel.endStep();
  }
}

/** True when no instance has a working order or a signal waiting (a clean point to stop). */
export function quiet(s: Session): boolean {
  return s.kernel.allInstances().every((rt) => rt.ledger.working.every((w) => w === 0) && rt.pending.every((p) => p === undefined));
}

export async function startAll(s: Session): Promise<void> {
  for (const r of REQUESTS) {
    const res = await s.manager.start(r);
    if (!res.ok) throw new Error(res.error);
  }
  unwrap(await s.manager.pause(REQUESTS[4]!.id as never));
}

/** Runs the scenario against a repository; jest `expect`s inside. */
export async function restartMatchesUninterrupted(makeRepo: () => InstanceRepository): Promise<void> {
  const n = BARS[0]!.length;
  // The run that never stops.
  const u = await session(stores(new InMemoryInstanceRepository()));
  await startAll(u);
  feed(u, 0, n);

  // The run that stops at a quiet bar after 40% and restarts from the repositories.
  const repo = makeRepo();
  const saved = stores(repo);
  const a = await session(saved);
  await startAll(a);
  let cut = Math.floor(n * 0.4);
  feed(a, 0, cut);
  while (!quiet(a)) feed(a, cut, ++cut);
  await a.manager.persist();
  await a.journal.idle();
  await a.broker.flush();

  const b = await session(saved, 'b');
  for (const bars of BARS) b.kernel.loadHistory(bars.symbol, bars.toBars().slice(0, cut));
  const { restored, failed } = await b.manager.restore();
  expect(replayFills(b.book, await saved.orders.transitions({ fills: true })).misplaced).toEqual([]);
  expect(failed).toEqual([]);
  expect([...restored].sort()).toEqual(REQUESTS.map((r) => r.id).sort());
  expect(b.kernel.instance(strategyInstanceId('paused-one'))!.status).toBe('paused');
  feed(b, cut, n);

  // Same decisions after the cut, same books at the end.
  const after = (lines: string[]) => lines.filter((l) => Number(JSON.parse(l).time) > BARS[0]!.time[cut - 1]!);
  expect(after(u.rec.signals).length).toBeGreaterThan(10);
  expect(b.rec.signals).toEqual(after(u.rec.signals));
  for (const r of REQUESTS) {
    const x = u.kernel.instance(strategyInstanceId(r.id!))!;
    const y = b.kernel.instance(strategyInstanceId(r.id!))!;
    expect(y.status).toBe(x.status);
    expect(y.ledger.cash).toBeCloseTo(x.ledger.cash, 6);
    expect(Array.from(y.ledger.position)).toEqual(Array.from(x.ledger.position));
    expect(y.ctx.state).toEqual(x.ctx.state);
  }
  await b.manager.persist();
  const stored = await repo.list();
  expect(stored.map((s) => s.id).sort()).toEqual(REQUESTS.map((r) => r.id).sort());
  expect(stored.find((s) => s.id === 'sma-a')!.performance!.fills).toBeGreaterThan(0);
}

