/**
 * Services over real engine modules for command tests: strategy registry (the strategies/ folder),
 * kernel + instance manager (in-memory repository), OMS over the paper broker (in-memory order
 * repository) with the approval service in front (every order submitted here waits in a one-order
 * approval), NSE calendar, and seeded daily bars for charts and optimisation.
 */
import { join } from 'node:path';
import { PaperBroker } from '../../../src/brokers/paper/paperBroker';
import { SimulatedFills } from '../../../src/brokers/paper/simulatedFills';
import { NseCalendar } from '../../../src/calendar/nseCalendar';
import { BarSeries } from '../../../src/core/barSeries';
import { SimulatedClock } from '../../../src/core/clock';
import { ZerodhaEquityCostModel } from '../../../src/core/costs';
import { approvalId, clientOrderId } from '../../../src/core/ids';
import type { OrderIntent } from '../../../src/core/order';
import { err, ok, unwrap } from '../../../src/core/result';
import { InMemoryInstanceRepository } from '../../../src/engine/instanceRepository';
import { InstanceManager } from '../../../src/engine/instances';
import { Kernel } from '../../../src/engine/kernel';
import { StrategyRegistry } from '../../../src/engine/strategyRegistry';
import { MemoryApprovalRepository } from '../../../src/oms/approvalRepository';
import { ApprovalService } from '../../../src/oms/approvalService';
import { OrderManager } from '../../../src/oms/orderManager';
import { createEngineServices } from '../../../src/services/engine/createServices';
import type { BarHistory } from '../../../src/services/engine/barHistory';
import type { Services } from '../../../src/services/services';
import { mulberry32 as prng } from '../../../src/data/synthetic/prng';
import { paperOms, settleOms } from '../../support/brokers/paperOms';

export const STRATEGIES_DIR = join(__dirname, '..', '..', '..', 'strategies');
/** Wednesday 2025-01-08 11:00 IST: a trading day, market open. */
export const NOW = Date.parse('2025-01-08T05:30:00Z');
export const SYMBOLS = ['INFY', 'TCS', 'RELIANCE', 'HDFCBANK'];

/** Daily bars (one per calendar day, 09:15 IST) of a seeded random walk ending before `NOW`. */
export function dailyBars(symbol: string, from: number, to: number): BarSeries {
  const seed = [...symbol].reduce((h, c) => (h * 31 + c.charCodeAt(0)) >>> 0, 7);
  const r = prng(seed);
  const first = Date.parse('2023-01-01T03:45:00Z');
  const s = new BarSeries(symbol, 'day', 1024);
  let p = 1000 + (seed % 2000);
  for (let t = first; t < NOW; t += 86_400_000) {
    const o = p;
    p = Math.max(1, p * (1 + (r() - 0.5) * 0.04));
    if (t >= from && t < to) s.push(t, o, Math.max(o, p) * 1.005, Math.min(o, p) * 0.995, p, 1000 + Math.floor(r() * 1000), NaN);
  }
  return s;
}

export const history: BarHistory = {
  synthetic: true,
  async bars(req) {
    if (!SYMBOLS.includes(req.symbol)) return err(`There is no price history for ${req.symbol}; check the symbol.`);
    if (req.interval !== 'day') return err(`Only daily bars are loaded in this test; ask for day bars.`);
    return ok(dailyBars(req.symbol, req.from, req.to));
  },
};

export interface EngineFixture {
  readonly services: Services;
  readonly clock: SimulatedClock;
  readonly broker: PaperBroker;
  readonly oms: OrderManager;
  readonly approvals: ApprovalService;
  /** Last prices the approval service re-checks against (empty: no re-check). */
  readonly prices: Map<string, number>;
  readonly kernel: Kernel;
  readonly manager: InstanceManager;
  /** Submits an order that waits in its own approval (every order does here); returns the order id. */
  submit(over: Partial<OrderIntent>): Promise<string>;
  settle(): Promise<void>;
}

let seq = 0;
export async function engineFixture(): Promise<EngineFixture> {
  const clock = new SimulatedClock(NOW);
  const registry = unwrap(StrategyRegistry.discover(STRATEGIES_DIR));
  const kernel = new Kernel({ interval: '1m', venue: new SimulatedFills(), sizeAt: 'decision' });
  const manager = new InstanceManager({ kernel, registry, repository: new InMemoryInstanceRepository(), clock, accountCapital: 1_000_000 });
  const { broker, repo, oms, rules } = await paperOms(clock, SYMBOLS, { needsApproval: () => true });
  const costs = new ZerodhaEquityCostModel();
  const approvalRepo = new MemoryApprovalRepository();
  const prices = new Map<string, number>();
  let approvalSeq = 0;
  const approvals = new ApprovalService({
    repo: approvalRepo,
    orders: oms,
    clock,
    facts: { costs, exchange: () => 'NSE', margin: (i, price) => (i.side === 'BUY' ? i.quantity * price : 0), varChange: () => 0 },
    lastPrice: (s) => prices.get(s),
    tickSize: () => 0.05,
    lotSize: (s) => rules(s)?.lotSize ?? 1,
    newId: () => approvalId(`ap${++approvalSeq}`),
  });
  const services = createEngineServices({
    mode: 'paper',
    clock,
    calendar: new NseCalendar(),
    registry,
    kernel,
    instances: manager,
    accountCapital: 1_000_000,
    oms,
    orderRepository: repo,
    broker,
    lotSize: (s) => rules(s)?.lotSize,
    history,
    approvals: { desk: approvals, repo: approvalRepo },
  });
  const settle = () => settleOms(oms);
  return {
    services,
    clock,
    broker,
    oms,
    approvals,
    prices,
    kernel,
    manager,
    settle,
    async submit(over) {
      const intent: OrderIntent = {
        clientOrderId: clientOrderId(`t${++seq}`),
        symbol: 'INFY',
        side: 'BUY',
        quantity: 10,
        orderType: 'LIMIT',
        price: 1500,
        product: 'CNC',
        validity: 'DAY',
        source: { kind: 'job', job: 'test' },
        reason: 'test order',
        time: clock.now(),
        ...over,
      };
      const r = await approvals.request([{ intent, sizingReason: intent.reason, signalPrice: intent.price ?? 1500 }]);
      if (!r.ok || !r.value.approval) throw new Error(r.ok ? r.value.message : r.error);
      return intent.clientOrderId;
    },
  };
}
