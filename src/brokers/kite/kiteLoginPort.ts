/**
 * The Kite side of the chat session commands (services/engine/sessionService.ts `BrokerSessionPort`): the login
 * link from kiteconnect (`https://kite.zerodha.com/connect/login?api_key=…&v=3`), the session in use from the
 * session manager, and logout = invalidate the access token at Kite (best effort: the local session ends even if
 * Kite cannot be reached), forget the stored token, halt the broker until the next login.
 */
import type { Result } from '../../core/result';
import { ok } from '../../core/result';
import type { KiteClient } from './kiteBroker';
import type { KiteSessionRepository } from './kiteSession';
import type { HaltableBroker, KiteSessionManager } from './kiteSessionManager';

export interface KiteLoginPortOptions {
  readonly kite: Pick<KiteClient, 'getLoginURL' | 'invalidateAccessToken'>;
  readonly manager: Pick<KiteSessionManager, 'current'>;
  readonly repo: Pick<KiteSessionRepository, 'clear'>;
  readonly broker: Pick<HaltableBroker, 'halt'>;
}

export class KiteLoginPort {
  constructor(private readonly o: KiteLoginPortOptions) {}

  loginUrl(): string {
    return this.o.kite.getLoginURL();
  }

  current(): { readonly loggedIn: boolean; readonly expiresAt?: number; readonly userId?: string } {
    const s = this.o.manager.current;
    return s ? { loggedIn: true, expiresAt: s.expiresAt, ...(s.userId !== undefined ? { userId: s.userId } : {}) } : { loggedIn: false };
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
