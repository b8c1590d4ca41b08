import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { OrderUpdate } from '../../src/core/broker';
import { err, ok } from '../../src/core/result';
import { HealthRegistry } from '../../src/http/health';
import { POSTBACK_BODY_LIMIT, type KiteLoginPort } from '../../src/http/kiteRoutes';
import { buildHttpApp } from '../../src/http/server';
import { createLogger, SecretScrubber } from '../../src/log';
import { startFakeKite } from '../fakes/kite';
import { clientFor, INFY } from '../fakes/kite/support';
import { kiteBrokerOn } from '../support/brokers/omsFixtures';
import { listen, type Call, type HttpAnswer } from './httpClient';

const logger = createLogger({ level: 'silent', format: 'json', scrubber: new SecretScrubber() });
const SECRET = 'kite-api-secret';

class TestLogin implements KiteLoginPort {
  readonly tokens: string[] = [];
  readonly states: (string | undefined)[] = [];
  answer: 'ok' | 'fail' = 'ok';
  async completeLogin(requestToken: string, state: string | undefined) {
    this.tokens.push(requestToken);
    this.states.push(state);
    return this.answer === 'ok' ? ok({ userId: 'AB1234', userName: 'Asha' }) : err('Kite refused the request token <expired>; start again with /login.');
  }
}

let apps: FastifyInstance[] = [];
async function serve(o: Parameters<typeof buildHttpApp>[0]): Promise<(c: Call) => Promise<HttpAnswer>> {
  const app = buildHttpApp(o);
  apps.push(app);
  return listen(app);
}
afterEach(async () => {
  for (const a of apps) await a.close();
  apps = [];
});

/** A Kite postback body as Kite sends it, with checksum sha256(order_id + order_timestamp + api_secret). */
function postback(orderId: string, secret = SECRET): Record<string, unknown> {
  const order_timestamp = '2025-12-23 10:15:02';
  return {
    order_id: orderId, tag: null, exchange: 'NSE', tradingsymbol: 'INFY', transaction_type: 'BUY', order_type: 'MARKET', product: 'CNC',
    quantity: 10, filled_quantity: 10, average_price: 1500.05, price: 0, trigger_price: 0, status: 'COMPLETE', status_message: null,
    order_timestamp, exchange_update_timestamp: order_timestamp,
    checksum: createHash('sha256').update(orderId + order_timestamp + secret).digest('hex'),
  };
}

describe('GET /kite/callback', () => {
  test('success: exchanges the token and answers a small page pointing to the readiness check in the chat', async () => {
    const login = new TestLogin();
    const http = await serve({ health: new HealthRegistry(), logger, kite: { login } });
    const r = await http({ method: 'GET', url: `/kite/callback?action=login&type=login&status=success&request_token=rt-123&state=${'a'.repeat(32)}` });
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(r.body).toContain('<h1>Kite login complete</h1>');
    expect(r.body).toContain('Logged in to Kite as Asha. The readiness check (profile, margins, instruments, ticker) is in the chat; you can close this page.');
    expect(login.tokens).toEqual(['rt-123']);
    expect(login.states).toEqual(['a'.repeat(32)]); // the state Kite's redirect_params brought back goes to the port
  });

  test('a request token without the state /login gives is refused (403) and never exchanged', async () => {
    const login = new TestLogin();
    const http = await serve({ health: new HealthRegistry(), logger, kite: { login } });
    const r = await http({ method: 'GET', url: '/kite/callback?action=login&status=success&request_token=rt-123' });
    expect(r.statusCode).toBe(403);
    expect(r.body).toContain('This login was not started from /login in the chat');
    expect(login.tokens).toEqual([]);
  });

  test('a login that did not succeed, a refused token, and no Kite configured', async () => {
    const login = new TestLogin();
    const http = await serve({ health: new HealthRegistry(), logger, kite: { login } });
    const cancelled = await http({ method: 'GET', url: '/kite/callback?status=cancelled' });
    expect(cancelled.statusCode).toBe(400);
    expect(cancelled.body).toContain('Kite did not report a successful login (status: cancelled); start again with /login in the chat.');
    expect((await http({ method: 'GET', url: '/kite/callback?status=success' })).statusCode).toBe(400);
    expect(login.tokens).toEqual([]);

    login.answer = 'fail';
    const refused = await http({ method: 'GET', url: '/kite/callback?status=success&request_token=rt-9&state=x' });
    expect(refused.statusCode).toBe(502);
    expect(refused.body).toContain('Kite refused the request token &lt;expired&gt;; start again with /login.');
    expect(refused.body).not.toContain('<expired>');

    const off = await serve({ health: new HealthRegistry(), logger });
    const r = await off({ method: 'GET', url: '/kite/callback?status=success&request_token=x' });
    expect(r.statusCode).toBe(503);
    expect(r.body).toContain('set KITE_API_KEY and KITE_API_SECRET');
  });
});

describe('POST /kite/postback', () => {
  test('a verified postback triggers a read of the order from Kite and applies that; a bad checksum is a 400 and reads nothing', async () => {
    const fake = await startFakeKite({ instruments: [INFY], apiSecret: SECRET });
    try {
      const warnings: string[] = [];
      const broker = kiteBrokerOn(fake, { warn: (m) => warnings.push(m) });
      const updates: OrderUpdate[] = [];
      broker.onOrderUpdate((u) => updates.push(u));
      fake.setLtp(INFY.token, 1500.05);
      const { order_id } = await clientFor(fake).placeOrder('regular', { exchange: 'NSE', tradingsymbol: 'INFY', transaction_type: 'BUY', quantity: 10, product: 'CNC', order_type: 'MARKET', market_protection: -1 } as never);
      const id = String(order_id);
      const http = await serve({ health: new HealthRegistry(), logger, kite: { postbacks: broker } });
      const reads = (): number => fake.requests.count({ route: 'order.info' });

      const forged = await http({ method: 'POST', url: '/kite/postback', payload: postback(id, 'wrong-secret') });
      expect(forged.statusCode).toBe(400);
      expect(forged.json()).toEqual({ error: `The postback for order ${id} has a checksum that does not match; ignored (check the API secret).` });
      expect(updates).toEqual([]);

      const missing = await http({ method: 'POST', url: '/kite/postback', payload: { order_id: '1' } });
      expect(missing.statusCode).toBe(400);
      expect(reads()).toBe(0);

      const good = await http({ method: 'POST', url: '/kite/postback', payload: postback(id) });
      expect(good.statusCode).toBe(200);
      expect(good.json()).toEqual({ ok: true, updates: 2 });
      expect(reads()).toBe(1);
      expect(updates.map((u) => u.kind)).toEqual(['accepted', 'filled']);
      const fill = updates[1];
      if (fill?.kind !== 'filled') throw new Error('expected a fill');
      expect(fill.fill).toMatchObject({ quantity: 10, price: 1500.05 }); // Kite's figures, not the body's

      // the same postback again: the order is COMPLETE at Kite, so nothing is asked and nothing changes
      const again = await http({ method: 'POST', url: '/kite/postback', payload: postback(id) });
      expect(again.json()).toEqual({ ok: true, updates: 0 });
      expect(reads()).toBe(1);
      expect(warnings).toHaveLength(2);
    } finally {
      await fake.close();
    }
  });

  test('a body over the postback limit is refused with 413 before it is read', async () => {
    const http = await serve({ health: new HealthRegistry(), logger, kite: { postbacks: { handlePostback: async () => ok([]) } } });
    const r = await http({ method: 'POST', url: '/kite/postback', payload: { ...postback('1'), pad: 'x'.repeat(POSTBACK_BODY_LIMIT) } });
    expect(r.statusCode).toBe(413);
  });

  test('without a postback port the route says postbacks are off', async () => {
    const http = await serve({ health: new HealthRegistry(), logger });
    const r = await http({ method: 'POST', url: '/kite/postback', payload: postback('1') });
    expect(r.statusCode).toBe(503);
  });
});
