/** Shared wiring for tests that need a real OMS over the paper broker, all in memory, on a given clock. */
import { PaperBroker } from '../../../src/brokers/paper/paperBroker';
import { MemoryPaperStateRepository } from '../../../src/brokers/paper/paperState';
import type { Clock } from '../../../src/core/clock';
import { ZerodhaEquityCostModel } from '../../../src/core/costs';
import { OrderManager, type OrderManagerOptions } from '../../../src/oms/orderManager';
import { MemoryOrderRepository } from '../../../src/oms/orderRepository';
import { OrderRateLimiter } from '../../../src/oms/rateLimiter';

export interface PaperOms {
  readonly broker: PaperBroker;
  readonly repo: MemoryOrderRepository;
  readonly oms: OrderManager;
  /** Tick and lot size of the tradable symbols (0.05 and 1). */
  readonly rules: (symbol: string) => { tickSize: number; lotSize: number } | undefined;
}

/** A paper broker with ₹10,00,000 and Zerodha costs, and an OMS over it with no practical rate limit. */
export async function paperOms(clock: Clock, symbols: readonly string[], over: Partial<OrderManagerOptions> = {}): Promise<PaperOms> {
  const rules = (s: string) => (symbols.includes(s) ? { tickSize: 0.05, lotSize: 1 } : undefined);
  const broker = await PaperBroker.open({
    clock,
    costs: new ZerodhaEquityCostModel(),
    instruments: (s) => (rules(s) ? { exchange: 'NSE', tickSize: 0.05, lotSize: 1 } : undefined),
    repository: new MemoryPaperStateRepository(),
    startingCash: 1_000_000,
  });
  const repo = new MemoryOrderRepository();
  const oms = new OrderManager({
    repo,
    broker,
    clock,
    limiter: new OrderRateLimiter({ clock, sleep: async () => undefined, windows: [{ limit: 1_000_000, windowMs: 1 }] }),
    rules,
    validation: { marketProtection: -1 },
    ...over,
  });
  return { broker, repo, oms, rules };
}

/** Lets queued OMS work and the fills it triggers run to completion. */
export async function settleOms(oms: Pick<OrderManager, 'idle'>): Promise<void> {
  for (let i = 0; i < 5; i++) {
    await oms.idle();
    await new Promise((r) => setImmediate(r));
  }
}
