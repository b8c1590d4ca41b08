/**
 * The paper trading engine of one process: paper broker (its account restored from MongoDB) → OMS (recovered and
 * reconciled at start) → approval service with its event stream → kernel with the risk gate, fed through the
 * OMS venue → instance manager (running instances restored) → trading state (restored). MODE=live passes Kite as
 * the OMS's broker, and the gate's equity is Kite's equity margin (`net`; liveEquity.ts: cached, never read on the
 * order path; unknown until the first good read, when the gate refuses with the reason) plus the strategies' shares
 * at their marks (the net no longer holds what they cost). The operator settings are bound
 * once open (`bindSettings`, tradingSettings.ts); until then the config's approval policy and limits apply.
 */
import { randomBytes } from 'node:crypto';
import { PaperBroker } from '../brokers/paper/paperBroker';
import type { NseCalendar } from '../calendar/nseCalendar';
import type { Config } from '../config/types';
import type { BrokerError } from '../core/broker';
import type { Clock } from '../core/clock';
import { ZerodhaEquityCostModel } from '../core/costs';
import { DomainEvents } from '../core/events';
import type { Fill } from '../core/fill';
import { approvalId, type StrategyInstanceId } from '../core/ids';
import type { OrderIntent } from '../core/order';
import { InstanceManager } from '../engine/instances';
import { Kernel } from '../engine/kernel';
import { RiskGateAdapter, riskLimitsFromPercent } from '../engine/riskGateAdapter';
import type { StrategyRegistry } from '../engine/strategyRegistry';
import type { Logger } from '../log/logger';
import { ApprovalService } from '../oms/approvalService';
import { ClientOrderIdFactory } from '../oms/clientOrderIds';
import type { OrderBookBroker } from '../oms/brokerOrders';
import { OrderManager } from '../oms/orderManager';
import { OrderRateLimiter } from '../oms/rateLimiter';
import type { Result } from '../core/result';
import { restoreTradingState } from '../services/engine/tradingService';
import type { OperatorSettings } from '../services/engine/settingsService';
import { ObservedApprovals } from './approvalEvents';
import { approvalPredicate } from './approvalPolicy';
import type { MarketClock } from './marketFeed';
import { OmsOrderVenue } from './orderVenue';
import { LiveEquity, withHeldShares } from './liveEquity';
import { bookRestoredFill } from './restoredFills';
import { settleWithin } from './shutdown';
import type { Repositories } from './storeWiring';
import { bindOperatorSettings, omsOrderWindows } from './tradingSettings';

export const PAPER_STARTING_CASH = 1_000_000;
/** Every NSE equity we trade on paper: ₹0.05 ticks, lots of one share. */
const NSE_EQUITY = { exchange: 'NSE' as const, tickSize: 0.05, lotSize: 1 };
const SYMBOL = /^[A-Z0-9&_-]{1,32}$/;
/** How long `drain()` waits for order calls still in flight before saving state anyway. */
const DRAIN_BOUND_MS = 2_000;

export interface TradingOptions {
  readonly config: Config;
  readonly logger: Logger;
  readonly repos: Repositories;
  readonly registry: StrategyRegistry;
  readonly calendar: NseCalendar;
  /** Wall time (orders, approvals, instances). */
  readonly clock: Clock;
  /** Market time (paper fills): the latest tick's time. */
  readonly marketClock: MarketClock;
  readonly lastPrice: (symbol: string) => number | undefined;
  /** Restore running instances (a worker does not run strategies). */
  readonly restore: boolean;
  /** Approval lifetime (default: the approval service's 2 minutes). */
  readonly approvalTtlMs?: number;
  /** MODE=live: the OMS trades through this broker (Kite) instead of the paper broker (src/app/liveWiring.ts). */
  readonly orderBroker?: OrderBookBroker;
  /** MODE=live: reads Kite's equity margin (KiteBroker.equity); the risk gate uses it instead of the paper account. */
  readonly liveEquity?: () => Promise<Result<number, BrokerError>>;
  /** Time between reads of the live equity (default 60 s). */
  readonly liveEquityRefreshMs?: number;
}

export interface TradingEngine {
  readonly broker: PaperBroker;
  readonly oms: OrderManager;
  /** The OMS's order events (fills, rejections, alerts) — the notification bridge listens here. */
  readonly omsEvents: DomainEvents;
  readonly approvals: ObservedApprovals;
  readonly venue: OmsOrderVenue;
  readonly kernel: Kernel;
  readonly risk: RiskGateAdapter;
  readonly instances: InstanceManager;
  readonly accountCapital: number;
  /**
   * The account's equity as the risk gate sees it: paper, each instance's book plus the capital no instance has
   * been given; live, Kite's equity margin (`net`, NaN until first read) plus the strategies' shares at their marks.
   */
  equity(): number;
  /** MODE=live: Kite's equity margin, cached and refreshed. */
  readonly liveEquity: LiveEquity | undefined;
  /** Applies the operator settings now and on each change (approval policy per order, risk and OMS limits); returns the unbinding. */
  bindSettings(settings: OperatorSettings): () => void;
  readonly costs: ZerodhaEquityCostModel;
  rules(symbol: string): { readonly tickSize: number; readonly lotSize: number } | undefined;
  /** Lines for the banner: what was restored and reconciled. */
  readonly report: readonly string[];
  /** Lets in-flight order calls finish and saves instances and the paper account. */
  drain(): Promise<void>;
  close(): void;
}

export async function startTrading(o: TradingOptions): Promise<TradingEngine> {
  const { config, repos, clock, logger } = o;
  const log = logger.child({ component: 'trading' });
  const rules = (symbol: string) => (SYMBOL.test(symbol) ? NSE_EQUITY : undefined);
  const costs = new ZerodhaEquityCostModel();
  const broker = await PaperBroker.open({ clock: o.marketClock, costs, instruments: rules, repository: repos.paperState, startingCash: PAPER_STARTING_CASH });

  const omsEvents = new DomainEvents();
  const limiter = new OrderRateLimiter({ clock, windows: omsOrderWindows(config.risk) });
  const oms = new OrderManager({
    repo: repos.orders,
    broker: o.orderBroker ?? broker,
    clock,
    limiter,
    rules,
    validation: { marketProtection: -1 },
    onEvent: (e) => omsEvents.emit(e),
  });

  const limits = riskLimitsFromPercent(config.risk);
  if (!limits.ok) throw new Error(`risk limits from a validated config were refused: ${limits.error}`);
  // The account's equity: each instance's book plus the capital no instance has been given.
  const accountEquity = (): number => {
    let equity = PAPER_STARTING_CASH;
    for (const rt of kernel.allInstances()) equity += rt.ledger.equity() - rt.spec.capital;
    return equity;
  };
  const liveEquity = o.liveEquity ? new LiveEquity({ read: o.liveEquity, clock, ...(o.liveEquityRefreshMs !== undefined ? { refreshMs: o.liveEquityRefreshMs } : {}), warn: (m, reason) => log.warn({ reason }, m) }) : undefined;
  const gateEquity = liveEquity ? (): number => withHeldShares(liveEquity.value() ?? Number.NaN, kernel.allInstances()) : accountEquity;
  const risk = new RiskGateAdapter({ limits: limits.value, equity: gateEquity, ...(liveEquity ? { equityUnavailable: () => liveEquity.unavailableReason() } : {}) });
  const kernelEvents = new DomainEvents();
  const facts = {
    costs,
    exchange: () => 'NSE' as const,
    margin: (intent: OrderIntent, price: number) => (intent.side === 'BUY' || intent.product === 'MIS' ? Math.round(intent.quantity * price * 100) / 100 : 0),
    varChange: (intent: OrderIntent, price: number): number => {
      // The gate's per-rupee VaR of the symbol (0 when it has too few returns: the gate then refuses entries anyway).
      const perRupee: number | undefined = risk.snapshot(clock.now(), kernel.tradingState, intent.symbol).var?.perRupee.get(intent.symbol);
      return perRupee === undefined ? 0 : Math.round((intent.side === 'BUY' ? 1 : -1) * intent.quantity * price * perRupee * 100) / 100;
    },
  };
  const service = new ApprovalService({
    repo: repos.approvals,
    orders: oms,
    clock,
    facts,
    lastPrice: o.lastPrice,
    tickSize: (s) => rules(s)?.tickSize ?? 0.05,
    lotSize: (s) => rules(s)?.lotSize ?? 1,
    newId: () => approvalId(randomBytes(5).toString('hex')),
    ...(o.approvalTtlMs !== undefined ? { ttlMs: o.approvalTtlMs } : {}),
    onEvent: (e) => omsEvents.emit(e),
  });
  const approvals = new ObservedApprovals(service, repos.approvals, (e) => log.error({ err: e }, 'an approval listener failed'));
  const venue = new OmsOrderVenue({
    oms,
    approvals,
    needsApproval: approvalPredicate(config.approval, o.lastPrice),
    lastPrice: o.lastPrice,
    clock,
    ids: new ClientOrderIdFactory({ prefix: 'pp', clock }),
    onError: (e, intent) => log.error({ err: e, order: intent.clientOrderId }, 'an order could not be stored'),
    onRestoredFill: (id, fill) => (restoring.manager ? bookRestored(restoring.manager, id, fill) : restoring.early.push([id, fill])),
  });
  // Fills reconciled before the instances are back (orders filled while the process was down) wait for them.
  const restoring: { manager: InstanceManager | undefined; readonly early: [StrategyInstanceId, Fill][] } = { manager: undefined, early: [] };
  const bookRestored = (manager: InstanceManager, id: StrategyInstanceId, fill: Fill): void => {
    const booked = bookRestoredFill(kernel, id, fill);
    if (!booked.ok) return kernel.events.emit({ type: 'alert', level: 'warning', message: booked.error, time: fill.time, instanceId: id });
    manager.persist().catch((e: unknown) => log.error({ err: e, instance: id }, 'an instance could not be saved after a fill'));
  };
  omsEvents.onAny((e) => venue.handleOmsEvent(e));
  if (liveEquity) {
    // A delivery purchase is counted in the shares at once; its payment until Kite's next figure (liveEquity.ts).
    omsEvents.on('order-filled', (e) => {
      const f = e.fill;
      const cash = (f.side === 'BUY' ? -1 : 1) * f.quantity * f.price - (f.charges ?? 0);
      void oms.get(f.clientOrderId).then(
        (order) => liveEquity.onFill(order?.intent.product === 'MIS' ? 0 : cash),
        () => liveEquity.onFill(cash),
      );
    });
    liveEquity.start();
  }
  const kernel: Kernel = new Kernel({ interval: '1m', venue, events: kernelEvents, risk, sizeAt: 'decision' });
  risk.attach(kernel);

  const report: string[] = [];
  const recovered = await oms.recover();
  if (recovered.ok) report.push(`Orders: reconciled with the ${o.orderBroker ? o.orderBroker.name : 'paper'} book (${recovered.value.alerts.length} alert(s))`);
  else report.push(`Orders: reconciliation failed (${recovered.error.message})`);
  // Decisions stored just before a stop whose orders were never released (or dropped) are applied now, once.
  const repaired = await service.recover();
  if (repaired.released.length + repaired.dropped + repaired.refused.length > 0) {
    report.push(`Approvals: ${repaired.released.length} approved order(s) released, ${repaired.dropped} closed, ${repaired.refused.length} refused after a stop between a decision and its orders`);
  }
  const state = await restoreTradingState(kernel, repos.tradingState);
  report.push(`Trading state: ${state}`);
  const instances = new InstanceManager({ kernel, registry: o.registry, repository: repos.instances, clock, accountCapital: PAPER_STARTING_CASH });
  const restored = o.restore ? await instances.restore() : { restored: [], failed: [] };
  restoring.manager = instances;
  for (const [id, fill] of restoring.early.splice(0)) bookRestored(instances, id, fill);
  if (o.restore) report.push(`Strategies: ${restored.restored.length} instance(s) restored${restored.failed.length > 0 ? `, ${restored.failed.length} could not be (${restored.failed.map((f) => `${f.id}: ${f.message}`).join('; ')})` : ''}`);
  const pending = await repos.approvals.withStatus('PENDING');
  if (pending.length > 0) report.push(`Approvals: ${pending.length} pending`);

  return {
    broker,
    oms,
    omsEvents,
    approvals,
    venue,
    kernel,
    risk,
    instances,
    accountCapital: PAPER_STARTING_CASH,
    equity: gateEquity,
    liveEquity,
    bindSettings: (settings) =>
      bindOperatorSettings(settings, { mode: config.mode === 'live' ? 'live' : 'paper', venue, risk, limiter, lastPrice: o.lastPrice, warn: (m, reason) => log.warn({ reason }, m) }),
    costs,
    rules,
    report,
    async drain() {
      // Bounded: `startApp` has already waited for order calls; one still hanging is reconciled at the next start.
      await settleWithin(async () => {
        await venue.settled();
        await oms.idle();
      }, DRAIN_BOUND_MS);
      await instances.flush();
      await instances.persist();
      await broker.flush();
      await liveEquity?.stop();
    },
    close() {
      void liveEquity?.stop();
      venue.close();
      oms.close();
    },
  };
}
