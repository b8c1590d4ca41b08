/**
 * Services over real engine modules for command tests: the paper engine (paperServices.ts: the order pipeline
 * over the simulated broker, kernel, instance manager, services facade) where every order submitted through
 * `submit` waits in a one-order approval, and seeded daily bars for charts and optimisation.
 */
import { BarSeries } from '../../../src/core/barSeries';
import { approvalId } from '../../../src/core/ids';
import type { OrderIntent } from '../../../src/core/order';
import { err, ok } from '../../../src/core/result';
import type { BarHistory } from '../../../src/services/engine/barHistory';
import { mulberry32 as prng } from '../../../src/data/synthetic/prng';
import { paperServices, type PaperServices } from '../../support/brokers/paperServices';

export { STRATEGIES_DIR } from '../../support/brokers/paperServices';
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

export interface EngineFixture extends PaperServices {
  /** Submits an order that waits in its own approval (every order does here); returns the order id. */
  submit(over: Partial<OrderIntent>): Promise<string>;
}

export async function engineFixture(): Promise<EngineFixture> {
  const paper = await paperServices(NOW, SYMBOLS, { services: { history } });
  return {
    ...paper,
    async submit(over) {
      const intent = {
        symbol: 'INFY',
        side: 'BUY' as const,
        quantity: 10,
        orderType: 'LIMIT' as const,
        price: 1500,
        product: 'CNC' as const,
        validity: 'DAY' as const,
        source: { kind: 'job' as const, job: 'test' },
        reason: 'test order',
        time: paper.clock.now(),
        ...over,
      };
      const r = paper.stack.pipeline.submit(intent, { approval: 'always', signalPrice: intent.price ?? 1500 });
      if (!r.ok) throw new Error(r.error.message);
      await paper.stack.approvals.get(approvalId(r.value.intent.clientOrderId));
      return r.value.intent.clientOrderId;
    },
  };
}
