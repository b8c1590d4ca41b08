/** Bar intervals: Kite's set. */
export const INTERVALS = ['1m', '3m', '5m', '10m', '15m', '30m', '60m', 'day'] as const;
export type Interval = (typeof INTERVALS)[number];

const MINUTES: Record<Interval, number> = {
  '1m': 1,
  '3m': 3,
  '5m': 5,
  '10m': 10,
  '15m': 15,
  '30m': 30,
  '60m': 60,
  day: 375, // one NSE session 09:15–15:30
};

/** Kite's interval names in the historical API. */
export type KiteIntervalName = 'minute' | '3minute' | '5minute' | '10minute' | '15minute' | '30minute' | '60minute' | 'day';

/** Kite's name for each interval in the historical API. */
export const KITE_INTERVAL: Readonly<Record<Interval, KiteIntervalName>> = {
  '1m': 'minute',
  '3m': '3minute',
  '5m': '5minute',
  '10m': '10minute',
  '15m': '15minute',
  '30m': '30minute',
  '60m': '60minute',
  day: 'day',
};

export const isInterval = (s: string): s is Interval => (INTERVALS as readonly string[]).includes(s);

/** Length of an intraday interval in milliseconds; for `day` the length of one regular session. */
export const intervalMs = (i: Interval): number => MINUTES[i] * 60_000;

export const isIntraday = (i: Interval): boolean => i !== 'day';
