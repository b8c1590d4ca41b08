/**
 * MODE=live: the Kite side of the bot process. KiteBroker over kiteconnect (KITE_API_ROOT), holding order updates
 * until the OMS primes its fills in `recover()`; the session manager over the encrypted MongoDB session store
 * (ENCRYPTION_KEY): trading through Kite is HALTED for new orders until a valid session exists; every expiry
 * (06:00 IST, a TokenException, no stored session at start) tells the admins once, with the login link; the login
 * port behind /login, /logout and GET /kite/callback (a completed login resumes trading and reconciles the OMS
 * with Kite's book); postbacks go to the broker's `handlePostback`.
 */
import { createKiteClient } from '../brokers/kite/kiteClient';
import { KiteBroker } from '../brokers/kite/kiteBroker';
import { KiteLoginPort } from '../brokers/kite/kiteLoginPort';
import { KiteSessionManager } from '../brokers/kite/kiteSessionManager';
import type { Config } from '../config/types';
import type { Clock } from '../core/clock';
import { err, ok, type Result } from '../core/result';
import type { Logger } from '../log/logger';
import type { NotificationInput } from '../notify/notification';
import type { NotifyPort } from '../notify/notifier';
import type { MongoStore } from '../store/connection';
import { MongoSessionRepository } from '../store/session/mongoSessionRepository';

/** The login port as the services (/login, /logout, status) and the HTTP callback use it. */
export type LoginPort = Pick<KiteLoginPort, 'loginUrl' | 'current' | 'logout' | 'completeLogin'>;

export interface LiveKiteOptions {
  readonly config: Config;
  readonly logger: Logger;
  readonly clock: Clock;
  readonly connection: MongoStore['connection'];
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
    close() {
      offExpired();
      manager.close();
    },
  });
}
