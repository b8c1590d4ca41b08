/**
 * The Kite session of the engine fixture, the one group that needs an outside system: the real KiteLoginPort and
 * KiteSessionManager with the real kiteconnect against the fake Kite (test/fakes/kite), the session stored
 * encrypted on the test database (MongoSessionRepository). `complete(link)` does what Kite's redirect does after
 * the user logs in on the link /login gave: a request token from the fake Kite, exchanged with the link's state.
 */
import { randomBytes } from 'node:crypto';
import { KiteConnect } from 'kiteconnect';
import type { Connection } from 'mongoose';
import { KiteBroker } from '../../../src/brokers/kite/kiteBroker';
import { KiteLoginPort } from '../../../src/brokers/kite/kiteLoginPort';
import { KiteSessionManager } from '../../../src/brokers/kite/kiteSessionManager';
import type { Clock } from '../../../src/core/clock';
import type { Result } from '../../../src/core/result';
import { MongoSessionRepository } from '../../../src/store/session/mongoSessionRepository';
import type { FakeKite } from '../../fakes/kite';

export interface KiteLogin {
  readonly port: KiteLoginPort;
  readonly manager: KiteSessionManager;
  /** Kite's redirect after a login on `link` (a /login reply's link): the request token exchanged with its state. */
  complete(link: string): Promise<Result<{ readonly userId?: string }, string>>;
}

export function kiteLogin(fake: FakeKite, conn: Connection, clock: Clock): KiteLogin {
  const kite = new KiteConnect({ api_key: fake.apiKey, root: fake.root });
  const broker = new KiteBroker({ kite, clock, sleep: async () => undefined });
  const repo = new MongoSessionRepository(conn, randomBytes(32), fake.apiKey);
  const manager = new KiteSessionManager({ repo, broker, clock });
  const port = new KiteLoginPort({ kite, manager, repo, broker, apiSecret: fake.apiSecret, now: () => clock.now() });
  return {
    port,
    manager,
    complete(link) {
      const state = /redirect_params=state%3D([0-9a-f]{32})/.exec(link)?.[1];
      return port.completeLogin(fake.sessions.issueRequestToken(), state);
    },
  };
}
