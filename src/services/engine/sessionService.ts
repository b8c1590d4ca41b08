/**
 * The broker session for chat: the Kite login link, logout, and whether a session is live (Kite sessions end
 * at 06:00 IST). The Kite specifics live behind `BrokerSessionPort` (src/brokers/kite/kiteLoginPort.ts
 * implements it with kiteconnect); the services never import the Kite client.
 */
import { err, ok, type Result } from '../../core/result';
import type { SessionService, SessionStatus } from '../api/session';

export interface BrokerSessionPort {
  /** The broker's login page for this app. */
  loginUrl(): string;
  /** The session in use, if any. */
  current(): { readonly loggedIn: boolean; readonly expiresAt?: number; readonly userId?: string };
  /** Invalidates the access token at the broker (best effort), forgets the stored session and halts trading. */
  logout(): Promise<Result<void, string>>;
}

export interface SessionServiceOptions {
  /** Undefined when the build has no Kite app configured (no KITE_API_KEY). */
  readonly port?: BrokerSessionPort;
  readonly now: () => number;
}

const NO_KITE = 'Kite is not configured in this build; set KITE_API_KEY, KITE_API_SECRET and ENCRYPTION_KEY and restart to log in.';

export function sessionService(o: SessionServiceOptions): SessionService {
  return {
    loginUrl() {
      return o.port ? ok(o.port.loginUrl()) : err(NO_KITE);
    },
    async logout() {
      if (!o.port) return err(NO_KITE);
      if (!o.port.current().loggedIn) return err('There is no Kite session to end; send /login to start one.');
      return o.port.logout();
    },
    status(): SessionStatus {
      if (!o.port) return { configured: false, loggedIn: false };
      const s = o.port.current();
      const live = s.loggedIn && (s.expiresAt === undefined || o.now() < s.expiresAt);
      return { configured: true, loggedIn: live, ...(live && s.expiresAt !== undefined ? { expiresAt: s.expiresAt } : {}), ...(live && s.userId ? { userId: s.userId } : {}) };
    },
  };
}
