/**
 * The Kite session's life: loaded (decrypted) from the session repository at start, saved encrypted after each
 * login, and expired — at 06:00 IST by the clock (`checkExpiry`, a job calls it) or when Kite answers
 * TokenException. Expiry halts the broker (every request answers `session-expired` without reaching Kite) and
 * emits one `session-expired` event; a fresh `login` resumes trading.
 */
import type { Clock } from '../../core/clock';
import type { DomainEvent } from '../../core/events';
import { err, ok, type Result } from '../../core/result';
import type { KiteSession, KiteSessionRepository } from './kiteSession';

/** What the manager needs of the broker (KiteBroker implements it). */
export interface HaltableBroker {
  resume(accessToken: string): void;
  halt(message?: string): void;
  onSessionExpired(listener: (message: string) => void): () => void;
}

export interface KiteSessionManagerOptions {
  readonly repo: KiteSessionRepository;
  readonly broker: HaltableBroker;
  readonly clock: Clock;
  readonly onEvent?: (e: DomainEvent) => void;
}

export class KiteSessionManager {
  private session: KiteSession | undefined;
  private readonly unsubscribe: () => void;

  constructor(private readonly o: KiteSessionManagerOptions) {
    this.unsubscribe = o.broker.onSessionExpired((message) => {
      this.session = undefined;
      o.onEvent?.({ type: 'session-expired', broker: 'kite', message, time: o.clock.now() });
    });
  }

  /** The session in use, if any (the token is in memory only). */
  get current(): KiteSession | undefined {
    return this.session;
  }

  /** Loads the stored session: trading resumes with it, or halts saying why (none, expired, wrong key). */
  async start(): Promise<Result<KiteSession, string>> {
    const r = await this.o.repo.load(this.o.clock.now());
    if (!r.ok) {
      this.o.broker.halt(r.error);
      return r;
    }
    this.session = r.value;
    this.o.broker.resume(r.value.accessToken);
    return ok(r.value);
  }

  /** After the login flow: the token is stored encrypted and trading resumes. */
  async login(accessToken: string, userId?: string): Promise<Result<KiteSession, string>> {
    if (accessToken.trim() === '') return err('Kite returned an empty access token; run the login again.');
    const s = await this.o.repo.save(accessToken, this.o.clock.now(), userId);
    this.session = s;
    this.o.broker.resume(accessToken);
    return ok(s);
  }

  /** Halts the broker once the session has passed its 06:00 IST expiry; true when it did so now. */
  checkExpiry(): boolean {
    const s = this.session;
    if (!s || this.o.clock.now() < s.expiresAt) return false;
    this.o.broker.halt('The Kite session expired at 06:00 IST; log in to Kite again to resume trading.');
    return true;
  }

  close(): void {
    this.unsubscribe();
  }
}
