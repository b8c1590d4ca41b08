import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { KiteConnect } from 'kiteconnect';
import { startFakeKite, type FakeKite } from '.';
import { ALL_INSTRUMENTS, INFY, clientFor } from './support';

describe('fake Kite postbacks', () => {
  let fake: FakeKite;
  let receiver: Server;
  const bodies: string[] = [];
  beforeAll(async () => {
    receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString('utf8')));
      req.on('end', () => {
        bodies.push(body);
        res.end('ok');
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/postback`;
    fake = await startFakeKite({ instruments: ALL_INSTRUMENTS, apiSecret: 'postback-secret', postbackUrl: url });
  });
  afterAll(async () => {
    await fake.close();
    await new Promise<void>((r) => receiver.close(() => r()));
  });

  it('POSTs raw JSON order updates whose checksum validatePostback accepts', async () => {
    fake.setLtp(INFY.token, 1500);
    const kc = clientFor(fake);
    const { order_id } = await kc.placeOrder('regular', {
      exchange: 'NSE', tradingsymbol: 'INFY', transaction_type: 'BUY', quantity: 2, product: 'CNC', order_type: 'MARKET', market_protection: -1,
    } as Parameters<typeof kc.placeOrder>[1]);
    await fake.postbacks?.idle();
    const payloads = bodies.map((b) => JSON.parse(b) as Record<string, unknown> & { order_id: string; order_timestamp: string; checksum: string });
    expect(payloads.map((p) => p.status)).toEqual(['OPEN', 'COMPLETE']);
    expect(payloads[1]).toMatchObject({ order_id, filled_quantity: 2, average_price: 1500, unfilled_quantity: 0, user_id: 'AB1234' });
    expect(payloads[1]!.order_timestamp).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    const verifier = new KiteConnect({ api_key: fake.apiKey });
    const complete = payloads[1]!;
    expect(verifier.validatePostback(complete, 'postback-secret')).toBe(true);
    expect(verifier.validatePostback(complete, 'another-secret')).toBe(false);
    expect(verifier.validatePostback({ ...complete, order_id: '1' }, 'postback-secret')).toBe(false);
    expect(fake.postbacks?.sent).toBe(2);
  });
});
