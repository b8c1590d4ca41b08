/**
 * MODE=live: the Kite side of the bot process. KiteBroker over kiteconnect (KITE_API_ROOT), holding order updates
 * until the OMS primes its fills in `recover()`; the session manager over the encrypted MongoDB session store
 * (ENCRYPTION_KEY): trading through Kite is HALTED for new orders until a valid session exists; every expiry
 * (06:00 IST, a TokenException, no stored session at start) tells the admins once, with the login link; the login
 * port behind /login, /logout and GET /kite/callback (a completed login resumes trading and reconciles the OMS
 * with Kite's book); postbacks go to the broker's `handlePostback`. With a session, `liveTicks` gives the market
 * feed KiteTicker ticks (KITE_TICKER_URL) for the symbols asked, their tokens from the instrument master.
 */
import { createKiteClient } from '../brokers/kite/kiteClient';
import { KiteBroker } from '../brokers/kite/kiteBroker';
import { KiteLoginPort } from '../brokers/kite/kiteLoginPort';
import { KiteSessionManager } from '../brokers/kite/kiteSessionManager';
import type { Config } from '../config/types';
import type { Clock } from '../core/clock';
import type { InstrumentToken } from '../core/ids';
import { err, ok, type Result } from '../core/result';
import { InstrumentMaster } from '../data/kite/instrumentMaster';
import { KiteTickSource } from '../data/kite/kiteTickSource';
import type { TickerStatus } from '../data/kite/kiteTickerConnection';
import type { LiveTickSource } from '../data/feeds';
import type { Logger } from '../log/logger';
import type { NotificationInput } from '../notify/notification';
import type { NotifyPort } from '../notify/notifier';
import type { MongoStore } from '../store/connection';
import { MongoInstrumentRepository } from '../store/instruments/mongoInstrumentRepository';
import { MongoSessionRepository } from '../store/session/mongoSessionRepository';

/** The login port as the services (/login, /logout, status) and the HTTP callback use it. */
export type LoginPort = Pick<KiteLoginPort, 'loginUrl' | 'current' | 'logout' | 'completeLogin'>;

export interface LiveKiteOptions {
  readonly config: Config;
  readonly logger: Logger;
  readonly clock: Clock;
  readonly connection: MongoStore['connection'];
}

/** Live ticks for the market feed: the ticker and the symbol of each subscribed token. */
export interface LiveTicks {
  readonly feed: LiveTickSource;
  readonly symbols: ReadonlyMap<InstrumentToken, string>;
  /** Symbols the instrument master does not know (left out, with the reason). */
  readonly unknown: readonly string[];
}

export interface LiveKite {
  readonly broker: KiteBroker;
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
  /** KiteTicker ticks for `symbols` (NSE); an error sentence without a session or an instruments list. */
  liveTicks(symbols: readonly string[]): Promise<Result<LiveTicks, string>>;
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

  const broker = new KiteBroker({ kite, clock, apiSecret, holdUpdatesUntilPrimed: true, warn: (m) => log.warn(m) });
  const repo = new MongoSessionRepository(o.connection, config.encryptionKey, apiKey);
  const manager = new KiteSessionManager({ repo, broker, clock });
  // The broker fires this once per halt (TokenException, 06:00 IST, logout, no session at start).
  const offExpired = broker.onSessionExpired((message) => {
    log.warn({ reason: message }, 'Kite trading halted');
    tell({ kind: 'system', severity: 'critical', title: 'Kite: trading halted for new orders', text: `${message} Log in: ${kite.getLoginURL()}` });
  });
  const port = new KiteLoginPort({ kite, manager, apiSecret, repo, broker });
  const loginHooks: (() => Promise<void>)[] = [];
  const login: LoginPort = {
    loginUrl: () => port.loginUrl(),
    current: () => port.current(),
    logout: () => port.logout(),
    async completeLogin(requestToken) {
      const r = await port.completeLogin(requestToken);
      if (r.ok) {
        for (const run of loginHooks) await run().catch((e: unknown) => log.error({ err: e }, 'a step after the Kite login failed'));
      }
      return r;
    },
  };

  const started = await manager.start();
  if (started.ok) log.info({ userId: started.value.userId }, 'Kite session loaded');

  return ok({
    broker,
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
    async liveTicks(symbols) {
      const session = manager.current;
      if (!session) return err('Kite is not logged in; live ticks start after /login.');
      const master = new InstrumentMaster({ client: kite, repository: await MongoInstrumentRepository.open(o.connection), clock });
      const fresh = await master.ensureFresh();
      if (!fresh.ok) return err(fresh.error);
      const bySymbol = new Map<InstrumentToken, string>();
      const unknown: string[] = [];
      for (const symbol of symbols) {
        const hit = master.lookup(`NSE:${symbol}`);
        if (hit.ok) bySymbol.set(hit.value.token, symbol);
        else unknown.push(`${symbol} (${hit.error})`);
      }
      const feed = new KiteTickSource({ apiKey, accessToken: session.accessToken, root: config.kite.tickerUrl, onStatus: (st: TickerStatus) => logTicker(log, st) });
      const subscribed = feed.subscribe([...bySymbol.keys()]);
      if (!subscribed.ok) return err(subscribed.error);
      return ok({ feed, symbols: bySymbol, unknown });
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
    lines.push('Live ticks: none yet (no running instance); the replay feeds the paper fills and prices');
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
