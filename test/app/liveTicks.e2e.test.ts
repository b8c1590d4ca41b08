/**
 * MODE=live market data: with a stored Kite session and a running instance, the bot subscribes the instance's
 * symbols on the (fake) Kite ticker instead of replaying synthetic bars; a tick pushed by the fake reaches the
 * last-price book and the ticker-freshness health check, and ticks across a minute close a bar the kernel gets.
 * Without a session at start there is no market data until /login (the banner says so; never the replay).
 */
import { startApp, type RunningApp } from '../../src/app';
import type { Config } from '../../src/config';
import type { Bar } from '../../src/core/bar';
import type { FakeKite } from '../fakes/kite';
import { INFY } from '../fakes/kite/support';
import { E2E_JOBS, e2eConfig, shiftedClock, silentLogger, startFakes, type Fakes } from '../support/e2e/appHarness';
import { LIVE_START, liveEnv, startLiveFakeKite, kiteCallbackUrl } from '../support/e2e/liveHarness';
import { eventually, freePort } from '../support/e2e/waiting';

const START = LIVE_START;

describe('MODE=live ticks from the Kite ticker', () => {
  let fakes: Fakes;
  let kite: FakeKite;
  let config: Config;
  let app: RunningApp | undefined;
  let banner: string[] = [];
  const clock = shiftedClock(START);

  async function start(): Promise<RunningApp> {
    banner = [];
    const r = await startApp({ config, logger: silentLogger(), worker: false, print: (l) => banner.push(l), clock, engine: { jobs: E2E_JOBS }, sweepEveryMs: 200 });
    if (!r.ok) throw new Error(`the app did not start: ${r.error.message}`);
    app = r.value;
    return r.value;
  }
  async function stop(): Promise<void> {
    const a = app;
    app = undefined;
    await a?.stop();
  }
  const health = async (a: RunningApp) => (await (await fetch(`${a.http.url}/health`)).json()) as { checks: Record<string, { status: string }> };

  beforeAll(async () => {
    fakes = await startFakes('e2e_live_ticks');
    kite = await startLiveFakeKite({ instruments: [INFY] });
    kite.setLtp(INFY.token, 1500);
    config = e2eConfig(fakes, {
      ...liveEnv(kite, 555),
      HTTP_PORT: String(await freePort()),
    });
  });

  afterAll(async () => {
    await stop();
    await kite?.close();
    await fakes?.close();
  });

  test('without a session at start there is no market data (never the replay) and the ticker is not used', async () => {
    const a = await start();
    expect(banner.join('\n')).toMatch(/Market data: none until \/login/);
    expect(kite.ticker.connectionCount()).toBe(0);
    const res = await fetch(kiteCallbackUrl(a.http.url, a.engine.services, kite.sessions.issueRequestToken()));
    expect(res.status).toBe(200);
    const started = await a.engine.trading.instances.start({ strategy: 'sma-cross', symbols: ['INFY'], capitalShare: 0.1 });
    expect(started.ok).toBe(true);
    await stop();
  });

  test('with a session, the running instance’s symbol is subscribed and its ticks reach the price book, health and the kernel', async () => {
    const a = await start();
    expect(banner.join('\n')).toContain('Market data: 1 symbol(s) from the Kite ticker');
    const subscribed = await eventually('the INFY subscription in full mode', () =>
      kite.ticker.subscriptions().some((c) => c.tokens.get(INFY.token) === 'full') ? true : undefined,
    );
    expect(subscribed).toBe(true);
    expect(a.engine.feed?.symbols).toEqual(['INFY']);

    const bars: [string, Bar][] = [];
    const kernel = a.engine.trading.kernel;
    const handleBar = kernel.handleBar.bind(kernel);
    const spy = jest.spyOn(kernel, 'handleBar').mockImplementation((symbol, bar) => {
      bars.push([symbol, { ...bar }]);
      handleBar(symbol, bar);
    });
    try {
      const minute = START + 60_000;
      kite.pushTick(INFY.token, { ltp: 1501.5, lastQty: 3, volume: 1_000, time: minute + 5_000 });
      kite.pushTick(INFY.token, { ltp: 1504, lastQty: 2, volume: 1_002, time: minute + 20_000 });
      await eventually('the tick in the price book', () => (a.engine.feed?.lastPrice('INFY') === 1504 ? true : undefined));
      expect(a.engine.feed?.dataAsOf()).toBe(minute + 20_000);
      expect((await health(a)).checks['ticker']?.status).toBe('up');

      // A tick in the next minute closes the first minute's bar.
      kite.pushTick(INFY.token, { ltp: 1499, lastQty: 1, volume: 1_003, time: minute + 65_000 });
      const [symbol, bar] = await eventually('the closed bar in the kernel', () => bars.find(([, b]) => b.time === minute));
      expect(symbol).toBe('INFY');
      expect(bar.open).toBe(1501.5);
      expect(bar.high).toBe(1504);
      expect(bar.low).toBe(1501.5);
      expect(bar.close).toBe(1504);
    } finally {
      spy.mockRestore();
    }
    await stop();
    expect(await eventually('the ticker connection closed', () => (kite.ticker.connectionCount() === 0 ? true : undefined))).toBe(true);
  });
});
