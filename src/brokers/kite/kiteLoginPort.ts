/**
 * The Kite side of the chat session commands (services/engine/sessionService.ts `BrokerSessionPort`): the login
 * link from kiteconnect (`https://kite.zerodha.com/connect/login?api_key=…&v=3`) with a one-time state in Kite's
 * `redirect_params` (loginStates.ts; the callback must bring it back), the session in use from the
 * session manager, completeLogin = exchange the redirect's request_token for an access token (POST /session/token,
 * checksum over api key + request token + api secret, done by kiteconnect) and store it encrypted through the
 * session manager, and logout = invalidate the access token at Kite (best effort: the local session ends even if
 * Kite cannot be reached), forget the stored token, halt the broker until the next login.
 */
import type { Result } from '../../core/result';
import { err, ok } from '../../core/result';
import type { KiteClient } from './kiteBroker';
import type { KiteSessionRepository } from './kiteSession';
import type { HaltableBroker, KiteSessionManager } from './kiteSessionManager';
import { LoginStates } from './loginStates';

export interface KiteLoginPortOptions {
  readonly kite: Pick<KiteClient, 'getLoginURL' | 'invalidateAccessToken' | 'generateSession'>;
  readonly manager: Pick<KiteSessionManager, 'current' | 'login'>;
  /** The Kite Connect app's API secret (KITE_API_SECRET); never logged. */
  readonly apiSecret: string;
  readonly repo: Pick<KiteSessionRepository, 'clear'>;
  readonly broker: Pick<HaltableBroker, 'halt'>;
  /** Clock for the login states' lifetime (default Date.now). */
  readonly now?: () => number;
}

export class KiteLoginPort {
  private readonly states: LoginStates;

  constructor(private readonly o: KiteLoginPortOptions) {
    this.states = new LoginStates(o.now ?? Date.now);
  }

  /** A fresh login link: Kite's, with a new one-time state that the redirect brings back (`?…&state=…`). */
  loginUrl(): string {
    return `${this.o.kite.getLoginURL()}&redirect_params=${encodeURIComponent(`state=${this.states.issue()}`)}`;
  }

  current(): { readonly loggedIn: boolean; readonly expiresAt?: number; readonly userId?: string } {
    const s = this.o.manager.current;
    return s ? { loggedIn: true, expiresAt: s.expiresAt, ...(s.userId !== undefined ? { userId: s.userId } : {}) } : { loggedIn: false };
  }

  /**
   * The login redirect's second half: request_token → access token, stored encrypted; trading resumes. Only with a
   * `state` that `loginUrl` issued, unused and not older than 30 minutes; it is used up either way.
   */
  async completeLogin(requestToken: string, state: string | undefined): Promise<Result<{ readonly userId?: string; readonly userName?: string }, string>> {
    if (!this.states.consume(state)) return err('This login was not started from /login in the chat here, its link was used already or is older than 30 minutes; send /login and use the new link.');
    if (!/^[A-Za-z0-9]{1,64}$/.test(requestToken)) return err('The Kite redirect carried no valid request_token; send /login and log in again.');
    let session: { access_token?: unknown; user_id?: unknown; user_name?: unknown };
    try {
      session = await this.o.kite.generateSession(requestToken, this.o.apiSecret);
    } catch (e: unknown) {
      const message = typeof e === 'object' && e !== null && 'message' in e ? String((e as { message: unknown }).message) : 'no answer';
      return err(`Kite refused the login (${message}); send /login and log in again within a few minutes.`);
    }
    if (typeof session.access_token !== 'string') return err('Kite answered the login without an access token; send /login and try again.');
    const userId = typeof session.user_id === 'string' ? session.user_id : undefined;
    const stored = await this.o.manager.login(session.access_token, userId);
    if (!stored.ok) return err(stored.error);
    const userName = typeof session.user_name === 'string' ? session.user_name : undefined;
    return ok({ ...(userId !== undefined ? { userId } : {}), ...(userName !== undefined ? { userName } : {}) });
  }

  async logout(): Promise<Result<void, string>> {
    const s = this.o.manager.current;
    if (s) {
      try {
        await this.o.kite.invalidateAccessToken(s.accessToken);
      } catch {
        // Kite unreachable or the token already dead: the token expires at 06:00 IST anyway; end it here.
      }
    }
    await this.o.repo.clear();
    this.o.broker.halt('You logged out of Kite; send /login to start a new session.');
    return ok(undefined);
  }
}
