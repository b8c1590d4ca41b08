/**
 * The paper feed without a Kite login: the last complete trading session of seeded synthetic one-minute bars
 * for each symbol, replayed as ticks (four per bar) at `speed` times market time.
 */
import { istDate } from '../calendar/ist';
import type { NseCalendar } from '../calendar/nseCalendar';
import type { TickFeed } from '../core/feed';
import { instrumentToken, type InstrumentToken } from '../core/ids';
import { ReplayTickFeed, type ReplaySeries } from '../data/replay/replayTickFeed';
import type { BarHistory } from '../services/engine/barHistory';

export interface ReplayTicks {
  readonly feed: TickFeed;
  readonly symbols: ReadonlyMap<InstrumentToken, string>;
  /** The session replayed, YYYY-MM-DD. */
  readonly day: string;
}

export async function replayOfLastSession(o: { history: BarHistory; calendar: NseCalendar; symbols: readonly string[]; now: number; speed: number }): Promise<ReplayTicks> {
  const day = o.calendar.previousTradingDay(o.now);
  const from = Date.parse(`${day}T00:00:00+05:30`);
  const series: ReplaySeries[] = [];
  const symbols = new Map<InstrumentToken, string>();
  for (const [i, symbol] of o.symbols.entries()) {
    const bars = await o.history.bars({ symbol, interval: '1m', from, to: from + 86_400_000 });
    if (!bars.ok || bars.value.length === 0) continue;
    const token = instrumentToken(i + 1);
    symbols.set(token, symbol);
    series.push({ token, bars: bars.value });
  }
  return { feed: new ReplayTickFeed({ series, speed: o.speed }), symbols, day: istDate(from) };
}
