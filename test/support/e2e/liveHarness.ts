/**
 * MODE=live end-to-end tests: the fake Kite started with the app's credentials and no session yet (the tests log
 * in through /kite/callback or find a stored one), and the environment that points the bot at it. Its history has
 * daily candles for every token (as Kite's has), so the risk engine can estimate the volatility of an order's symbol.
 */
import { istMidnight } from '../../../src/calendar/ist';
import type { Bar } from '../../../src/core/bar';
import type { Result } from '../../../src/core/result';
import { startFakeKite, type CandleGenerator, type FakeKite, type FakeKiteOptions } from '../../fakes/kite';

export const LIVE_API_KEY = 'livekey0123';
export const LIVE_API_SECRET = 'livesecret4567';
export const LIVE_ENCRYPTION_KEY = '5f'.repeat(32);
/** Wednesday 2025-01-08, 11:00 IST: the market is open. */
export const LIVE_START = Date.parse('2025-01-08T05:30:00Z');

/** Daily candles on weekdays, a wave of about 1% a day around ₹1,000 (the level does not matter, the returns do). */
export const dailyCandles: CandleGenerator = (token, interval, fromMs, toMs) => {
  if (interval !== 'day') return [];
  const bars: Bar[] = [];
  for (let t = istMidnight(fromMs); t <= toMs; t += 86_400_000) {
    if (t < fromMs) continue;
    const k = Math.floor(t / 86_400_000);
    const weekday = (k + 4) % 7; // 1970-01-01 was a Thursday
    if (weekday === 0 || weekday === 6) continue;
    const close = 1000 * (1 + 0.01 * Math.sin(k * 1.7 + token));
    bars.push({ time: t, open: close, high: close * 1.005, low: close * 0.995, close, volume: 100_000 });
  }
  return bars;
};

export async function startLiveFakeKite(o: Omit<FakeKiteOptions, 'apiKey' | 'apiSecret' | 'accessToken'> = {}): Promise<FakeKite> {
  const kite = await startFakeKite({ apiKey: LIVE_API_KEY, apiSecret: LIVE_API_SECRET, accessToken: null, ...o });
  kite.setCandleGenerator(dailyCandles);
  return kite;
}

/** MODE=live against `kite`, with `admin` (a Telegram user id) as the only allowed user. */
export function liveEnv(kite: FakeKite, admin: number): Record<string, string> {
  return {
    MODE: 'live',
    KITE_API_KEY: LIVE_API_KEY,
    KITE_API_SECRET: LIVE_API_SECRET,
    KITE_API_ROOT: kite.root,
    KITE_TICKER_URL: kite.tickerUrl,
    ENCRYPTION_KEY: LIVE_ENCRYPTION_KEY,
    TELEGRAM_ALLOWED_USERS: `${admin}:admin`,
    KITE_STATIC_IPS: '127.0.0.1',
  };
}

/**
 * The login redirect as Kite sends it after a login begun with /login: `status=success`, the request token, and the
 * one-time state the bot's login link carried in `redirect_params` (the callback refuses a request token without it).
 */
export function kiteCallbackUrl(httpUrl: string, services: { readonly session?: { loginUrl(): Result<string, string> } }, requestToken: string): string {
  const link = services.session?.loginUrl();
  if (!link?.ok) throw new Error(`no login link: ${link ? link.error : 'no session service'}`);
  const params = new URLSearchParams(new URL(link.value).searchParams.get('redirect_params') ?? '');
  return `${httpUrl}/kite/callback?action=login&type=login&status=success&request_token=${requestToken}&${params.toString()}`;
}
