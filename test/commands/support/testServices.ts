/**
 * Hand-written service groups that the command tests still use where the engine fixture
 * (engineServices.ts, the real engines) has no such group yet: the Kite session. They keep just enough state to tell a right call from a wrong one.
 * Backtests (and every order, approval, position and chart) go through the real engines.
 */
import { err, ok } from '../../../src/core/result';
import type { SessionService } from '../../../src/services/api/session';

/** A tiny PNG signature + IHDR-less body: enough for transports that only move bytes. */
export const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);

export class TestSession implements SessionService {
  loggedIn = true;
  loginUrl() {
    return ok('https://kite.zerodha.com/connect/login?v=3&api_key=test_key');
  }
  async logout() {
    if (!this.loggedIn) return err('There is no Kite session to end; send /login first.');
    this.loggedIn = false;
    return ok(undefined);
  }
  status() {
    return { configured: true, loggedIn: this.loggedIn };
  }
}
