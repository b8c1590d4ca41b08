/**
 * One-time login states (issue 16): `/login` makes a random state and puts it in the login link as Kite's
 * `redirect_params` (a URL-encoded query string Kite appends to the redirect URL after a successful login — kite.trade
 * forum, "redirect_params", 2019); the callback exchanges a request token only when it carries a state this process
 * issued, not yet used and not expired, and the state is used up by that one attempt. A request token sent to
 * `/kite/callback` without a `/login` having been started is refused.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';

/** How long a login link stays usable (the daily reminder link is tapped within the morning). */
export const LOGIN_STATE_TTL_MS = 30 * 60_000;
/** Links kept at once (several admins, repeated /login); the oldest go first. */
const MAX_STATES = 20;

export class LoginStates {
  private readonly states = new Map<string, number>();

  constructor(
    private readonly now: () => number,
    private readonly ttlMs = LOGIN_STATE_TTL_MS,
  ) {}

  /** A new state, valid for `ttlMs`. */
  issue(): string {
    this.prune();
    const state = randomBytes(16).toString('hex');
    this.states.set(state, this.now() + this.ttlMs);
    while (this.states.size > MAX_STATES) this.states.delete(this.states.keys().next().value as string);
    return state;
  }

  /** True (and the state is used up) when `state` was issued here, is unused and has not expired. */
  consume(state: string | undefined): boolean {
    this.prune();
    if (state === undefined || !/^[0-9a-f]{32}$/.test(state)) return false;
    for (const [known] of this.states) {
      if (timingSafeEqual(Buffer.from(known), Buffer.from(state))) {
        this.states.delete(known);
        return true;
      }
    }
    return false;
  }

  private prune(): void {
    const t = this.now();
    for (const [s, until] of this.states) if (until <= t) this.states.delete(s);
  }
}
