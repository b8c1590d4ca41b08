/**
 * The composition root: config → logger → MongoDB → the engine stack (src/app/engineStack.ts: repositories,
 * paper broker, OMS, approvals, kernel + risk gate, restored instances, market data, services, notifications,
 * jobs) → chat transports (Telegram, or the console) → HTTP (/health, /metrics, REST API). It reads the mode
 * once and wires everything by constructor arguments. `stop()` unwinds in reverse order: stop taking commands
 * (chat, then HTTP), let in-flight order calls finish (bounded), stop market data, drain Agenda, save state,
 * flush notifications, close MongoDB.
 */
import { settleWithin, ShutdownStack } from './core/shutdownStack';
import { startEngineStack, type EngineStack, type EngineStackOptions } from './app/engineStack';
import { startTransports, startWorkerTelegram, type ConsoleIo, type Transports } from './app/transportWiring';
import { NseCalendar } from './calendar/nseCalendar';
import { describeConfig, type Config } from './config';
import { LiveClock, type Clock } from './core/clock';
import { err, ok, type Result } from './core/result';
import { HealthRegistry } from './http/health';
import { brokerSessionCheck, eventLoopLagCheck, jobsCheck, memoryCheck, tickerFreshnessCheck } from './http/healthChecks';
import { AppMetrics } from './http/metrics';
import { startHttpServer, type HttpServer } from './http/server';
import type { Logger } from './log/logger';
import type { LogRing } from './log/logRing';
import { connectMongo, type MongoStore } from './store/connection';
import { PROVIDE_MONGO_HINT, startEmbeddedMongo, type EmbeddedMongo } from './store/embeddedMongo';

export interface AppOptions {
  readonly config: Config;
  readonly logger: Logger;
  /** The logger's ring of recent warnings and errors (createLogger's `ring`), for /logs. */
  readonly logs?: LogRing;
  /** Worker process: scheduled jobs only, against a shared MongoDB; chat transports stay in the main process. */
  readonly worker: boolean;
  /** Where the start-up banner goes (one line per call). */
  readonly print: (line: string) => void;
  /** The console's streams when there is no Telegram token (a terminal or a pipe); none: no console. */
  readonly console?: ConsoleIo;
  readonly clock?: Clock;
  /** Test and deployment knobs of the engine stack. */
  readonly engine?: Pick<EngineStackOptions, 'strategiesDir' | 'market' | 'demoMarketSpeed' | 'approvalTtlMs' | 'jobs' | 'liveFeedCheckEveryMs' | 'kitePlacementLookupMs' | 'orderLostAfterMs' | 'databaseWatchEveryMs'>;
  /** Approval expiry sweep period (default 5 s). */
  readonly sweepEveryMs?: number;
  /** How long `stop()` waits for order calls in flight (default 6 s, inside the CLI's 10 s grace). */
  readonly orderSettleMs?: number;
  /** Telegram: how long a held-back progress message (a quick /backtest's) waits before it is sent (default 1 s). */
  readonly progressHoldMs?: number;
  /** MODE=live: how often Kite's order book is read in market hours, catching up missed postbacks (default 30 s). */
  readonly kiteOrderSyncEveryMs?: number;
}

/** The shutdown's bound on order calls in flight (the CLI gives the whole shutdown 10 s). */
export const ORDER_SETTLE_MS = 6_000;

export interface RunningApp {
  readonly store: MongoStore;
  readonly http: HttpServer;
  readonly health: HealthRegistry;
  readonly engine: EngineStack;
  readonly transports: Transports | undefined;
  /** Resolves when the console's input has ended (undefined without a console). */
  readonly consoleDone: Promise<void> | undefined;
  /** Stops everything in reverse order of start; safe to call twice. */
  stop(): Promise<void>;
}

export interface AppStartError {
  readonly kind: 'mongo' | 'http' | 'worker-needs-mongo' | 'mode' | 'engine';
  /** One sentence for people: what was wrong and what to do. */
  readonly message: string;
}

export function bannerLines(config: Config, worker: boolean): string[] {
  const role = worker ? 'Process: worker (scheduled jobs only, on the shared MongoDB)' : 'Process: main';
  return [`AutoPPM — ${config.mode} mode`, role, ...describeConfig(config)];
}

export async function startApp(options: AppOptions): Promise<Result<RunningApp, AppStartError>> {
  const { config, logger, worker } = options;
  for (const line of bannerLines(config, worker)) options.print(line);
  // The one read of MODE: every part below gets the mode (or what follows from it) as an argument.
  const mode = config.mode;
  if (mode === 'backtest') return err({ kind: 'mode', message: 'MODE=backtest is for `autoppm backtest`; start the bot with MODE=paper or MODE=live' });
  const clock = options.clock ?? new LiveClock();
  const shutdown = new ShutdownStack(
    (name, e) => logger.error({ err: e, step: name }, 'error while shutting down'),
    (name) => logger.debug({ step: name }, 'stopping'),
  );

  let uri = config.mongodbUri;
  let hint: string | undefined;
  if (!uri) {
    if (worker) {
      return err({
        kind: 'worker-needs-mongo',
        message: 'a worker shares the main process’s MongoDB and cannot run an embedded one; set MONGODB_URI to the same database as the main process',
      });
    }
    const embedded: Result<EmbeddedMongo, { message: string }> = await startEmbeddedMongo({ dataDir: config.dataDir, logger });
    if (!embedded.ok) return err({ kind: 'mongo', message: embedded.error.message });
    shutdown.push('embedded mongo', () => embedded.value.stop());
    uri = embedded.value.uri;
    hint = PROVIDE_MONGO_HINT;
  }

  const store = await connectMongo(uri, { logger, hint });
  if (!store.ok) {
    await shutdown.run();
    return err({ kind: 'mongo', message: store.error.message });
  }
  shutdown.push('mongo', () => store.value.close());

  const health = new HealthRegistry();
  const metrics = new AppMetrics();
  shutdown.push('metrics', () => metrics.close());
  health.register('mongo', async () => ((await store.value.ping()) ? { status: 'up' } : { status: 'down', detail: `no answer from ${store.value.uri}` }));

  let engine: EngineStack;
  try {
    engine = await startEngineStack({ config, mode, logger, store: store.value, mongoUri: uri, worker, clock, health, metrics, shutdown, ...(options.logs ? { logs: options.logs } : {}), ...options.engine });
  } catch (e) {
    logger.error({ err: e }, 'the engine could not start');
    await shutdown.run();
    return err({ kind: 'engine', message: `the engine could not start (${e instanceof Error ? e.message : String(e)}); check the log above and the MongoDB connection` });
  }
  health.register('agenda', jobsCheck(engine.jobs));
  health.register('event-loop', eventLoopLagCheck(() => metrics.eventLoopLagMs()));
  health.register('memory', memoryCheck());
  const kite = engine.kite;
  health.register('broker-session', brokerSessionCheck(() => kite?.session(), () => clock.now()));
  const feed = engine.feed;
  if (feed) {
    const calendar = new NseCalendar();
    health.register('ticker', tickerFreshnessCheck({ lastTickAt: () => feed.receivedAt(), now: () => clock.now(), marketOpen: (t) => calendar.isOpen(t) }));
  }

  let transports: Transports | undefined;
  if (!worker) {
    transports = await startTransports({ config, logger, services: engine.services, dispatcher: engine.dispatcher, approvals: engine.trading.approvals, repos: engine.repos, notifier: engine.notifier, console: options.console, clock, ...(options.progressHoldMs !== undefined ? { progressHoldMs: options.progressHoldMs } : {}) });
    const approvals = engine.trading.approvals;
    const sweep = setInterval(() => {
      approvals.sweepExpired().catch((e: unknown) => logger.error({ err: e }, 'the approval expiry sweep failed'));
    }, options.sweepEveryMs ?? 5_000);
    sweep.unref();
    shutdown.push('approval sweep', () => clearInterval(sweep));
  } else {
    const tg = await startWorkerTelegram({ config, logger, notifier: engine.notifier });
    if (tg) {
      shutdown.push('telegram (send-only)', () => tg.stop());
      options.print(tg.line);
    }
  }

  // Kite notices raised before now (no session at start) and the engine's own (start-up reconciliation, jobs that
  // ran at once) wait for the chat transports.
  kite?.attachNotifier(engine.notifier);
  engine.paperKite?.attachNotifier(engine.notifier);
  const held = engine.notices.open();
  if (!held.ok) logger.warn({ reason: held.error }, 'notifications held during start-up were refused');

  const http = await startHttpServer({
    host: config.http.host,
    port: config.http.port,
    health,
    logger,
    metrics,
    // /metrics (P&L and exposure) answers with the API token in every process, workers included.
    ...(config.http.apiToken ? { metricsToken: config.http.apiToken } : {}),
    ...(worker ? {} : { api: { services: engine.services, token: config.http.apiToken, jobs: engine.jobs } }),
    // The admins hear of a completed login from the readiness check (liveWiring.ts), not from the route.
    // Paper with Kite (market data only): the login callback; postbacks find no order of ours there.
    ...(!worker && (kite ?? engine.paperKite) ? { kite: { login: (kite ?? engine.paperKite)!.login, postbacks: (kite ?? engine.paperKite)!.broker } } : {}),
    ...(transports?.telegramWebhook ? { telegramWebhook: transports.telegramWebhook } : {}),
    // Incoming alerts (ALERT_SOURCES): POST /hooks/alerts/<source>[/<secret>], main process only.
    ...(engine.services.alertsIn && !worker ? { alerts: engine.services.alertsIn } : {}),
  });
  if (!http.ok) {
    await shutdown.run();
    return err({ kind: 'http', message: http.error });
  }
  // Order updates Kite sent while the postback endpoint was not listening yet (orders released at start).
  if (kite && !worker) await kite.syncOrders();
  // Runs after the chat transports and HTTP stop taking commands, before Agenda drains and state is saved.
  const trading = engine.trading;
  shutdown.push('in-flight orders', async () => {
    const settled = await settleWithin(async () => {
      await trading.drainOrders();
    }, options.orderSettleMs ?? ORDER_SETTLE_MS);
    if (!settled) logger.warn({ boundMs: options.orderSettleMs ?? ORDER_SETTLE_MS }, 'order calls still in flight at shutdown; the next start reconciles them with the broker');
  });
  shutdown.push('http', () => http.value.close());
  if (kite && !worker) {
    const calendar = new NseCalendar();
    shutdown.push('kite order sync', kite.startOrderSync({ everyMs: options.kiteOrderSyncEveryMs ?? 30_000, marketOpen: (t) => calendar.isOpen(t) }));
  }
  // Pushed last so that it runs first: stop taking commands before anything else stops.
  if (transports) {
    const t = transports;
    shutdown.push('chat transports', () => t.stop());
  }

  for (const line of engine.lines) options.print(line);
  if (transports) options.print(transports.line);
  options.print(`HTTP: ${http.value.url}/health, /metrics${worker ? '' : `, /api (${config.http.apiToken ? 'API_TOKEN set' : 'off: no API_TOKEN'})`}`);
  logger.info({ mode, worker, health: `${http.value.url}/health` }, 'AutoPPM started');
  return ok({
    store: store.value,
    http: http.value,
    health,
    engine,
    transports,
    consoleDone: transports?.consoleDone,
    stop() {
      return shutdown.run().then(() => logger.info('AutoPPM stopped'));
    },
  });
}
