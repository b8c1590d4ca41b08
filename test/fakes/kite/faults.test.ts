import { startFakeKite, type FakeKite } from '.';
import { ALL_INSTRUMENTS, INFY, clientFor, rejectionOf, type KiteClient } from './support';

const buy = (tag: string) => ({
  exchange: 'NSE' as const, tradingsymbol: 'INFY', transaction_type: 'BUY' as const, quantity: 1, product: 'CNC' as const,
  order_type: 'MARKET' as const, market_protection: -1, tag,
});

describe('fake Kite: fault injection, rate limits, request log', () => {
  let fake: FakeKite;
  let clock: number;
  let kc: KiteClient;
  beforeEach(async () => {
    clock = Date.UTC(2024, 0, 15, 4, 0);
    fake = await startFakeKite({ instruments: ALL_INSTRUMENTS, now: () => clock });
    fake.setLtp(INFY.token, 1500);
    kc = clientFor(fake);
  });
  afterEach(() => fake.close());

  it('answers 429 with the Kite body, 5xx, a bare 502 and TokenException once, then normally', async () => {
    fake.faults.add({ route: 'user.profile', action: { kind: 'error', status: 429 } });
    fake.faults.add({ route: 'user.profile', action: { kind: 'error', status: 503 } });
    fake.faults.add({ route: 'user.profile', action: { kind: 'rawStatus', status: 502 } });
    fake.faults.add({ route: 'user.profile', action: { kind: 'tokenException' } });
    const hook = jest.fn();
    kc.setSessionExpiryHook(hook);
    expect(await rejectionOf(kc.getProfile())).toMatchObject({ error_type: 'NetworkException', message: 'Too many requests' });
    expect((await rejectionOf(kc.getProfile())).error_type).toBe('NetworkException');
    expect(await rejectionOf(kc.getProfile())).toMatchObject({ error_type: 'NetworkException', message: 'Bad Gateway' });
    expect((await rejectionOf(kc.getProfile())).error_type).toBe('TokenException');
    expect(hook).toHaveBeenCalledTimes(1);
    await expect(kc.getProfile()).resolves.toMatchObject({ user_id: 'AB1234' });
    expect(fake.requests.list({ route: 'user.profile' }).map((r) => [r.status, r.fault])).toEqual([
      [429, 'error'], [503, 'error'], [502, 'rawStatus'], [403, 'tokenException'], [200, null],
    ]);
  });

  it('places the order server-side when the reply is lost, so a tag lookup finds it (no double placement)', async () => {
    fake.faults.add({ route: 'order.place', action: { kind: 'lostReply' } });
    const e = await rejectionOf(kc.placeOrder('regular', buy('cid42')));
    expect(e.error_type).toBe('NetworkException');
    const book = await kc.getOrders();
    expect(book.filter((o) => o.tag === 'cid42')).toHaveLength(1);
    expect(book[0]!.status).toBe('COMPLETE');
  });

  it('times the client out on a hung request and on a reply delayed past its timeout', async () => {
    const quick = clientFor(fake, 'fake_access_token', 200);
    fake.faults.add({ route: 'orders', action: { kind: 'hang' } });
    expect((await rejectionOf(quick.getOrders())).error_type).toBe('NetworkException');
    fake.faults.add({ route: 'order.place', action: { kind: 'lostReply', afterMs: 400 } });
    expect((await rejectionOf(quick.placeOrder('regular', buy('late1')))).error_type).toBe('NetworkException');
    expect(fake.orders.orders().map((o) => o.tag)).toEqual(['late1']);
    fake.faults.add({ route: 'user.profile', action: { kind: 'delay', ms: 20 } });
    await expect(quick.getProfile()).resolves.toMatchObject({ user_id: 'AB1234' });
  });

  it('skips the first calls and repeats a rule when asked', async () => {
    fake.faults.add({ route: 'market.quote.ltp', skip: 1, times: 2, action: { kind: 'error', status: 500 } });
    await expect(kc.getLTP(['NSE:INFY'])).resolves.toBeDefined();
    expect((await rejectionOf(kc.getLTP(['NSE:INFY']))).error_type).toBe('GeneralException');
    expect((await rejectionOf(kc.getLTP(['NSE:INFY']))).error_type).toBe('GeneralException');
    await expect(kc.getLTP(['NSE:INFY'])).resolves.toBeDefined();
  });

  it("enforces Kite's rate limits on the fake's clock: orders 10/s, quotes 1/s, and a per-minute cap", async () => {
    fake.setRateLimits(true);
    const outcome = (p: Promise<unknown>): Promise<number> =>
      p.then(() => 200, (e: { error_type: string; message: string }) => (e.message === 'Too many requests' ? 429 : 0));
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) statuses.push(await outcome(kc.placeOrder('regular', buy(`r${i}`))));
    expect(statuses).toEqual([...Array(10).fill(200), 429]);
    expect(fake.rateLimiter?.rejected.orders).toBe(1);
    clock += 1000;
    expect(await outcome(kc.placeOrder('regular', buy('after')))).toBe(200);
    await kc.getLTP(['NSE:INFY']);
    expect(await outcome(kc.getLTP(['NSE:INFY']))).toBe(429);

    fake.setRateLimits({ orders: { perSecond: 10, perMinute: 25 } }); // a small per-minute cap, same sliding window as 400/min
    const perSecond: number[] = [];
    for (let s = 0; s < 4; s++) {
      clock += 1000;
      let ok = 0;
      for (let i = 0; i < 10; i++) if ((await outcome(kc.placeOrder('regular', buy(`m${s}x${i}`)))) === 200) ok++;
      perSecond.push(ok);
    }
    expect(perSecond).toEqual([10, 10, 5, 0]);
    clock += 60_000;
    expect(await outcome(kc.placeOrder('regular', buy('nextmin')))).toBe(200);
  });

  it('logs every request so a test can prove that no HTTP call was made', async () => {
    expect(fake.requests.count()).toBe(0);
    await kc.getLTP(['NSE:INFY', 'NSE:RELIANCE']);
    const [r] = fake.requests.list();
    expect(r).toMatchObject({ method: 'GET', path: '/quote/ltp', route: 'market.quote.ltp', status: 200, time: clock });
    await kc.placeOrder('regular', buy('logme'));
    expect(new URLSearchParams(fake.requests.list({ route: 'order.place' })[0]!.body).get('tag')).toBe('logme');
    fake.requests.clear();
    expect(fake.requests.count({ route: 'market.historical' })).toBe(0);
  });
});
