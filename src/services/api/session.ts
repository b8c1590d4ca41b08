import type { Result } from '../../core/result';
import type { Refusal } from '../user';

export interface SessionStatus {
  /** False when the build has no Kite app configured. */
  readonly configured: boolean;
  readonly loggedIn: boolean;
  /** When the session ends (06:00 IST after the login), epoch ms. */
  readonly expiresAt?: number;
  /** The Kite user id of the session. */
  readonly userId?: string;
}

export interface SessionService {
  /** The Kite Connect login link for this app. */
  loginUrl(): Result<string, Refusal>;
  /** Ends the stored broker session (invalidates the access token). */
  logout(): Promise<Result<void, Refusal>>;
  /** Whether a Kite session is live, and until when. */
  status(): SessionStatus;
}
