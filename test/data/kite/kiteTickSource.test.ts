import { istTime } from '../../../src/calendar/ist';
import type { MutableBar } from '../../../src/core/bar';
import { instrumentToken, type InstrumentToken } from '../../../src/core/ids';
import type { Tick } from '../../../src/core/tick';
import { BarAggregator } from '../../../src/data/bars/barAggregator';
import type { TickerStatus } from '../../../src/data/kite/kiteTickerConnection';
import { KiteTickSource } from '../../../src/data/kite/kiteTickSource';
import { startFakeKite, type FakeKite } from '../../fakes/kite';

/** NSE cash tokens end in segment byte 1 (prices ÷ 100). */
const nseToken = (n: number): InstrumentToken => instrumentToken(n * 256 + 1);
const INFY = nseToken(1594);
const TCS = nseToken(11536);

async function waitFor(what: string, cond: () => boolean, timeoutMs = 15_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const subscribedOnFake = (fake: FakeKite): number[] => fake.ticker.subscriptions().flatMap((c) => [...c.tokens.keys()]);

describe('KiteTickSource (real KiteTicker in worker threads) against the fake ticker', () => {
  let fake: FakeKite;
  let source: KiteTickSource | null = null;
  const statuses: TickerStatus[] = [];

  beforeEach(async () => {
    fake = await startFakeKite({ heartbeatMs: 200 });
    statuses.length = 0;
  });
  afterEach(async () => {
    await source?.stop();
    source = null;
    await fake.close();
  });

  const open = (accessToken = 'fake_access_token') => {
    source = new KiteTickSource({
      apiKey: fake.apiKey, accessToken, root: fake.tickerUrl, reconnect: { baseDelayMs: 50, maxDelayMs: 200 }, onStatus: (s) => statuses.push(s),
    });
    return source;
  };

  it('normalises full-mode ticks and feeds the bar aggregator', async () => {
    const src = open();
    expect(src.subscribe([INFY, TCS]).ok).toBe(true);
    const ticks: Tick[] = [];
    const bars: MutableBar[] = [];
    const agg = new BarAggregator({ interval: '1m', onBar: (_t, b) => bars.push({ ...b }) });
    await src.start((t) => {
      ticks.push({ ...t });
      agg.handleTick(t);
    });
    await waitFor('subscriptions on the fake', () => subscribedOnFake(fake).length === 2);
    // KiteTicker subscribes, then sets the mode in a second message: wait for both (under load they come apart).
    await waitFor('full mode on the fake', () => fake.ticker.subscriptions()[0]?.tokens.get(INFY) === 'full');
    const t0 = istTime('2025-03-03', '09:15');
    fake.pushTick(INFY, { ltp: 1500.05, volume: 1200, lastQty: 5, exchangeTime: t0 + 2000, oi: 0 });
    fake.pushTicks([
      { token: INFY, tick: { ltp: 1502.5, volume: 1500, lastQty: 300, exchangeTime: t0 + 30_000 } },
      { token: TCS, tick: { ltp: 3999.95, volume: 10, lastQty: 10, exchangeTime: t0 + 31_000 } },
    ]);
    fake.pushTick(INFY, { ltp: 1499, volume: 1700, lastQty: 200, exchangeTime: t0 + 61_000 });
    await waitFor('four ticks', () => ticks.length === 4);
    expect(ticks[0]).toEqual({ token: INFY, price: 1500.05, lastQuantity: 5, volumeTraded: 1200, time: t0 + 2000, oi: 0 });
    expect(ticks.map((t) => [t.token, t.price, t.volumeTraded, t.time - t0])).toEqual([
      [INFY, 1500.05, 1200, 2000],
      [INFY, 1502.5, 1500, 30_000],
      [TCS, 3999.95, 10, 31_000],
      [INFY, 1499, 1700, 61_000],
    ]);
    expect(bars).toEqual([{ time: t0, open: 1500.05, high: 1502.5, low: 1500.05, close: 1502.5, volume: 1500, oi: 0 }]);
  });

  it('restores subscriptions after the server drops the connection', async () => {
    const src = open();
    src.subscribe([INFY, TCS]);
    const seen: number[] = [];
    await src.start((t) => seen.push(t.price));
    await waitFor('first subscriptions', () => subscribedOnFake(fake).length === 2);
    fake.ticker.dropConnections();
    await waitFor('reconnect', () => statuses.filter((s) => s.kind === 'connected').length >= 2);
    await waitFor('subscriptions restored', () => subscribedOnFake(fake).sort().join() === [INFY, TCS].sort().join());
    expect(statuses.some((s) => s.kind === 'disconnected' && s.retryInMs !== null)).toBe(true);
    // The mode is a message of its own after the subscription (KiteTicker sends `subscribe`, then `mode`): waited for,
    // not read the instant the subscription shows (the Node 24 run of .ci/run read 'quote' there once, on a loaded machine).
    await waitFor('the full mode restored', () => fake.ticker.subscriptions()[0]?.tokens.get(TCS) === 'full');
    fake.pushTick(TCS, { ltp: 4001, volume: 20 });
    await waitFor('a tick after the reconnect', () => seen.includes(4001));
  });

  it('spreads more than 3000 instruments over several connections and delivers ticks from each', async () => {
    const src = open();
    const tokens = Array.from({ length: 3500 }, (_, i) => nseToken(100 + i));
    expect(src.subscribe(tokens).ok).toBe(true);
    expect(src.distribution()).toEqual([3000, 500]);
    const seen = new Set<number>();
    await src.start((t) => seen.add(t.token));
    await waitFor('3500 subscriptions over 2 connections', () => fake.ticker.connectionCount() === 2 && subscribedOnFake(fake).length === 3500);
    expect(fake.ticker.subscriptions().map((c) => c.tokens.size).sort((a, b) => a - b)).toEqual([500, 3000]);
    expect(new Set(subscribedOnFake(fake))).toEqual(new Set(tokens));
    fake.pushTicks([tokens[0]!, tokens[2999]!, tokens[3000]!, tokens[3499]!].map((token) => ({ token, tick: { ltp: 10 } })));
    await waitFor('ticks from both connections', () => seen.size === 4);
    // Kite's per-key limits: 3 × 3000
    expect(src.subscribe(Array.from({ length: 5501 }, (_, i) => nseToken(10_000 + i)))).toEqual({
      ok: false,
      error: 'cannot subscribe 9001 instruments: Kite allows 3 connections of 3000 instruments (9000) per API key; subscribe fewer.',
    });
    expect(src.subscribe(Array.from({ length: 5500 }, (_, i) => nseToken(10_000 + i))).ok).toBe(true);
    expect(src.distribution()).toEqual([3000, 3000, 3000]);
    await waitFor('third connection', () => fake.ticker.connectionCount() === 3 && subscribedOnFake(fake).length === 9000);
  });

  it('stops retrying when Kite refuses the login and says to log in again', async () => {
    const src = open('wrong_token');
    src.subscribe([INFY]);
    await src.start(() => undefined);
    await waitFor('a final disconnect', () => statuses.some((s) => s.kind === 'disconnected' && s.retryInMs === null));
    const last = statuses[statuses.length - 1]!;
    expect(last.kind === 'disconnected' && last.reason).toBe('Kite refused the ticker login (403); log in to Kite again to get a new access token');
    expect(fake.ticker.rejectedUpgrades).toBe(1);
  });
});
