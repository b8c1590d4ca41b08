/**
 * Paper mode without Kite: the demo market — a seeded synthetic market (src/data/synthetic/syntheticTickFeed.ts)
 * that keeps trading at wall-clock times for each symbol, starting from the last daily close of the symbol's
 * synthetic history (the bars /chart and backtests show), at `speed` times a session's pace of price movement.
 * It trades round the clock (its bars are made at any hour), so the demo never freezes after a session and a
 * restart carries on at the current time.
 */
import type { TickFeed } from '../core/feed';
import { instrumentToken, type InstrumentToken } from '../core/ids';
import type { SessionMinutes } from '../data/bars/barAggregator';
import { SyntheticTickFeed, type SyntheticInstrument } from '../data/synthetic/syntheticTickFeed';
import type { BarHistory } from '../services/engine/barHistory';

export interface DemoMarket {
  readonly feed: TickFeed;
  readonly symbols: ReadonlyMap<InstrumentToken, string>;
  /** Bars at every hour of the day. */
  readonly session: (midnight: number) => SessionMinutes;
}

const ROUND_THE_CLOCK: SessionMinutes = { open: 0, close: 24 * 60 };
const DAY_MS = 86_400_000;

export async function demoMarket(o: { readonly history: BarHistory; readonly symbols: readonly string[]; readonly now: () => number; readonly speed: number; readonly everyMs?: number }): Promise<DemoMarket> {
  const instruments: SyntheticInstrument[] = [];
  const to = o.now();
  for (const [i, symbol] of o.symbols.entries()) {
    const bars = await o.history.bars({ symbol, interval: 'day', from: to - 14 * DAY_MS, to });
    const n = bars.ok ? bars.value.length : 0;
    if (!bars.ok || n === 0) continue;
    instruments.push({ token: instrumentToken(i + 1), symbol, price: bars.value.close[n - 1]! });
  }
  const feed = new SyntheticTickFeed({ instruments, now: o.now, speed: o.speed, ...(o.everyMs !== undefined ? { everyMs: o.everyMs } : {}) });
  return { feed, symbols: feed.symbols, session: () => ROUND_THE_CLOCK };
}
