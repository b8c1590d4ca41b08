/**
 * The trading engine of one process, wired in the one order pipeline's shape:
 *
 *   kernel (strategies) ─┐
 *   services (rebalance, manual orders, square-off) ─┴→ OrderPipeline → RiskEngine → approvals (policy)
 *        → journal (MongoDB, write-ahead) → BrokerExecution → broker (paper: SimulatedBroker; live: Kite)
 *        → fills → PositionBook (one book) → events (one bus) → notifications, cards, metrics
 *
 * At start, in order: the instances come back (their accounts open), the book is rebuilt from the journal's fills,
 * open orders are restored and reconciled with the broker (fills made while down reach the book; lost ones are
 * declared), decisions taken just before a stop are applied, and the saved trading state is put back.
 * Prices come from the mode's own market (`lastPrice`: the demo market or the Kite ticker), never from the demo
 * history in live; the gate's equity is, in paper, the book at its marks plus unallocated cash, in live Kite's
 * equity margin plus the book's shares (liveEquity.ts).
 */
import { SimulatedBroker } from '../brokers/paper/simulatedBroker';
import type { NseCalendar } from '../calendar/nseCalendar';
import type { BarHistory } from '../services/engine/barHistory';
import type { BotMode, WiringConfig } from '../config/types';
import type { BrokerError } from '../core/broker';
import type { Clock } from '../core/clock';
import { ZerodhaEquityCostModel } from '../core/costs';
import { SessionChargeBook } from '../core/costs/chargeBook';
import { DomainEvents } from '../core/events';
import { approvalId } from '../core/ids';
import { sideSign, type OrderIntent } from '../core/order';
import type { Result } from '../core/result';
import { InstanceManager } from '../engine/instances';
import { Kernel } from '../engine/kernel';
import { KernelMarket } from '../engine/kernelMarket';
import type { StrategyRegistry } from '../engine/strategyRegistry';
import type { Logger } from '../log/logger';
import { ApprovalService } from '../oms/approvalService';
import type { OrderBookBroker } from '../oms/brokerOrders';
import { BrokerExecution } from '../oms/brokerExecution';
import { replayFills } from '../oms/bookReplay';
import { RepositoryJournal } from '../oms/orderJournal';
import { LiveOrderIds, MINTED_ID_PATTERN } from '../oms/orderIds';
import { OrderPipeline } from '../oms/orderPipeline';
import { OrderReconciler } from '../oms/orderReconciler';
import { UnknownOrders } from '../oms/unknownOrders';
import { PositionBook } from '../oms/positionBook';
import { OrderRateLimiter } from '../oms/rateLimiter';
import { riskLimitsFromPercent } from '../risk/riskLimits';
import { cashBufferBps } from '../risk/cashBuffer';
import { RiskCounterJournal } from '../risk/riskCounters';
import { RiskEngine } from '../risk/riskEngine';
import { deliveryHoldings, instanceCash, orderMargin, orderVarChange, paperEquity, unallocatedCash } from '../risk/bookFigures';
import { nseSectorMap } from '../portfolio/sectors/sectorMap';
import type { OperatorSettings } from '../services/engine/settingsService';
import { restoreTradingState } from '../services/engine/tradingService';
import { approvalPredicate } from '../oms/approvalPolicy';
import type { MarketClock } from '../data/market/marketFeed';
import { DailyVolatility } from '../risk/dailyVolatility';
import { QuotedPrices, type QuotedPricesOptions } from '../data/quotedPrices';
import { LiveEquity, withHeldShares, type EquityFigures } from '../brokers/kite/liveEquity';
import { settleWithin } from '../core/shutdownStack';
import type { Repositories } from './storeWiring';
import { bindOperatorSettings, omsOrderWindows } from '../services/engine/tradingSettings';

export const PAPER_STARTING_CASH = 1_000_000;
/** Every NSE equity we trade on paper: ₹0.05 ticks, lots of one share. */
const NSE_EQUITY = { exchange: 'NSE' as const, tickSize: 0.05, lotSize: 1 };
const SYMBOL = /^[A-Z0-9&_-]{1,32}$/;
/** A batch approval's id: `b` and an order id from the mint. */
const BATCH_ID_PATTERN = /^b[2-9a-hjkmnp-z]{8}$/;

/** How long `drain()` waits for order calls still in flight before saving state anyway. */
const DRAIN_BOUND_MS = 2_000;

export interface TradingOptions {
  readonly config: WiringConfig;
  /** The mode of this start: the operator settings' approval policy of this mode applies (bindSettings). */
  readonly mode: BotMode;
  readonly logger: Logger;
  readonly repos: Repositories;
  readonly registry: StrategyRegistry;
  readonly calendar: NseCalendar;
  /** Wall time (orders, approvals, instances). */
  readonly clock: Clock;
  /** Market time (paper fills): the latest tick's time. */
  readonly marketClock: MarketClock;
  /** The last price of a symbol in the mode's own market (the replay or the Kite ticker). */
  readonly lastPrice: (symbol: string) => number | undefined;
  /**
   * The process that trades: restore its running instances and reconcile orders with the broker. A worker does
   * neither (it runs no strategy and places no order); its book is still rebuilt from the fills, for reports.
   */
  readonly restore: boolean;
  /** Approval lifetime (default: the approval service's 2 minutes). */
  readonly approvalTtlMs?: number;
  /** MODE=live: orders go to this broker (Kite) instead of the paper broker (src/app/liveWiring.ts). */
  readonly orderBroker?: OrderBookBroker;
  /** MODE=live: reads Kite's equity margins (KiteBroker.equityMargins: net, opening balance); the risk engine uses them instead of the paper account. */
  readonly liveEquity?: () => Promise<Result<EquityFigures, BrokerError>>;
  /** Time between reads of the live equity (default 60 s). */
  readonly liveEquityRefreshMs?: number;
  /**
   * The mode's bar history (Kite in live, the generated market in paper): the daily volatility of symbols no
   * strategy streams, for the VaR limit (dailyVolatility.ts). Without it such symbols have no estimate.
   */
  readonly history?: BarHistory;
  /** MODE=live: Kite's LTP quote, for symbols the ticker has not priced (quotedPrices.ts). */
  readonly quote?: QuotedPricesOptions['quote'];
  /** How long a SUBMITTED order may be missing from the broker's book before it is declared lost (default 60 s). */
  readonly orderLostAfterMs?: number;
}

export interface TradingEngine {
  /** The paper broker (paper mode's broker; in live, kept for the paper account's views). */
  readonly broker: SimulatedBroker;
  /** The broker orders go to (the paper broker, or Kite). */
  readonly orderBroker: OrderBookBroker;
  readonly pipeline: OrderPipeline;
  /** The one event bus: order events, fills, denials, alerts, bars, signals, instance changes. */
  readonly events: DomainEvents;
  readonly book: PositionBook;
  readonly risk: RiskEngine;
  readonly approvals: ApprovalService;
  readonly kernel: Kernel;
  readonly instances: InstanceManager;
  readonly journal: RepositoryJournal;
  /** Orders whose placement's outcome is unknown, resolved against the broker's book (/resolve). */
  readonly unknownOrders: UnknownOrders;
  readonly accountCapital: number;
  /** The account's equity as the risk engine sees it (paper: the book plus unallocated cash; live: Kite's net plus shares). */
  equity(): number;
  /** The mode's price of `symbol`: the feed's, else in live a fresh Kite quote (read by `pipeline.prepare`). */
  price(symbol: string): number | undefined;
  /** MODE=live: Kite's equity margin, cached and refreshed. */
  readonly liveEquity: LiveEquity | undefined;
  /** Applies the operator settings now and on each change (approval policy per order, risk and OMS limits); returns the unbinding. */
  bindSettings(settings: OperatorSettings): () => void;
  readonly costs: ZerodhaEquityCostModel;
  rules(symbol: string): { readonly tickSize: number; readonly lotSize: number } | undefined;
  /** The portfolio's own delivery holdings and the cash it may spend (rebalancing). */
  readonly portfolioHoldings: { holdings(): { readonly held: ReadonlyMap<string, number>; readonly cash: number } };
  /** Reconciles the open orders and the book with the broker again (live: after each Kite login); alerts on differences. */
  reconcile(): Promise<void>;
  /** Lines for the banner: what was restored and reconciled. */
  readonly report: readonly string[];
  /** Alerts the start-up found (reconciliation, misplaced fills): sent once notifications are connected. */
  readonly startupAlerts: readonly string[];
  /** Resolves when every order call started so far was answered and every order change is stored. */
  drainOrders(): Promise<void>;
  /** Lets in-flight order calls finish and saves instances and the paper account. */
  drain(): Promise<void>;
  close(): void;
}

export async function startTrading(o: TradingOptions): Promise<TradingEngine> {
  const { config, repos, clock, logger } = o;
  const log = logger.child({ component: 'trading' });
  const rules = (symbol: string) => (SYMBOL.test(symbol) ? NSE_EQUITY : undefined);
  const costs = new ZerodhaEquityCostModel();
  // The paper account's contract notes: a same-day CNC round trip is charged as intraday (chargeBook.ts).
  const charges = new SessionChargeBook(costs);
  const broker = await SimulatedBroker.open({ clock: o.marketClock, charges, instruments: rules, repository: repos.paperState, startingCash: PAPER_STARTING_CASH, fillAtLastTrade: true });
  const orderBroker = o.orderBroker ?? broker;

  const events = new DomainEvents();
  const alert = (level: 'info' | 'warning' | 'critical', message: string): void => events.emit({ type: 'alert', level, message, time: clock.now() });
  const book = new PositionBook();
  const journal = new RepositoryJournal(repos.orders, (e) => log.error({ err: e }, 'orders could not be stored; retrying'));
  // Kite's order rate limits (10 a second, and the per-minute limit) pace live order calls on the wall clock; the paper
  // broker has none (the risk engine counts orders per minute on the market's time in every mode).
  const limiter = new OrderRateLimiter({ clock, windows: o.orderBroker ? omsOrderWindows(config.risk) : [] });
  // The risk engine's daily counters are stored as it counts; an order goes out once both it and its count are.
  const counters = new RiskCounterJournal(repos.riskCounters, (e) => log.error({ err: e }, 'risk counters could not be stored; retrying'));
  const stored = async (id: Parameters<RepositoryJournal['settled']>[0]): Promise<void> => {
    await journal.settled(id);
    await counters.settled();
  };
  const execution = new BrokerExecution({ broker: orderBroker, stored, limiter, clock, alert });

  const limits = riskLimitsFromPercent(config.risk);
  if (!limits.ok) throw new Error(`risk limits from a validated config were refused: ${limits.error}`);
  const liveEquity = o.liveEquity ? new LiveEquity({ read: o.liveEquity, clock, ...(o.liveEquityRefreshMs !== undefined ? { refreshMs: o.liveEquityRefreshMs } : {}), warn: (m, reason) => log.warn({ reason }, m) }) : undefined;
  const gateEquity = liveEquity ? (): number => withHeldShares(liveEquity.value() ?? Number.NaN, book) : (): number => paperEquity(book, PAPER_STARTING_CASH);
  let market: KernelMarket | undefined;
  const quoted = o.quote ? new QuotedPrices({ quote: o.quote, clock, warn: (m, reason) => log.warn({ reason }, m) }) : undefined;
  /** The mode's price: the feed's (ticks, the replay), else in live a fresh Kite quote. */
  const priceOf = (s: string): number | undefined => o.lastPrice(s) ?? quoted?.price(s);
  const daily = o.history ? new DailyVolatility({ history: o.history, clock }) : undefined;
  /** The kernel's bars when a strategy streams the symbol and they are enough, else its daily history. */
  const varPerRupee = (symbol: string, time: number): number | undefined => market?.varPerRupee(symbol, time) ?? daily?.perRupee(symbol);
  /** The portfolio's own book (manual orders, rebalances) spends the account's cash that the instances do not hold. */
  const portfolioCash = (): number => (liveEquity ? (liveEquity.value() ?? 0) : broker.cash) - instanceCash(book);
  const risk = new RiskEngine({
    book,
    limits: limits.value,
    market: {
      price: priceOf,
      info: (s) => {
        const r = rules(s);
        return r ? { lotSize: r.lotSize } : undefined;
      },
      equity: gateEquity,
      ...(liveEquity ? { equityUnavailable: () => liveEquity.unavailableReason() } : {}),
      varPerRupee: (s, t) => varPerRupee(s, t),
      prepare: async (symbols) => {
        const list = [...symbols];
        await Promise.all([daily?.prepare(list), quoted?.prepare(list, (s) => o.lastPrice(s) !== undefined)]);
      },
      varProblem: (s) => daily?.problem(s),
      // Paper: the day starts from the closes before it, as in a backtest; live: from Kite's opening balance and the
      // delivery shares held when the day began, at the closes before it (brokers/kite/liveEquity.ts).
      equityAtDayStart: liveEquity ? (day: number) => liveEquity.dayStart(book, day, (s, d) => market?.closeBefore(s, d)) : (day: number) => market!.equityAtDayStart(day, unallocatedCash(book, PAPER_STARTING_CASH)),
      sectors: nseSectorMap(),
    },
    squareOffTime: (t) => o.calendar.misSquareOffTime(t) ?? undefined,
    // Zerodha's charges on every buy (this process's cost model), as a backtest with `--costs zerodha` keeps aside (risk/cashBuffer.ts).
    cashBufferBps: cashBufferBps({ costs, slippageBps: 0, tickSize: NSE_EQUITY.tickSize }),
    // The portfolio's own book (manual orders, rebalances) spends what the instances do not hold.
    portfolioCash: () => portfolioCash(),
    // A placement whose outcome is unknown blocks new orders for its symbol until it is resolved.
    unresolvedOrder: (s) => pipeline?.unknownOrderOf(s),
    counters,
  });
  // What the limits counted before a stop (orders per day and minute, duplicates, the day's start): a restart keeps it.
  const kept = await repos.riskCounters.load();
  risk.restore(kept.recent, kept.dayStart);

  // One id mint, resumed after the greatest id stored (orders, and batch approvals `b<id>`): a restart repeats none.
  const ids = new LiveOrderIds(clock);
  ids.resumeAfter(await repos.orders.greatestId(MINTED_ID_PATTERN));
  ids.resumeAfter((await repos.approvals.greatestId(BATCH_ID_PATTERN))?.slice(1));
  let pipeline: OrderPipeline | undefined;
  const approvals = new ApprovalService({
    repo: repos.approvals,
    orders: { release: (id, by, changed) => pipeline!.release(id, by, changed), drop: (id, to, cause, message) => pipeline!.drop(id, to, cause, message), get: (id) => pipeline!.get(id), preview: (id, changed) => pipeline!.preview(id, changed), prepare: (symbols) => pipeline!.prepare(symbols) },
    clock,
    facts: {
      charges,
      exchange: () => 'NSE' as const,
      margin: orderMargin,
      varChange: (intent: OrderIntent, price: number): number => orderVarChange(intent, price, varPerRupee(intent.symbol, clock.now())),
    },
    lastPrice: priceOf,
    tickSize: (s) => rules(s)?.tickSize ?? 0.05,
    lotSize: (s) => rules(s)?.lotSize ?? 1,
    // Batch approvals take their ids from the orders' mint: never two alike, even within a second.
    newBatchId: () => approvalId(`b${ids.next()}`),
    ...(o.approvalTtlMs !== undefined ? { ttlMs: o.approvalTtlMs } : {}),
    onEvent: (e) => events.emit(e),
    onListenerError: (e) => log.error({ err: e }, 'an approval listener failed'),
  });
  pipeline = new OrderPipeline({
    book,
    risk,
    execution,
    ids,
    clock,
    events,
    rules,
    validation: { marketProtection: -1 },
    policy: approvalPredicate(config.approval, priceOf),
    approvals,
    journal,
    marketPrice: priceOf,
    // Paper trades on its feed's time (a replay may run faster than the wall clock); live on the wall clock.
    ...(o.orderBroker ? {} : { marketClock: o.marketClock }),
  });
  execution.connect(pipeline);
  const unknownOrders = new UnknownOrders({ broker: orderBroker, pipeline, clock });
  events.on('order', (e) => approvals.handleOrder(e.order));
  if (liveEquity) {
    // A delivery purchase is counted in the shares at once; its payment until Kite's next figure (liveEquity.ts).
    events.on('order-filled', (e) => {
      const f = e.fill;
      const cash = (f.side === 'BUY' ? -1 : 1) * f.quantity * f.price - (f.charges ?? 0);
      if (e.order?.intent.product === 'MIS') liveEquity.handleFill(0);
      else liveEquity.handleFill(cash, { symbol: f.symbol, shares: sideSign(f.side) * f.quantity, time: f.time });
    });
    liveEquity.start();
  }
  const kernel = new Kernel({ interval: '1m', book, orders: pipeline, events });
  market = new KernelMarket(kernel, book);

  const report: string[] = [];
  const startupAlerts: string[] = [];
  report.push(`Risk counters: ${kept.recent.length} recent order(s)${kept.dayStart ? `, the day's start ₹${kept.dayStart.equity.toFixed(2)}` : ''} kept`);
  const instances = new InstanceManager({ kernel, book, registry: o.registry, repository: repos.instances, clock, accountCapital: PAPER_STARTING_CASH, prepare: (symbols) => pipeline!.prepare(symbols), warn: (m) => log.warn(m), onSaveError: (e) => log.error({ err: e }, 'a strategy instance could not be saved; it is tried again with its next change') });
  const restored = o.restore ? await instances.restore() : { restored: [], failed: [] };
  if (o.restore) report.push(`Strategies: ${restored.restored.length} instance(s) restored${restored.failed.length > 0 ? `, ${restored.failed.length} could not be (${restored.failed.map((f) => `${f.id}: ${f.message}`).join('; ')})` : ''}`);
  const journalFills = await repos.orders.transitions({ fills: true });
  const replay = replayFills(book, journalFills);
  // Live: what was bought or sold for delivery today is not part of the day's start (liveEquity.ts), after a restart too.
  if (liveEquity) for (const t of journalFills) if (t.fill?.product === 'CNC' && t.fill.side !== undefined) liveEquity.countDeliveryFill(t.symbol, sideSign(t.fill.side) * t.fill.quantity, t.time);
  startupAlerts.push(...replay.misplaced);
  report.push(`Book: rebuilt from ${replay.fills} fill(s)`);
  // The kill switch as it was before the stop, before anything is released; in live Kite's equity before the checks.
  const state = await restoreTradingState(risk, repos.tradingState, events, clock);
  report.push(`Trading state: ${state}`);
  if (liveEquity && o.restore) await liveEquity.settled();
  // An order SUBMITTED before a stop that the broker's book does not show yet is looked at again once its grace
  // period ends (oms/orderReconciler.ts): none stays SUBMITTED until the next login.
  const reconciler = new OrderReconciler({ repo: repos.orders, broker: orderBroker, pipeline, execution, book, clock, lostAfterMs: o.orderLostAfterMs ?? 60_000 }, (m) => alert('warning', m));
  const reconcile = (): Promise<void> => reconciler.reconcile();
  if (o.restore) {
    const recovered = await reconciler.start();
    if (recovered.ok) {
      report.push(`Orders: reconciled with the ${orderBroker.name} book (${recovered.value.alerts.length} alert(s))`);
      startupAlerts.push(...recovered.value.alerts);
    } else report.push(`Orders: reconciliation failed (${recovered.error.message})`);
    const repaired = await approvals.recover();
    if (repaired.released.length + repaired.dropped + repaired.refused.length > 0) {
      report.push(`Approvals: ${repaired.released.length} approved order(s) released, ${repaired.dropped} closed, ${repaired.refused.length} refused after a stop between a decision and its orders`);
    }
  }
  const pending = await repos.approvals.withStatus('PENDING');
  if (pending.length > 0) report.push(`Approvals: ${pending.length} pending`);

  return {
    broker,
    orderBroker,
    pipeline,
    events,
    book,
    risk,
    approvals,
    kernel,
    instances,
    journal,
    unknownOrders,
    accountCapital: PAPER_STARTING_CASH,
    equity: gateEquity,
    price: priceOf,
    liveEquity,
    bindSettings: (settings) =>
      bindOperatorSettings(settings, { mode: o.mode, pipeline: pipeline!, risk, limiter: o.orderBroker ? limiter : { setWindows: () => undefined }, lastPrice: priceOf, warn: (m, reason) => log.warn({ reason }, m) }),
    costs,
    rules,
    portfolioHoldings: {
      holdings: () => ({ held: deliveryHoldings(book), cash: portfolioCash() }),
    },
    reconcile,
    report,
    startupAlerts,
    async drainOrders() {
      await execution.idle();
      await journal.idle();
    },
    async drain() {
      // Bounded: `startApp` has already waited for order calls; one still hanging is reconciled at the next start.
      await settleWithin(async () => {
        await execution.idle();
        await journal.idle();
        await counters.settled();
      }, DRAIN_BOUND_MS);
      await instances.flush();
      await instances.persist();
      await broker.flush();
      await liveEquity?.stop();
    },
    close() {
      reconciler.close();
      void liveEquity?.stop();
      execution.close();
    },
  };
}
