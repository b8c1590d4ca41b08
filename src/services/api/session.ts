import type { Result } from '../../core/result';
import type { Refusal } from '../user';

export interface SessionService {
  /** The Kite Connect login link for this app. */
  loginUrl(): Result<string, Refusal>;
  /** Ends the stored broker session (invalidates the access token). */
  logout(): Promise<Result<void, Refusal>>;
}
