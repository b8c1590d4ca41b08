/**
 * MODE=live: the Kite side of the bot process. KiteBroker over kiteconnect (KITE_API_ROOT), holding order updates
 * until the OMS primes its fills in `recover()`; the session manager over the encrypted MongoDB session store
 * (ENCRYPTION_KEY): trading through Kite is HALTED for new orders until a valid session exists; every expiry
 * (06:00 IST, a TokenException, no stored session at start) tells the admins once, with the login link; the login
 * port behind /login, /logout and GET /kite/callback (a completed login resumes trading and reconciles the OMS
 * with Kite's book, then the admins get one readiness check: profile, margins, instruments, ticker); postbacks go
 * to the broker's `handlePostback`, and `startOrderSync` reads Kite's book every few seconds in market hours so a
 * missed postback is caught up. With a session, `liveTicks` gives the market feed KiteTicker ticks
 * (KITE_TICKER_URL) for the symbols asked, their tokens from the instrument master (one per process, shared with
 * the instruments-refresh and candle-sync jobs through `instruments()` and `client`).
 */
import { createKiteClient } from '../brokers/kite/kiteClient';
import { KiteBroker, type KiteClient } from '../brokers/kite/kiteBroker';
import { KiteLoginPort } from '../brokers/kite/kiteLoginPort';
import { KiteSessionManager } from '../brokers/kite/kiteSessionManager';
import type { WiringConfig } from '../config/types';
import type { Clock } from '../core/clock';
import type { InstrumentToken } from '../core/ids';
import { err, ok, type Result } from '../core/result';
import { InstrumentMaster } from '../data/kite/instrumentMaster';
import { KiteTickSource } from '../data/kite/kiteTickSource';
import type { TickerStatus } from '../data/kite/kiteTickerConnection';
import type { LiveTickSource } from '../data/feeds';
import type { LiveTicks } from '../data/market/liveFeed';
import { kiteReadiness, type TickerReadiness } from '../brokers/kite/kiteReadiness';
import { readinessNotice } from '../notify/readinessNotice';
import type { Logger } from '../log/logger';
import type { NotificationInput } from '../notify/notification';
import type { NotifyPort } from '../notify/notifier';
import type { MongoStore } from '../store/connection';
import { MongoInstrumentRepository } from '../store/instruments/mongoInstrumentRepository';
import { MongoSessionRepository } from '../store/session/mongoSessionRepository';

/** The login port as the services (/login, /logout, status) and the HTTP callback use it. */
export type LoginPort = Pick<KiteLoginPort, 'loginUrl' | 'current' | 'logout' | 'completeLogin'>;

export interface LiveKiteOptions {
  readonly config: WiringConfig;
  readonly logger: Logger;
  readonly clock: Clock;
  readonly connection: MongoStore['connection'];
  /** How long the readiness check waits for the ticker to connect (default 5 s). */
  readonly tickerWaitMs?: number;
  /** Waits before each order-book look-up after a placement Kite did not answer (default kitePlacement.ts PLACEMENT_LOOKUP_MS). */
  readonly placementLookupMs?: readonly number[];
  /** MODE=paper: the session only feeds market data (no order goes to Kite), so its end halts nothing. */
  readonly marketDataOnly?: boolean;
}

/** Live ticks for the market feed: the ticker and the symbol of each subscribed token. */
export interface LiveKite {
  readonly broker: KiteBroker;
  /** The kiteconnect REST client the broker uses (its access token follows the session). */
  readonly client: KiteClient;
  readonly manager: KiteSessionManager;
  /** /login, /logout, session status and the HTTP login callback. */
  readonly login: LoginPort;
  /** Banner line: logged in or not, and what to do. */
  line(): string;
  /** The session as the health check sees it. */
  session(): { readonly loggedIn: boolean; readonly expiresAt?: number };
  /** Where expiry notices go from now on (notices raised before this are delivered here, once the chat transports run). */
  attachNotifier(notify: NotifyPort): void;
  /** Runs after each completed login (the OMS reconciles with Kite's book). */
  afterLogin(run: () => Promise<void>): void;
  /**
   * Reads Kite's order book once and ingests every row (nothing without a session): updates Kite sent before the
   * postback endpoint listened (orders released or placed during start-up) are not lost. A failure is logged.
   */
  syncOrders(): Promise<void>;
  /**
   * Runs `syncOrders` every `everyMs` while `marketOpen` says the market is open and a session exists (never two
   * at once); the timer is unref'd. Returns the stop function.
   */
  startOrderSync(o: { readonly everyMs: number; readonly marketOpen: (t: number) => boolean }): () => Promise<void>;
  /** KiteTicker ticks for `symbols` (NSE); an error sentence without a session or an instruments list. */
  liveTicks(symbols: readonly string[]): Promise<Result<LiveTicks, string>>;
  /** Tokens of NSE `symbols` from the instrument master (refreshed if stale), and those it does not know. */
  resolveTokens(symbols: readonly string[]): Promise<Result<{ readonly tokens: ReadonlyMap<InstrumentToken, string>; readonly unknown: readonly string[] }, string>>;
  /** The process's instrument master, loaded fresh (memory, the store, then Kite). */
  instruments(): Promise<Result<InstrumentMaster, string>>;
  /** The live ticker in use (undefined when none runs): connected or not, and how many tokens it carries. */
  tickerStatus(): TickerReadiness | undefined;
  /** Called each time the session ends (TokenException, 06:00 IST, logout). Returns the unsubscribe. */
  onSessionEnded(listener: (message: string) => void): () => void;
  close(): void;
}

/** Builds the broker and loads the stored session (trading halts when there is none usable). */
export async function startLiveKite(o: LiveKiteOptions): Promise<Result<LiveKite, string>> {
  const { config, logger, clock } = o;
  const { apiKey, apiSecret, apiRoot } = config.kite;
  if (!apiKey || !apiSecret) return err('MODE=live needs KITE_API_KEY and KITE_API_SECRET; set both and start again.');
  if (!config.encryptionKey) return err('MODE=live needs ENCRYPTION_KEY to store the Kite session; set it (`openssl rand -hex 32`) and start again.');
  const log = logger.child({ component: 'kite' });

  const kite = createKiteClient({ apiKey, root: apiRoot });
  let notifier: NotifyPort | undefined;
  const held: NotificationInput[] = [];
  const tell = (n: NotificationInput): void => {
    if (!notifier) {
      held.push(n);
      return;
    }
    const r = notifier.notify(n);
    if (!r.ok) log.warn({ reason: r.error }, 'a Kite session notice was refused');
  };

  const broker = new KiteBroker({ kite, clock, apiSecret, holdUpdatesUntilPrimed: true, warn: (m) => log.warn(m), staticIps: config.kite.staticIps, ...(o.placementLookupMs ? { lookupDelaysMs: o.placementLookupMs } : {}) });
  const repo = new MongoSessionRepository(o.connection, config.encryptionKey, apiKey);
  const manager = new KiteSessionManager({ repo, broker, clock });
  // The broker fires this once per halt (TokenException, 06:00 IST, logout, no session at start).
  const offExpired = broker.onSessionExpired((message) => {
    if (o.marketDataOnly) {
      log.warn({ reason: message }, 'Kite session ended: paper market data is the synthetic demo market until the next login');
      return;
    }
    log.warn({ reason: message }, 'Kite trading halted');
    tell({ kind: 'system', severity: 'critical', title: 'Kite: trading halted for new orders', text: `${message} Log in: ${port.loginUrl()}` });
  });
  const port = new KiteLoginPort({ kite, manager, apiSecret, repo, broker });
  const loginHooks: (() => Promise<void>)[] = [];
  // One instrument master, opened once; its refreshes run one at a time (the refresh job, the candle sync, the
  // feed and the readiness check may all ask at once: one download, one rewrite of the collection).
  let master: Promise<InstrumentMaster> | undefined;
  let refreshing: Promise<unknown> = Promise.resolve();
  const instruments = async (): Promise<Result<InstrumentMaster, string>> => {
    try {
      master ??= MongoInstrumentRepository.open(o.connection).then((repository) => new InstrumentMaster({ client: kite, repository, clock }));
      const m = await master;
      const run = refreshing.then(() => m.ensureFresh());
      refreshing = run.catch(() => undefined);
      const fresh = await run;
      return fresh.ok ? ok(m) : err(fresh.error);
    } catch (e) {
      master = undefined;
      return err(`the instruments list could not be loaded (${e instanceof Error ? e.message : String(e)}); it is tried again at the next use.`);
    }
  };
  /** The ticker started last, while its feed runs. */
  let ticker: { readonly source: KiteTickSource; readonly connected: Set<number>; running: boolean } | undefined;
  const tickerStatus = (): TickerReadiness | undefined =>
    ticker?.running ? { connected: ticker.connected.size > 0, subscribed: ticker.source.distribution().reduce((n, k) => n + k, 0) } : undefined;
  const waitForTicker = async (): Promise<Result<TickerReadiness, string>> => {
    const until = Date.now() + (o.tickerWaitMs ?? 5_000);
    for (;;) {
      const st = tickerStatus();
      if (!st) return err('no live ticker runs: no symbol to subscribe, or the instruments list did not load');
      if (st.connected || Date.now() >= until) return ok(st);
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  const readiness = async (who: string | undefined): Promise<void> => {
    const report = await kiteReadiness({
      client: broker,
      instruments: async () => {
        const m = await instruments();
        return m.ok ? ok(m.value.size) : m;
      },
      ticker: waitForTicker,
      staticIps: config.kite.staticIps,
    });
    log.info({ problems: report.problems }, 'Kite readiness check after the login');
    tell(readinessNotice(report, who));
  };
  const login: LoginPort = {
    loginUrl: () => port.loginUrl(),
    current: () => port.current(),
    logout: () => port.logout(),
    async completeLogin(requestToken, state) {
      const r = await port.completeLogin(requestToken, state);
      if (r.ok) {
        for (const run of loginHooks) await run().catch((e: unknown) => log.error({ err: e }, 'a step after the Kite login failed'));
        await readiness(r.value.userName ?? r.value.userId).catch((e: unknown) => log.error({ err: e }, 'the Kite readiness check failed'));
      }
      return r;
    },
  };

  const started = await manager.start();
  if (started.ok) log.info({ userId: started.value.userId }, 'Kite session loaded');

  return ok({
    broker,
    client: kite,
    manager,
    login,
    line() {
      const s = manager.current;
      return s ? `Kite: logged in${s.userId ? ` as ${s.userId}` : ''} until ${new Date(s.expiresAt).toISOString()}` : 'Kite: not logged in — trading halted for new orders; /login';
    },
    session() {
      const s = manager.current;
      return s ? { loggedIn: true, expiresAt: s.expiresAt } : { loggedIn: false };
    },
    attachNotifier(n) {
      notifier = n;
      for (const h of held.splice(0)) tell(h);
    },
    afterLogin(run) {
      loginHooks.push(run);
    },
    async syncOrders() {
      if (!manager.current) return;
      const r = await broker.sync();
      if (!r.ok) log.warn({ reason: r.error.message }, 'the Kite order book could not be read; order updates come from postbacks only');
    },
    startOrderSync({ everyMs, marketOpen }) {
      let running: Promise<void> | undefined;
      const timer = setInterval(() => {
        if (running || !manager.current || !marketOpen(clock.now())) return;
        running = this.syncOrders()
          .catch((e: unknown) => log.error({ err: e }, 'the periodic Kite order-book sync failed'))
          .finally(() => (running = undefined));
      }, everyMs);
      timer.unref();
      // Stopping waits for a sync under way, so nothing reaches the OMS after the shutdown has moved on.
      return async () => {
        clearInterval(timer);
        await running;
      };
    },
    async liveTicks(symbols) {
      const session = manager.current;
      if (!session) return err('Kite is not logged in; live ticks start after /login.');
      const resolved = await this.resolveTokens(symbols);
      if (!resolved.ok) return resolved;
      const connected = new Set<number>();
      const source = new KiteTickSource({
        apiKey,
        accessToken: session.accessToken,
        root: config.kite.tickerUrl,
        onStatus: (st: TickerStatus) => {
          if (st.kind === 'connected') connected.add(st.connection);
          else connected.delete(st.connection);
          logTicker(log, st);
        },
      });
      const subscribed = source.subscribe([...resolved.value.tokens.keys()]);
      if (!subscribed.ok) return err(subscribed.error);
      const state = { source, connected, running: false };
      // The feed starts and stops the ticker; the status follows the ticker that runs (not one built but never started).
      const feed: LiveTickSource = {
        subscribe: (tokens) => source.subscribe(tokens),
        unsubscribe: (tokens) => source.unsubscribe(tokens),
        async start(onTick) {
          state.running = true;
          ticker = state;
          const stop = await source.start(onTick);
          return async () => {
            state.running = false;
            if (ticker === state) ticker = undefined;
            connected.clear();
            await stop();
          };
        },
      };
      return ok({ feed, symbols: resolved.value.tokens, unknown: resolved.value.unknown });
    },
    async resolveTokens(symbols) {
      const master = await instruments();
      if (!master.ok) return master;
      const tokens = new Map<InstrumentToken, string>();
      const unknown: string[] = [];
      for (const symbol of symbols) {
        const hit = master.value.lookup(`NSE:${symbol}`);
        if (hit.ok) tokens.set(hit.value.token, symbol);
        else unknown.push(`${symbol} (${hit.error})`);
      }
      return ok({ tokens, unknown });
    },
    instruments,
    tickerStatus,
    onSessionEnded(listener) {
      return broker.onSessionExpired(listener);
    },
    close() {
      offExpired();
      manager.close();
    },
  });
}

function logTicker(log: Logger, s: TickerStatus): void {
  if (s.kind === 'connected') log.info({ connection: s.connection }, 'Kite ticker connected');
  else if (s.kind === 'disconnected') log.warn({ connection: s.connection, reason: s.reason, retryInMs: s.retryInMs }, 'Kite ticker disconnected');
  else log.warn({ connection: s.connection, reason: s.message }, 'Kite ticker error');
}

/** Live ticks when Kite has a session and at least one symbol resolves; otherwise a banner line saying why not. */
export async function liveTicksOrReason(kite: LiveKite, symbols: readonly string[], lines: string[]): Promise<LiveTicks | undefined> {
  if (!kite.session().loggedIn) return undefined;
  const wanted = [...new Set(symbols)];
  if (wanted.length === 0) {
    lines.push('Live ticks: none yet (no running instance); no market data until an instance runs');
    return undefined;
  }
  const r = await kite.liveTicks(wanted);
  if (!r.ok) {
    lines.push(`Live ticks: off (${r.error})`);
    return undefined;
  }
  if (r.value.unknown.length > 0) lines.push(`Live ticks: left out ${r.value.unknown.join('; ')}`);
  return r.value.symbols.size > 0 ? r.value : undefined;
}
