/**
 * Everything between the store and the front ends: repositories → trading engine (restored) → market data →
 * services → notifications → jobs. `startApp` adds the chat transports and HTTP on top.
 */
import { userId } from '../core/ids';
import { join } from 'node:path';
import { createDispatcher, type CommandDispatcher } from '../../commands';
import { NseCalendar } from '../calendar/nseCalendar';
import type { BotMode, WiringConfig } from '../config/types';
import type { Clock } from '../core/clock';
import type { StopFeed, TickFeed } from '../core/feed';
import type { InstrumentToken } from '../core/ids';
import type { StrategyRegistry } from '../engine/strategyRegistry';
import { discoverStrategies } from '../strategyLoader/discoverStrategies';
import { attachBarFeed } from '../engine/feedRunner';
import type { JobScheduler, RebalanceFrequency } from '../jobs';
import type { Logger } from '../log/logger';
import type { Notifier } from '../notify/notifier';
import { createEngineServices } from '../services/engine/createServices';
import type { Services } from '../services/services';
import type { DiscordTransport } from '../transports/discord';
import type { HealthRegistry } from '../http/health';
import { DatabaseWatch } from '../services/engine/databaseWatch';
import { FileDeploymentMarker } from '../store/marker/fileDeploymentMarker';
import type { AppMetrics } from '../http/metrics';
import type { MongoStore } from '../store/connection';
import { MongoSnapshotRepository } from '../store/portfolio/mongoSnapshotRepository';
import { nseSectorMap } from '../portfolio/sectors/sectorMap';
import { openAlertsIn } from './alertsInWiring';
import { alertNotification, notifyOnEvents } from '../notify/eventNotifications';
import { createJobs } from './jobsWiring';
import { MarketClock, MarketFeed } from '../data/market/marketFeed';
import { liveTicksOrReason, startLiveKite, type LiveKite } from './liveWiring';
import { KITE_PAPER_SOURCE, KITE_TICKER_SOURCE, LiveFeed, NO_LIVE_SOURCE, QUIET_TICKS, SYNTHETIC_SOURCE } from '../data/market/liveFeed';
import { instanceCandleTargets, kiteCandleSyncer, kiteInstrumentsRefresher } from '../jobs/kiteMaintenance';
import { MongoCandleCache } from '../store/candles/mongoCandleCache';
import { HeldNotices } from '../notify/heldNotices';
import { startNotify } from './notifyWiring';
import { accountEquityChart } from '../services/engine/accountEquityChart';
import { observePerformance } from '../engine/performanceMetrics';
import { demoMarket } from './demoMarket';
import { ResearchQueue, researchSweeps } from '../jobs/researchQueue';
import { openServiceStores } from './servicesWiring';
import type { ShutdownStack } from '../core/shutdownStack';
import { openRepositories, type Repositories } from './storeWiring';
import { kiteBarHistory } from '../services/engine/kiteBarHistory';
import { syntheticHistory } from './syntheticHistory';
import { squareOffNow } from '../oms/squareOff';
import { symbolUniverse, type InstrumentsSource } from '../services/symbolUniverse';
import { err } from '../core/result';
import { startTrading, type TradingEngine } from './tradingWiring';
import { packageVersion, sourceCommit } from '../config/versionInfo';
import type { LogRing } from '../log/logRing';
import { operatorService } from '../services/engine/operatorService';

/** Symbols the paper market data always carries (besides those of the running instances). */
export const DEFAULT_PAPER_SYMBOLS = ['RELIANCE', 'TCS', 'INFY', 'HDFCBANK'];

export interface EngineStackOptions {
  readonly config: WiringConfig;
  /** The mode of this start, read once by `startApp`: live trades through Kite; paper on the paper broker. */
  readonly mode: BotMode;
  readonly logger: Logger;
  readonly store: MongoStore;
  readonly mongoUri: string;
  readonly worker: boolean;
  readonly clock: Clock;
  readonly health: HealthRegistry;
  /** The logger's recent warnings and errors (/logs). */
  readonly logs?: LogRing;
  readonly metrics: AppMetrics;
  readonly shutdown: ShutdownStack;
  readonly strategiesDir?: string;
  /** Market data instead of the synthetic demo market (tests, a Kite ticker). */
  readonly market?: { readonly feed: TickFeed; readonly symbols: ReadonlyMap<InstrumentToken, string> };
  /** The demo market's pace (default DEMO_MARKET_SPEED). */
  readonly demoMarketSpeed?: number;
  readonly approvalTtlMs?: number;
  /** MODE=live: how often new instances' symbols are subscribed on the Kite ticker (default 5 s). */
  readonly liveFeedCheckEveryMs?: number;
  /** MODE=live: waits before each look-up of a placement Kite did not answer (default: up to 90.5 s in all, kitePlacement.ts). */
  readonly kitePlacementLookupMs?: readonly number[];
  /** How long a SUBMITTED order may be missing from the broker's book before it is declared lost (default 60 s). */
  readonly orderLostAfterMs?: number;
  /** Time between looks at MongoDB's availability and the bot's data in it (default 5 s; databaseWatch.ts). */
  readonly databaseWatchEveryMs?: number;
  readonly jobs?: {
    readonly processEveryMs?: number;
    readonly lockLifetimeMs?: number;
    readonly startQueuedAtOnce?: boolean;
    readonly rebalance?: { readonly frequency: RebalanceFrequency; readonly at: string };
    /**
     * Whether the repeating jobs (the day's summary at 15:40 IST, the MIS warning and square-off, the risk scans, …) are
     * scheduled (default true). Agenda fires them on the real clock: a bot run on a shifted clock (the end-to-end
     * tests) turns them off and runs them with `runNow`, or one fires into the middle of a test at that hour.
     */
    readonly schedule?: boolean;
  };
}

export interface EngineStack {
  readonly repos: Repositories;
  readonly trading: TradingEngine;
  readonly services: Services;
  readonly dispatcher: CommandDispatcher;
  readonly notifier: Notifier;
  /** The engine's notifications, held until the chat transports run: `open()` once they do. */
  readonly notices: HeldNotices;
  readonly discord: DiscordTransport | undefined;
  readonly jobs: JobScheduler;
  readonly feed: MarketFeed | undefined;
  /** MODE=live: Kite broker, session and login port (HTTP /kite routes). */
  readonly kite: LiveKite | undefined;
  /** MODE=paper with Kite credentials: the Kite session for market data only (its login port; no order goes to Kite). */
  readonly paperKite?: LiveKite;
  readonly lines: readonly string[];
}

export async function startEngineStack(o: EngineStackOptions): Promise<EngineStack> {
  const { config, logger, clock, shutdown } = o;
  const lines: string[] = [];
  const calendar = new NseCalendar();
  const strategiesDir = o.strategiesDir ?? join(__dirname, '..', '..', 'strategies');
  const registry = discoverStrategies(strategiesDir);
  if (!registry.ok) throw new Error(`the strategies folder could not be loaded: ${registry.error}`);
  const repos = await openRepositories(o.store.connection);
  const marketClock = new MarketClock(clock);
  let feed: MarketFeed | undefined;
  const lastPrice = (symbol: string): number | undefined => feed?.lastPrice(symbol);
  // MODE=live (src/app/liveWiring.ts): the OMS trades through Kite; halted until a Kite session exists.
  const live = o.mode === 'live' ? await startLiveKite({ config, logger, clock, connection: o.store.connection, ...(o.kitePlacementLookupMs ? { placementLookupMs: o.kitePlacementLookupMs } : {}) }) : undefined;
  if (live && !live.ok) throw new Error(live.error);
  const kite = live?.value;
  if (kite) shutdown.push('kite session', () => kite.close());
  // MODE=paper with Kite credentials: a Kite session for market data only — its ticker's real prices with simulated
  // fills; without a session (and after it ends) the synthetic demo market.
  const paperKite = await paperMarketKite(o);
  if (paperKite.kite) shutdown.push('kite session (market data)', () => paperKite.kite!.close());
  if (paperKite.line) lines.push(paperKite.line);
  // The mode's own past: Kite's history in live (never the generated market), generated bars in paper.
  const history = kite
    ? kiteBarHistory({ client: kite.client, cache: () => MongoCandleCache.open(o.store.connection), master: () => kite.instruments(), loggedIn: () => kite.session().loggedIn, clock })
    : syntheticHistory();
  const trading = await startTrading({ config, mode: o.mode, logger, repos, registry: registry.value, calendar, clock, marketClock, lastPrice, history, restore: !o.worker, ...(o.approvalTtlMs !== undefined ? { approvalTtlMs: o.approvalTtlMs } : {}), ...(o.orderLostAfterMs !== undefined ? { orderLostAfterMs: o.orderLostAfterMs } : {}), ...(kite ? { orderBroker: kite.broker, liveEquity: () => kite.broker.equityMargins(), quote: (symbols) => kite.broker.lastPrices(symbols) } : {}) });
  lines.push(...trading.report);
  if (kite) {
    kite.afterLogin(async () => void (await trading.reconcile()));
    kite.afterLogin(async () => trading.liveEquity?.refresh());
    // The running instances' symbols: their daily volatility from Kite's history, now that it can be read.
    kite.afterLogin(() => trading.pipeline.prepare([...new Set(trading.instances.list().filter((i) => i.status === 'running' || i.status === 'paused').flatMap((i) => i.symbols))]));
    lines.push(kite.line());
  }
  shutdown.push('trading', async () => {
    await trading.drain();
    trading.close();
  });

  const snapshots = await MongoSnapshotRepository.open(o.store.connection);
  const stores = await openServiceStores({ config, mode: o.mode, connection: o.store.connection, repos, trading, calendar, clock, logger, ...(kite ? { kiteSession: () => kite.session().loggedIn } : {}) });
  lines.push(...stores.lines);
  shutdown.push('alerts', () => stores.close());
  // Backtests and sweeps from chat are queued as jobs (any worker takes them); bound to the scheduler below.
  const research = new ResearchQueue();
  // Incoming alerts place orders: the main process only (ALERT_SOURCES; POST /hooks/alerts/<source>).
  const alertsIn = o.worker ? undefined : await openAlertsIn({ config, mode: o.mode, connection: o.store.connection, trading, repos, clock });
  const commit = sourceCommit();
  const operator = operatorService({
    version: { version: packageVersion(), node: process.version, mode: o.mode, ...(commit !== undefined ? { commit } : {}), startedAt: clock.now() },
    health: () => o.health.run(),
    ...(o.logs ? { logs: o.logs } : {}),
  });
  const services: Services = { research, operator, ...(alertsIn ? { alertsIn } : {}), ...createEngineServices({
    mode: o.mode,
    clock,
    calendar,
    registry: registry.value,
    tradingState: trading.risk,
    instances: trading.instances,
    accountCapital: trading.accountCapital,
    orders: trading.pipeline,
    book: trading.book,
    // Paper with Kite configured: Kite's instruments while its session is logged in (its ticker is paper's market
    // then), the synthetic universe otherwise.
    universe: kite ? symbolUniverse(kite) : symbolUniverse(paperKite.kite && whileLoggedIn(paperKite.kite), o.market?.symbols.values(), DEFAULT_PAPER_SYMBOLS, true),
    price: (s) => trading.price(s),
    rules: (s) => trading.rules(s),
    orderRepository: repos.orders,
    unknownOrders: trading.unknownOrders,
    broker: kite?.broker ?? trading.broker,
    ...(kite ? { sessionPort: kite.login, brokerSession: () => kite.session() } : paperKite.kite ? { sessionPort: paperKite.kite.login } : {}),
    lotSize: (s) => trading.rules(s)?.lotSize,
    lastPrice,
    history,
    dataAsOf: () => feed?.dataAsOf(),
    dataSource: () => feed?.source,
    killSwitch: { store: repos.tradingState, emit: (e) => trading.events.emit(e), cancelApprovals: (reason) => trading.approvals.cancelAll(reason), squareOff: () => squareOffNow(trading.book, trading.pipeline, clock.now()) },
    ...stores.options,
    ...(snapshots.ok
      ? {
          portfolioBook: {
            snapshots: snapshots.value,
            costModel: trading.costs,
            sectors: nseSectorMap(),
            rebalancing: { orders: trading.pipeline, approvals: trading.approvals, holdings: trading.portfolioHoldings },
            ...(kite ? { quote: async (s: string) => { const r = await kite.broker.lastPrices([s]); return r.ok ? r.value.get(s) : undefined; } } : {}),
          },
        }
      : {}),
  }) };
  if (services.backtest) research.checkBacktestsWith(services.backtest);
  if (!snapshots.ok) lines.push(`P&L and rebalancing: off (${snapshots.error.message})`);
  if (kite) {
    // Kite refused an order because this server's IP is not the app's registered static IP (SEBI, from 1 Apr 2026):
    // every order would fail the same way, so trading halts and the admins are told what to fix (issue 16).
    const offIp = kite.broker.onOrderIpRejected((e) => {
      trading.events.emit({ type: 'alert', level: 'critical', message: `Trading halted: ${e.message}`, time: clock.now() });
      void services.trading?.halt({ id: userId('system'), role: 'admin', name: 'the Kite IP check' });
    });
    shutdown.push('kite ip check', offIp);
  }
  // Confirmation codes expire on the app's clock, the one their prompt's "within N s" is written with.
  const dispatcher = createDispatcher(services, { log: logger.child({ component: 'commands' }), now: () => clock.now() });

  const { notifier, discord, discordLine } = await startNotify({ config, logger, clock, outbox: repos.notifications, services, lastPrice, approvals: trading.approvals });
  if (discordLine !== '') lines.push(discordLine);
  shutdown.push('notifications', async () => {
    await notifier.idle();
    await notifier.stop();
    await discord?.stop();
  });
  const invalid = (m: string): void => logger.warn({ reason: m }, 'a notification was refused');
  // What the engine says before the chat transports run is held until they do (app.ts opens it).
  const notices = new HeldNotices(notifier, clock);
  // One bus, one bridge: every event is announced once.
  shutdown.push('event bridge', notifyOnEvents(trading.events, notices, invalid));
  for (const message of trading.startupAlerts) notices.notify(alertNotification('warning', message));
  trading.events.on('order-filled', (e) => o.metrics.fill(e.fill.side));
  if (!o.worker) {
    // An outage of MongoDB, or a MongoDB back without the bot's data (then trading halts), reaches the admins and
    // /health; started once the event bridge runs, so what it finds at start reaches the admins too.
    const watch = new DatabaseWatch({
      ping: () => o.store.ping(2_000),
      database: repos.dataMarker,
      local: new FileDeploymentMarker(config.dataDir, o.store.connection.name),
      clock,
      ...(o.databaseWatchEveryMs !== undefined ? { everyMs: o.databaseWatchEveryMs } : {}),
      alert: (level, message) => trading.events.emit({ type: 'alert', level, message, time: clock.now() }),
      halt: async () => void (await services.trading?.halt({ id: userId('system'), role: 'admin', name: 'the MongoDB data check' })),
      tradingState: () => trading.risk.state,
      uri: o.store.uri,
    });
    await watch.start();
    o.health.register('mongo-data', async () => watch.health());
    shutdown.push('database watch', () => watch.stop());
  }
  shutdown.push('performance metrics', observePerformance({ events: trading.events, kernel: trading.kernel, metrics: o.metrics, clock }));

  const { schedule, ...jobOptions } = o.jobs ?? {};
  const jobs = createJobs({ mongoUri: o.mongoUri, services, notify: notices, calendar, clock, logger, health: o.health, recorder: o.metrics, worker: `${o.worker ? 'worker' : 'main'}:${process.pid}`, placesOrders: !o.worker, onRun: (run, ms) => o.metrics.jobRun(run, ms), ...(kite ? { kiteSession: kite.manager } : {}), ...(kite ? kiteJobPorts(kite, trading, registry.value, o.store.connection, clock) : {}), sweeps: researchSweeps({ strategies: registry.value, strategiesDir, history, clock }), ...(snapshots.ok ? { equityChart: accountEquityChart({ snapshots: snapshots.value, clock }) } : {}), ...jobOptions });
  research.bind(jobs);
  const started = await jobs.start({ schedule: schedule ?? true });
  if (!started.ok) throw new Error(`the job scheduler could not start: ${started.error}`);
  shutdown.push('jobs', () => jobs.stop(5_000));
  lines.push(`Jobs: ${jobs.names().length} (${jobs.names().join(', ')})`);

  if (!o.worker) {
    await notifier.restore();
    // The running (or paused) instances' symbols, and with them the defaults the feed always carries.
    const instanceSymbols = (): string[] => trading.instances.list().filter((i) => i.status === 'running' || i.status === 'paused').flatMap((i) => i.symbols);
    const wantedNow = (): string[] => [...new Set([...DEFAULT_PAPER_SYMBOLS, ...instanceSymbols()])];
    const wanted = wantedNow();
    // MODE=live with a Kite session: KiteTicker ticks for the running instances' symbols (liveWiring.ts).
    const ticker = kite ?? paperKite.kite;
    const ticks = !o.market && ticker ? await liveTicksOrReason(ticker, kite ? instanceSymbols() : wanted, lines) : undefined;
    // MODE=live never trades on synthetic prices: without a session there is no market data until /login (liveFeed.ts).
    // Paper without Kite: the continuous synthetic demo market (demoMarket.ts), at wall-clock times.
    const demo = !o.market && !kite ? await demoMarket({ history, symbols: wanted, now: () => clock.now(), speed: o.demoMarketSpeed ?? config.demoMarketSpeed }) : undefined;
    const source = o.market ?? ticks ?? demo ?? { feed: QUIET_TICKS, symbols: new Map<InstrumentToken, string>() };
    const liveSource = kite ? KITE_TICKER_SOURCE : KITE_PAPER_SOURCE;
    const sourceLabel = o.market ? 'the configured tick source' : ticks ? liveSource : kite ? NO_LIVE_SOURCE : SYNTHETIC_SOURCE;
    feed = new MarketFeed({ ticks: source.feed, symbols: source.symbols, source: sourceLabel, interval: '1m', clock: marketClock, ...(demo && !ticks ? { session: demo.session } : {}), onTick: (s, p, t) => {
      // Signals decided at the last close are sized at the first price after it; then the paper broker fills.
      trading.kernel.handleTick(s, p);
      trading.broker.handleTick(s, p, t);
    } }, clock);
    const stopFeed: StopFeed = await attachBarFeed(trading.kernel, feed);
    shutdown.push('market data', stopFeed);
    if (ticker && !o.market) {
      // The feed follows the Kite session (live: quiet ↔ ticker; paper: demo market ↔ ticker) and new instances' symbols (liveFeed.ts).
      const fallback = demo ? { fallback: { ticks: demo.feed, symbols: demo.symbols, source: SYNTHETIC_SOURCE, session: demo.session } } : {};
      const follow = new LiveFeed({ kite: ticker, feed, wanted: wantedNow, logger, liveSource, ...fallback, ...(o.liveFeedCheckEveryMs !== undefined ? { checkEveryMs: o.liveFeedCheckEveryMs } : {}) }, ticks?.feed);
      ticker.afterLogin(async () => void logger.info({ feed: await follow.goLive() }, 'market data after the Kite login'));
      shutdown.push('live feed', follow.start());
    }
    lines.push(
      o.market || ticks
        ? `Market data: ${feed.symbols.length} symbol(s) from ${ticks ? (kite ? 'the Kite ticker' : `the ${KITE_PAPER_SOURCE}`) : 'the configured tick source'}`
        : kite
          ? 'Market data: none until /login (MODE=live trades on Kite ticks only, never on synthetic prices)'
          : `Market data: ${SYNTHETIC_SOURCE} for ${feed.symbols.join(', ')}`,
    );
  }
  return { repos, trading, services, dispatcher, notifier, notices, discord, jobs, feed, kite, ...(paperKite.kite ? { paperKite: paperKite.kite } : {}), lines };
}

/** MODE=live: the instruments-refresh and candle-sync ports over the Kite instrument master and candle cache. */
function kiteJobPorts(kite: LiveKite, trading: TradingEngine, registry: StrategyRegistry, connection: MongoStore['connection'], clock: Clock) {
  const base = { loggedIn: () => kite.session().loggedIn, master: () => kite.instruments() };
  const intervalOf = (name: string) => {
    const s = registry.get(name);
    return s.ok ? s.value.interval : undefined;
  };
  return {
    instruments: kiteInstrumentsRefresher(base),
    candles: kiteCandleSyncer({ ...base, client: kite.client, cache: () => MongoCandleCache.open(connection), clock, targets: () => instanceCandleTargets(trading.instances, intervalOf) }),
  };
}

/** MODE=paper with KITE_API_KEY, KITE_API_SECRET and ENCRYPTION_KEY: a Kite session for market data only (not in a worker). */
async function paperMarketKite(o: EngineStackOptions): Promise<{ readonly kite?: LiveKite; readonly line?: string }> {
  const c = o.config;
  if (o.mode !== 'paper' || o.worker || !c.kite.apiKey || !c.kite.apiSecret || !c.encryptionKey) return {};
  const r = await startLiveKite({ config: c, logger: o.logger, clock: o.clock, connection: o.store.connection, marketDataOnly: true });
  if (!r.ok) return { line: `Kite market data for paper: off (${r.error})` };
  return { kite: r.value, line: `Kite market data for paper: ${r.value.session().loggedIn ? 'the Kite ticker (simulated fills on real prices)' : 'after /login (until then the synthetic demo market)'}` };
}

/** Kite's instruments list only while the session is logged in. */
function whileLoggedIn(k: LiveKite): InstrumentsSource {
  return { instruments: async () => (k.login.current().loggedIn ? k.instruments() : err('there is no Kite session')) };
}
