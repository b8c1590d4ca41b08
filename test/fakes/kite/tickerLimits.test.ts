/** Connection and subscription limits, server-side drops and update delivery faults, seen by plain `ws` clients. */
import WebSocket from 'ws';
import { MAX_CONNECTIONS_PER_KEY, MAX_INSTRUMENTS_PER_CONNECTION, startFakeKite, type FakeKite } from '.';
import { ALL_INSTRUMENTS, INFY, clientFor } from './support';
import { EventLog, until } from './tickerSupport';

describe('fake Kite ticker limits and faults', () => {
  let fake: FakeKite;
  const sockets: WebSocket[] = [];
  beforeEach(async () => {
    fake = await startFakeKite({ instruments: ALL_INSTRUMENTS, heartbeatMs: 60_000 });
  });
  afterEach(async () => {
    sockets.splice(0).forEach((s) => s.terminate());
    await fake.close();
  });

  /** Opens a socket; resolves with it when open, or with the HTTP status of a refused upgrade. */
  function open(token = 'fake_access_token'): Promise<WebSocket | number> {
    return new Promise((resolve) => {
      const ws = new WebSocket(`${fake.tickerUrl}?api_key=${fake.apiKey}&access_token=${token}`);
      sockets.push(ws);
      ws.on('open', () => resolve(ws));
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.on('error', () => undefined);
    });
  }

  it('refuses a bad token with 403 and the fourth connection of a key with 429', async () => {
    expect(await open('wrong')).toBe(403);
    for (let i = 0; i < MAX_CONNECTIONS_PER_KEY; i++) expect(await open()).toBeInstanceOf(WebSocket);
    expect(await open()).toBe(429);
    expect(fake.ticker.connectionCount()).toBe(3);
    expect(fake.ticker.rejectedUpgrades).toBe(2);
  });

  it('caps a connection at 3000 instruments and reports the refused ones', async () => {
    const ws = (await open()) as WebSocket;
    const texts = new EventLog<string>();
    ws.on('message', (data, isBinary) => {
      if (!isBinary) texts.push(data.toString());
    });
    ws.send(JSON.stringify({ a: 'subscribe', v: Array.from({ length: MAX_INSTRUMENTS_PER_CONNECTION + 5 }, (_, i) => i + 1) }));
    const error = JSON.parse(await texts.next((t) => t.includes('"error"')));
    expect(error.data).toMatch(/5 refused/);
    expect(fake.ticker.subscriptions()[0]!.tokens.size).toBe(MAX_INSTRUMENTS_PER_CONNECTION);
  });

  it('drops connections from the server side so clients can test reconnects', async () => {
    const ws = (await open()) as WebSocket;
    const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
    fake.ticker.dropConnections(true);
    expect(await closed).toBe(1001);
    expect(fake.ticker.connectionCount()).toBe(0);
    expect(await open()).toBeInstanceOf(WebSocket); // the slot is free again
  });

  it('can deliver order updates twice and in reverse order', async () => {
    const ws = (await open()) as WebSocket;
    const updates = new EventLog<{ status: string; order_id: string }>();
    ws.on('message', (data, isBinary) => {
      if (isBinary) return;
      const msg = JSON.parse(data.toString()) as { type: string; data: { status: string; order_id: string } };
      if (msg.type === 'order') updates.push(msg.data);
    });
    fake.updates.duplicate = true;
    fake.updates.outOfOrder = true;
    fake.setLtp(INFY.token, 1500);
    const kc = clientFor(fake);
    const { order_id } = await kc.placeOrder('regular', {
      exchange: 'NSE', tradingsymbol: 'INFY', transaction_type: 'BUY', quantity: 1, product: 'CNC', order_type: 'LIMIT', price: 1500,
    });
    await until(() => updates.items.length === 4);
    expect(updates.items.map((u) => u.status)).toEqual(['COMPLETE', 'COMPLETE', 'OPEN', 'OPEN']);
    expect(new Set(updates.items.map((u) => u.order_id))).toEqual(new Set([order_id]));
  });
});
