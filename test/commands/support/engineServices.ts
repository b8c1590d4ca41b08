/**
 * The one services fixture of the tests: the services facade (createEngineServices) over the real engines — the
 * paper engine (paperServices.ts: the order pipeline over the simulated broker, kernel, instance manager) where
 * every order submitted through `submit` waits in a one-order approval, seeded daily bars (and the NIFTY 50 index)
 * for charts, backtests, optimisation and the risk report, and the operator groups on the in-memory ports of
 * src/core/ports and src/risk/alerts: settings and the next-start mode (MemorySettingsRepository), alerts (the
 * AlertCenter over MemoryAlertStore, capturing the engine's `alert` events), the risk report (riskService over
 * the paper broker). The Kite session is the outside system: without `session` the real session group says Kite
 * is not configured; kiteSession.ts builds the real KiteLoginPort against the fake Kite for it.
 */
import { BarSeries } from '../../../src/core/barSeries';
import { approvalId } from '../../../src/core/ids';
import type { OrderIntent } from '../../../src/core/order';
import { err, ok, unwrap } from '../../../src/core/result';
import type { RiskLimits as ConfigRiskLimits } from '../../../src/config/types';
import { NseCalendar } from '../../../src/calendar/nseCalendar';
import type { Clock } from '../../../src/core/clock';
import { MemorySettingsRepository } from '../../../src/core/ports/settingsRepository';
import { nseSectorMap } from '../../../src/portfolio/sectors/sectorMap';
import { AlertCenter } from '../../../src/risk/alerts/alertCenter';
import { MemoryAlertStore } from '../../../src/risk/alerts/alertStore';
import { deliveryHoldings } from '../../../src/risk/bookFigures';
import { DEFAULT_RISK_LIMITS } from '../../../src/risk/riskLimits';
import type { BrokerSessionPort } from '../../../src/services/engine/sessionService';
import { openSettingsService } from '../../../src/services/engine/settingsService';
import { currentLimitsView } from '../../../src/services/engine/tradingSettings';
import type { BarHistory } from '../../../src/services/engine/barHistory';
import { mulberry32 as prng } from '../../../src/data/synthetic/prng';
import { paperServices, type PaperParts, type PaperServices } from '../../support/brokers/paperServices';
import { ZerodhaEquityCostModel } from '../../../src/core/costs';
import type { SnapshotRepository } from '../../../src/portfolio/snapshots/snapshot';
import type { PortfolioBookOptions } from '../../../src/services/engine/portfolioGroups';

export { STRATEGIES_DIR } from '../../support/brokers/paperServices';
/** Wednesday 2025-01-08 11:00 IST: a trading day, market open. */
export const NOW = Date.parse('2025-01-08T05:30:00Z');
export const SYMBOLS = ['INFY', 'TCS', 'RELIANCE', 'HDFCBANK'];
/** The index the risk report's beta is measured against (history only: not a tradable symbol). */
export const INDEX = 'NIFTY 50';

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
    if (!SYMBOLS.includes(req.symbol) && req.symbol !== INDEX) return err(`There is no price history for ${req.symbol}; check the symbol.`);
    if (req.interval !== 'day') return err(`Only daily bars are loaded in this test; ask for day bars.`);
    return ok(dailyBars(req.symbol, req.from, req.to));
  },
};

export interface EngineFixture extends PaperServices {
  /** Submits an order that waits in its own approval (every order does here); returns the order id. */
  submit(over: Partial<OrderIntent>): Promise<string>;
  /** Where /settings and /mode store what they change. */
  readonly settingsRepo: MemorySettingsRepository;
  readonly alerts: AlertCenter;
}

export interface EngineFixtureOptions {
  /** The broker login behind /login, /logout and /mode live's session check, on the fixture's clock (kiteSession.ts: the real KiteLoginPort on the fake Kite). */
  readonly session?: (clock: Clock) => BrokerSessionPort;
  /** The snapshot store: with it, P&L and rebalancing (through the pipeline's batch approvals) are in the build. */
  readonly snapshots?: SnapshotRepository;
  /** The portfolio the snapshots are kept for (default `main`); tests sharing a store give each fixture its own. */
  readonly portfolioId?: string;
  /** The bars behind charts, backtests and the risk report (default: the seeded `history`); heldHistory.ts holds them for the research tests. */
  readonly history?: BarHistory;
}

export const costs = new ZerodhaEquityCostModel();

/** P&L and rebalancing over the paper engine's one book: its portfolio account's CNC holdings, the broker's cash. */
function portfolioBook(parts: PaperParts, snapshots: SnapshotRepository, portfolioId: string | undefined): PortfolioBookOptions {
  const { stack, broker } = parts;
  const holdings = { holdings: () => ({ held: deliveryHoldings(stack.book), cash: broker.cash }) };
  return {
    snapshots,
    costModel: costs,
    sectors: nseSectorMap(),
    rebalancing: { orders: stack.pipeline, approvals: stack.approvals, holdings },
    cashBuffer: 0.02,
    minTradeValue: 1000,
    universe: SYMBOLS,
    ...(portfolioId !== undefined ? { portfolioId } : {}),
  };
}

/**
 * The configured risk limits (percent) the settings start from (with approval policy `always`). The settings are
 * not bound to the pipeline here (the app's bindOperatorSettings does that): /settings is tested as a store.
 */
export const CONFIG_LIMITS: ConfigRiskLimits = { maxPositionPct: 10, maxSectorPct: 30, maxOrderValue: 100_000, maxOrdersPerDay: 100, maxOrdersPerMinute: 20, dailyLossLimitPct: 2, varLimitPct: 5 };

export async function engineFixture(o: EngineFixtureOptions = {}): Promise<EngineFixture> {
  const settingsRepo = new MemorySettingsRepository();
  let alerts: AlertCenter | undefined;
  const paper = await paperServices(NOW, SYMBOLS, {
    services: async (parts) => {
      const { clock, stack } = parts;
      alerts = new AlertCenter({ store: new MemoryAlertStore(), events: stack.events, clock });
      alerts.captureSystemAlerts();
      const settings = unwrap(await openSettingsService({ repo: settingsRepo, clock, mode: 'paper', approval: { policy: 'always', minValue: 0 }, limits: CONFIG_LIMITS, instanceIds: () => [] }));
      const session = o.session?.(clock);
      return {
        history: o.history ?? history,
        settings,
        alerts,
        modeSwitch: { repo: settingsRepo, live: { kiteCredentials: session !== undefined, encryptionKey: session !== undefined, session: () => session?.current().loggedIn ?? false } },
        risk: { limits: currentLimitsView(() => stack.risk.limits ?? DEFAULT_RISK_LIMITS), sectors: nseSectorMap(), marketOpen: () => new NseCalendar().isOpen(clock.now()) },
        ...(session ? { sessionPort: session } : {}),
        ...(o.snapshots ? { portfolioBook: portfolioBook(parts, o.snapshots, o.portfolioId) } : {}),
      };
    },
  });
  return {
    ...paper,
    settingsRepo,
    alerts: alerts!,
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
