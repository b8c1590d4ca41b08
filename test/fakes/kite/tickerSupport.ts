/** Helpers for ticker tests: wait for a condition without timing assertions, collect KiteTicker events, connect the real KiteTicker. */
import { KiteTicker } from 'kiteconnect';
import type { FakeKite } from '.';

/** Resolves once `cond()` holds, checking every few ms; fails after `limitMs` (a hang guard, not an assertion on speed). */
export async function until(cond: () => boolean, limitMs = 5000): Promise<void> {
  const start = performance.now();
  while (!cond()) {
    if (performance.now() - start > limitMs) throw new Error('condition not reached');
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** Collects every payload of one event (KiteTicker has no `off`, so listeners stay for the file). */
export class EventLog<T> {
  readonly items: T[] = [];
  readonly push = (item: T): void => {
    this.items.push(item);
  };

  /** Waits for the first item after position `from` that matches, and returns it. */
  async next(match: (t: T) => boolean, from = 0): Promise<T> {
    let found: T | undefined;
    await until(() => {
      found = this.items.slice(from).find(match);
      return found !== undefined;
    });
    return found as T;
  }
}

/** The real KiteTicker, as kiteconnect types it. */
export type Ticker = InstanceType<typeof KiteTicker>;

/**
 * Connects the REAL KiteTicker to the fake's ticker (one per file: kiteconnect keeps its socket in module state),
 * with reconnect off. `listen` adds the file's listeners before the connection opens. While the ticker lives only
 * setInterval/clearInterval and Date are faked: its 5 s read-timeout interval outlives disconnect() by up to ~10 s and
 * would keep Jest from exiting — `closeTicker` advances them past it so the interval clears itself.
 */
export async function connectTicker(fake: FakeKite, listen: (ticker: Ticker) => void): Promise<Ticker> {
  const ticker: Ticker = new KiteTicker({ api_key: fake.apiKey, access_token: 'fake_access_token', root: fake.tickerUrl, reconnect: false } as ConstructorParameters<typeof KiteTicker>[0]);
  listen(ticker);
  const connected = new Promise<void>((resolve) => ticker.on('connect', () => resolve()));
  jest.useFakeTimers({ doNotFake: ['setTimeout', 'clearTimeout', 'setImmediate', 'clearImmediate', 'nextTick', 'queueMicrotask', 'hrtime', 'performance'] });
  ticker.connect();
  await connected;
  return ticker;
}

/** Disconnects a ticker of `connectTicker`, waits for the fake to see it go, and lets its timeout interval clear. */
export async function closeTicker(ticker: Ticker, fake: FakeKite): Promise<void> {
  ticker.autoReconnect(false);
  ticker.disconnect();
  await until(() => fake.ticker.connectionCount() === 0);
  jest.advanceTimersByTime(10_000);
  jest.useRealTimers();
}
