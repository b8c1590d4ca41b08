/**
 * The paper trading engine of a process, for service and command tests: the simulated broker behind the order
 * pipeline stack (journal, risk engine, approvals), a kernel and an instance manager on the same position book,
 * and the services facade over them (createEngineServices), on a simulated clock.
 */
import { UnknownOrders } from '../../../src/oms/unknownOrders';
import { join } from 'node:path';
import type { SimulatedBroker } from '../../../src/brokers/paper/simulatedBroker';
import { NseCalendar } from '../../../src/calendar/nseCalendar';
import { SimulatedClock } from '../../../src/core/clock';
import type { ClientOrderId } from '../../../src/core/ids';
import type { Order } from '../../../src/core/order';
import { unwrap } from '../../../src/core/result';
import { InMemoryInstanceRepository } from '../../../src/core/ports/instanceRepository';
import { InstanceManager } from '../../../src/engine/instances';
import { Kernel } from '../../../src/engine/kernel';
import { discoverStrategies } from '../../../src/strategyLoader/discoverStrategies';
import { MemoryTradingStateStore } from '../../../src/core/ports/tradingStateStore';
import { squareOffNow } from '../../../src/oms/squareOff';
import { createEngineServices, type EngineServicesOptions } from '../../../src/services/engine/createServices';
import type { Services } from '../../../src/services/services';
import { listedUniverse } from '../../../src/services/symbols';
import { paperBroker, pipelineOn, type Stack, type StackOptions } from './pipelineStack';

export const STRATEGIES_DIR = join(__dirname, '..', '..', '..', 'strategies');

export interface PaperServices {
  readonly services: Services;
  readonly clock: SimulatedClock;
  readonly broker: SimulatedBroker;
  readonly stack: Stack;
  readonly kernel: Kernel;
  readonly manager: InstanceManager;
  /** Last prices of the mode's market (what the risk engine and the approval cards read). */
  readonly prices: Map<string, number>;
  /** The approval stage, the order store, and an order by id as the pipeline (or, for old ones, the store) has it. */
  readonly approvals: Stack['approvals'];
  readonly orders: Stack['repo'];
  readonly oms: { get(id: ClientOrderId): Promise<Order | undefined> };
  /** Sets the price of every symbol given and lets the paper broker fill what it can. */
  tick(prices: Readonly<Record<string, number>>, dt?: number): Promise<void>;
  settle(): Promise<void>;
}

/** The engine parts a caller's service options may be built on (the alert center needs the bus, settings the clock …). */
export interface PaperParts {
  readonly clock: SimulatedClock;
  readonly broker: SimulatedBroker;
  readonly stack: Stack;
}

export async function paperServices(
  now: number,
  symbols: readonly string[],
  o: { readonly stack?: StackOptions; readonly services?: Partial<EngineServicesOptions> | ((parts: PaperParts) => Promise<Partial<EngineServicesOptions>>) } = {},
): Promise<PaperServices> {
  const clock = new SimulatedClock(now);
  const registry = unwrap(discoverStrategies(STRATEGIES_DIR));
  const prices = new Map<string, number>();
  const broker = await paperBroker(clock, symbols);
  const stack = pipelineOn(broker, clock, { prices, rules: (s) => (symbols.includes(s) ? { tickSize: 0.05, lotSize: 1 } : undefined), portfolioCash: () => broker.cash, ...o.stack });
  const kernel = new Kernel({ interval: '1m', book: stack.book, orders: stack.pipeline, events: stack.events });
  const more = typeof o.services === 'function' ? await o.services({ clock, broker, stack }) : o.services;
  const manager = new InstanceManager({ kernel, book: stack.book, registry, repository: new InMemoryInstanceRepository(), clock, accountCapital: 1_000_000 });
  const services = createEngineServices({
    mode: 'paper',
    clock,
    calendar: new NseCalendar(),
    registry,
    tradingState: stack.risk,
    instances: manager,
    accountCapital: 1_000_000,
    orders: stack.pipeline,
    book: stack.book,
    universe: listedUniverse(() => symbols, 'a symbol of this test market'),
    orderRepository: stack.repo,
    broker,
    lotSize: (s) => (symbols.includes(s) ? 1 : undefined),
    lastPrice: (s) => prices.get(s),
    approvals: { desk: stack.approvals, repo: stack.approvalRepo },
    unknownOrders: new UnknownOrders({ broker, pipeline: stack.pipeline, clock }),
    killSwitch: { store: new MemoryTradingStateStore(), emit: (e) => stack.events.emit(e), cancelApprovals: (reason) => stack.approvals.cancelAll(reason), squareOff: () => squareOffNow(stack.book, stack.pipeline, clock.now()) },
    ...more,
  });
  const settle = () => stack.idle();
  return {
    services,
    clock,
    broker,
    stack,
    kernel,
    manager,
    prices,
    approvals: stack.approvals,
    orders: stack.repo,
    oms: { get: async (id) => stack.pipeline.get(id) ?? (await stack.repo.get(id)) },
    settle,
    async tick(p, dt = 1000) {
      clock.advance(dt);
      for (const [s, px] of Object.entries(p)) {
        prices.set(s, px);
        kernel.handleTick(s, px);
        broker.handleTick(s, px, clock.now());
      }
      await settle();
    },
  };
}
