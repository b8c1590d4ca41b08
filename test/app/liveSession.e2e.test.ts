/**
 * MODE=live while the bot runs, against the fakes (MongoDB test server, fake Kite REST + ticker, fake Telegram):
 * the bot starts without a Kite session and with no market data (never the replay: live strategies must not trade
 * on synthetic bars); the login redirect brings one readiness message (profile,
 * margins, instruments, ticker) and switches the market feed to the Kite ticker; a strategy instance started on a
 * new symbol is subscribed on the live ticker; the instruments-refresh and candle-sync jobs are scheduled and call
 * Kite; an order whose postback never comes is filled through the periodic order-book sync, exactly once; a logout
 * stops market data until the next login.
 */
import { requestApproval } from '../support/e2e/approvalRequest';
import { startApp, type RunningApp } from '../../src/app';
import type { Config } from '../../src/config';
import { clientOrderId, instrumentToken, userId } from '../../src/core/ids';
import type { Instrument } from '../../src/core/instrument';
import type { OrderIntent } from '../../src/core/order';
import type { FakeKite } from '../fakes/kite';
import { INFY } from '../fakes/kite/support';
import { E2E_JOBS, e2eConfig, shiftedClock, silentLogger, startFakes, type Fakes } from '../support/e2e/appHarness';
import { LIVE_START, liveEnv, startLiveFakeKite, kiteCallbackUrl } from '../support/e2e/liveHarness';
import { eventually, eventuallyFilled, freePort } from '../support/e2e/waiting';

const ADMIN = 777;
const START = LIVE_START;
const SBIN: Instrument = {
  token: instrumentToken(779521), exchangeToken: 3045, exchange: 'NSE', tradingsymbol: 'SBIN', name: 'STATE BANK OF INDIA',
  tickSize: 0.05, lotSize: 1, segment: 'NSE', instrumentType: 'EQ',
};
const admin = { userId: userId(String(ADMIN)), roles: ['admin'] };

describe('MODE=live: login while running, live ticks, data jobs, order-book sync', () => {
  let fakes: Fakes;
  let kite: FakeKite;
  let config: Config;
  let app: RunningApp;
  const banner: string[] = [];
  const clock = shiftedClock(START);
  const adminTexts = (): string[] => fakes.telegram.messages(ADMIN).filter((m) => m.fromBot).map((m) => m.state.text ?? '');
  const subscribed = (token: number): boolean => kite.ticker.subscriptions().some((c) => c.tokens.has(token));

  beforeAll(async () => {
    fakes = await startFakes('e2e_live_session');
    kite = await startLiveFakeKite({ instruments: [INFY, SBIN], cash: 250_000 });
    kite.setLtp(INFY.token, 1500);
    config = e2eConfig(fakes, {
      ...liveEnv(kite, ADMIN),
      HTTP_PORT: String(await freePort()),
    });
    const r = await startApp({
      config,
      logger: silentLogger(),
      worker: false,
      print: (l) => banner.push(l),
      clock,
      engine: { jobs: E2E_JOBS, liveFeedCheckEveryMs: 200 },
      sweepEveryMs: 200,
      kiteOrderSyncEveryMs: 300,
    });
    if (!r.ok) throw new Error(`the app did not start: ${r.error.message}`);
    app = r.value;
    // No postback URL: order updates reach the bot only through the order-book sync.
  });

  afterAll(async () => {
    await app?.stop();
    await kite?.close();
    await fakes?.close();
  });

  test('starts with no market data (never the replay), and the login brings one readiness message and the Kite ticker', async () => {
    expect(banner.join('\n')).toMatch(/Market data: none until \/login \(MODE=live trades on Kite ticks only, never on synthetic prices\)/);
    expect(app.engine.feed?.symbols).toEqual([]);
    expect((await app.engine.services.status!.status()).dataSource).toBe('none until /login (live trading uses Kite ticks only)');
    expect(kite.ticker.connectionCount()).toBe(0);

    const res = await fetch(kiteCallbackUrl(app.http.url, app.engine.services, kite.sessions.issueRequestToken()));
    expect(res.status).toBe(200);
    const ready = await eventually('the readiness message', () => adminTexts().find((t) => t.includes('Kite login complete')));
    expect(ready).toContain('trading is ready');
    expect(ready).toContain('Profile: AB1234 (Fake Kite User)');
    expect(ready).toMatch(/Margins \(equity\): available cash ₹2,50,000\.00, net ₹2,50,000\.00/);
    expect(ready).toContain('Instruments: 2 loaded');
    expect(ready).toMatch(/Ticker: connected, 1 symbol\(s\) subscribed/);
    expect(adminTexts().filter((t) => t.includes('Kite login complete'))).toHaveLength(1);
    expect(kite.requests.count({ route: 'user.profile' })).toBeGreaterThanOrEqual(1);
    expect(kite.requests.count({ route: 'user.margins.segment' })).toBeGreaterThanOrEqual(1);

    // The default symbol INFY is live now: a tick from the fake ticker reaches the price book and /status.
    expect(app.engine.feed?.symbols).toEqual(['INFY']);
    const tickAt = START + 120_000;
    kite.pushTick(INFY.token, { ltp: 1234.55, lastQty: 1, volume: 500, time: tickAt });
    await eventually('the live tick in the price book', () => (app.engine.feed?.lastPrice('INFY') === 1234.55 ? true : undefined));
    expect(app.engine.feed?.dataAsOf()).toBe(tickAt);
    const status = await app.engine.services.status!.status();
    expect(status.dataAsOf).toBe(tickAt);
    expect(status.dataSource).toBe('Kite ticker');
    expect(status.brokerSession?.loggedIn).toBe(true);
  });

  test('an instance started on a new symbol is subscribed on the live ticker and its ticks arrive', async () => {
    expect(subscribed(SBIN.token)).toBe(false);
    const started = await app.engine.trading.instances.start({ strategy: 'sma-cross', symbols: ['SBIN'], capitalShare: 0.1 });
    expect(started.ok).toBe(true);
    await eventually('the SBIN subscription', () => (subscribed(SBIN.token) ? true : undefined));
    await eventually('SBIN in the feed', () => (app.engine.feed?.symbols.includes('SBIN') ? true : undefined));
    kite.pushTick(SBIN.token, { ltp: 801.25, lastQty: 5, volume: 50, time: START + 130_000 });
    await eventually('the SBIN tick in the price book', () => (app.engine.feed?.lastPrice('SBIN') === 801.25 ? true : undefined));
  });

  test('the instruments refresh and the candle sync are scheduled in live mode and call Kite when run', async () => {
    const names = app.engine.jobs.names();
    expect(names).toEqual(expect.arrayContaining(['instruments-refresh', 'candle-sync']));

    const dumps = kite.requests.count({ route: 'market.instruments.all' });
    const refreshed = await app.engine.jobs.runNow('instruments-refresh');
    expect(refreshed.ok && refreshed.value.status).toBe('done');
    expect(refreshed.ok && refreshed.value.note).toBe('2 instruments');
    expect(kite.requests.count({ route: 'market.instruments.all' })).toBe(dumps + 1);

    const synced = await app.engine.jobs.runNow('candle-sync');
    expect(synced.ok && synced.value.status).toBe('done');
    const paths = kite.requests.list({ route: 'market.historical' }).map((r) => r.path);
    expect(paths).toEqual(expect.arrayContaining([`/instruments/historical/${SBIN.token}/day`, `/instruments/historical/${SBIN.token}/minute`]));
  });

  test('an order whose postback never comes is filled by the periodic order-book sync, once', async () => {
    let fills = 0;
    const id = clientOrderId(`ls${Date.now() % 1_000_000}`);
    const off = app.engine.trading.events.on('order-filled', (e) => {
      if (e.fill.clientOrderId === id) fills++;
    });
    try {
      const intent: OrderIntent = {
        clientOrderId: id, symbol: 'INFY', side: 'BUY', quantity: 2, orderType: 'MARKET', product: 'CNC', validity: 'DAY',
        source: { kind: 'user', userId: admin.userId }, reason: 'live sync e2e', time: clock.now(),
      };
      const approvals = app.engine.trading.approvals;
      const r = await requestApproval(app.engine.trading, [{ intent, sizingReason: 'live sync e2e', signalPrice: app.engine.feed?.lastPrice('INFY') ?? 1500 }]);
      if (!r.ok || !r.value.approval) throw new Error('the approval was refused');
      const d = await approvals.decide(r.value.approval.id, { kind: 'approve' }, admin);
      expect(d.ok).toBe(true);

      const filled = await eventuallyFilled('the fill through the order-book sync', () => app.engine.repos.orders.get(id));
      expect(filled.filledQuantity).toBe(2);
      expect(kite.orders.orders().filter((o) => o.tag === id)).toHaveLength(1);
      expect(kite.postbacks).toBeNull();
      // Later syncs read the same COMPLETE order again: no second fill.
      const reads = kite.requests.count({ route: 'orders' });
      await eventually('three more order-book reads', () => (kite.requests.count({ route: 'orders' }) >= reads + 3 ? true : undefined));
      expect(fills).toBe(1);
      expect((await app.engine.repos.orders.get(id))?.filledQuantity).toBe(2);
    } finally {
      off();
    }
  });

  test('a logout stops the Kite ticker and market data (no fall back to the replay)', async () => {
    const out = await app.engine.kite!.login.logout();
    expect(out.ok).toBe(true);
    await eventually('the ticker connection closed', () => (kite.ticker.connectionCount() === 0 ? true : undefined));
    await eventually('the feed emptied', () => (app.engine.feed?.symbols.length === 0 ? true : undefined));
    expect(app.engine.kite!.tickerStatus()).toBeUndefined();
    expect((await app.engine.services.status!.status()).dataSource).toBe('none until /login (live trading uses Kite ticks only)');
  });
});
