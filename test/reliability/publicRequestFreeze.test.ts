/**
 * Reliability, issue 16 item 1: a public request cannot freeze the bot. The attack of the issue (POST
 * /kite/postback with a huge order_id: 64 KB blocked /health for 3.5 s, 1 MB hung the process for minutes, because
 * the log scrubber was quadratic) is replayed against the real HTTP server, the real logger and scrubber, and a real
 * KiteBroker on the fake Kite. Counted: hostile postbacks sent, /health calls answered, effects (Kite history reads,
 * order updates), log lines longer than a clipped field allows.
 */
import { randomBytes } from 'node:crypto';
import type { OrderUpdate } from '../../src/core/broker';
import { HealthRegistry } from '../../src/http/health';
import { POSTBACK_BODY_LIMIT } from '../../src/http/kiteRoutes';
import { startHttpServer, type HttpServer } from '../../src/http/server';
import { startFakeKite, type FakeKite } from '../fakes/kite';
import { INFY } from '../fakes/kite/support';
import { kiteBrokerOn } from '../support/brokers/omsFixtures';
import { capturedLogger, rawRequest, type RawAnswer } from './support';

const SECRET = 'reliability-kite-secret';
const MB = 1_000_000;

/** A postback-shaped JSON body of exactly `bytes` bytes whose order_id (and tag) is one long run of letters. */
function hostileBody(bytes: number, letter: string): string {
  const frame = (id: string): string => JSON.stringify({ order_id: id, order_timestamp: '2026-04-01 10:00:00', status: 'COMPLETE', average_price: 1, tag: 'X', checksum: randomBytes(32).toString('hex') });
  return frame(letter.repeat(bytes - frame('').length));
}

describe('reliability: a public request does not freeze the bot (issue 16 item 1)', () => {
  let fake: FakeKite;
  let server: HttpServer;
  const log = capturedLogger([SECRET], 'debug');
  const updates: OrderUpdate[] = [];

  beforeAll(async () => {
    fake = await startFakeKite({ instruments: [INFY], apiSecret: SECRET });
    const broker = kiteBrokerOn(fake, { apiSecret: SECRET, warn: (m) => log.logger.warn(m) });
    broker.onOrderUpdate((u) => updates.push(u));
    const started = await startHttpServer({ host: '127.0.0.1', port: 0, health: new HealthRegistry(), logger: log.logger, kite: { postbacks: broker } });
    if (!started.ok) throw new Error(started.error);
    server = started.value;
  });
  afterAll(async () => {
    await server.close();
    await fake.close();
  });

  it('a 1 MB postback: /health answers while it is being uploaded and after it; the postback is refused (413) and changes nothing', async () => {
    const health: RawAnswer[] = [];
    const postback = await rawRequest(`${server.url}/kite/postback`, {
      method: 'POST',
      body: hostileBody(MB, 'a'),
      parts: 4,
      between: async () => {
        health.push(await rawRequest(`${server.url}/health`));
      },
    });
    health.push(await rawRequest(`${server.url}/health`));
    // the server may refuse after the first chunk (the declared length is over the limit) and close the upload
    expect(health.length).toBeGreaterThanOrEqual(2);
    expect(health.filter((h) => h.status !== 200)).toEqual([]);
    expect([413, 0]).toContain(postback.status); // 413, or the connection closed once the limit was passed
    expect(fake.requests.count({ route: 'order.info' })).toBe(0);
    expect(updates).toEqual([]);
  });

  it('400 postbacks just under the body limit, every field a long run of letters or digits: all refused, /health always answers, log lines stay short', async () => {
    const attempts = 400;
    const answers: RawAnswer[] = [];
    const health: RawAnswer[] = [];
    const letters = ['a', 'Z', '1', 'x'];
    for (let i = 0; i < attempts; i += 20) {
      const batch = Array.from({ length: 20 }, (_, k) => rawRequest(`${server.url}/kite/postback`, { method: 'POST', body: hostileBody(POSTBACK_BODY_LIMIT - 64, letters[(i + k) % letters.length]!) }));
      health.push(await rawRequest(`${server.url}/health`));
      answers.push(...(await Promise.all(batch)));
    }
    const failures = {
      accepted: answers.filter((a) => a.status !== 400).length,
      healthDown: health.filter((h) => h.status !== 200).length,
      historyReads: fake.requests.count({ route: 'order.info' }),
      updates: updates.length,
      longLogLines: log.lines.filter((l) => l.length > 2_000).length,
    };
    expect(answers).toHaveLength(attempts);
    expect(health).toHaveLength(attempts / 20);
    expect(failures).toEqual({ accepted: 0, healthDown: 0, historyReads: 0, updates: 0, longLogLines: 0 });
    expect(log.lines.filter((l) => l.includes('postback refused')).length).toBeGreaterThanOrEqual(attempts);
  });
});
