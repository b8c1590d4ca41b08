/**
 * Live ticks → bars, one open bar per instrument, for one interval. Buckets come from `bucketStart` (intraday
 * aligned to 09:15 IST, `day` at 00:00 IST), so the bars line up with Kite's historical candles.
 *
 * Rules (each counted in `stats`):
 * - Session: only ticks inside the session [09:15, 15:30) IST (or the `session` option) make bars; ticks outside
 *   (pre-open, post-close LTP repeats) are ignored. The cumulative day volume they carry is still the baseline.
 * - Volume: from the exchange's cumulative day volume, as the difference to the previous tick of the same IST day.
 *   The first tick of a day counts the whole cumulative volume when it falls in the day's first bucket (Kite's
 *   09:15 candle includes the pre-open volume); a first tick later in the day (the feed joined mid-session) only
 *   sets the baseline. A cumulative volume that goes down adds nothing.
 * - Duplicates: a tick with the same exchange time and cumulative volume as the previous one is dropped.
 * - Out of order: a tick older than the open bar's bucket is dropped (`late`); an older tick inside the open bar
 *   updates high, low and volume but not the close (the close is the latest trade).
 * - Gaps: a bucket with no trades produces NO bar (as Kite's candles): the next bar simply starts later.
 * - Close: a bar is emitted when a tick of a later bucket arrives, or by `flush(now)` once `now` reaches the end
 *   of its bucket or the session close (15:30), whichever is first; call flush from a timer.
 *
 * `update` allocates nothing after an instrument's first tick: the open bar is a reused MutableBar, handed to
 * `onBar` — copy it if you keep it.
 */
import { istDayIndex, istMidnight } from '../../calendar/ist';
import { bucketStart } from '../../calendar/ist';
import type { MutableBar } from '../../core/bar';
import { emptyBar } from '../../core/bar';
import type { InstrumentToken } from '../../core/ids';
import { intervalMs, type Interval } from '../../core/interval';
import type { Tick } from '../../core/tick';

/** The regular session of the IST day starting at `midnight`, as minutes after midnight. */
export interface SessionMinutes {
  readonly open: number;
  readonly close: number;
}

export const NSE_REGULAR_SESSION: SessionMinutes = { open: 9 * 60 + 15, close: 15 * 60 + 30 };

export type BarHandlerByToken = (token: InstrumentToken, bar: Readonly<MutableBar>) => void;

export interface BarAggregatorOptions {
  readonly interval: Interval;
  readonly onBar: BarHandlerByToken;
  /** Session hours per IST day (e.g. from the NSE calendar for special sessions); default 09:15–15:30. */
  readonly session?: (midnight: number) => SessionMinutes;
}

export interface AggregatorStats {
  ticks: number;
  duplicates: number;
  late: number;
  outOfSession: number;
  bars: number;
}

class InstrumentState {
  readonly bar: MutableBar = emptyBar();
  open = false;
  /** End of the open bar: min(bucket end, session close). */
  barEnd = 0;
  day = -1;
  lastCumVolume = 0;
  lastTime = -1;
  lastTickCumVolume = -1;
  constructor(readonly token: InstrumentToken) {}
}

export class BarAggregator {
  readonly stats: AggregatorStats = { ticks: 0, duplicates: 0, late: 0, outOfSession: 0, bars: 0 };
  private readonly states = new Map<number, InstrumentState>();
  private readonly list: InstrumentState[] = [];
  private readonly len: number;
  private readonly sessionOf: (midnight: number) => SessionMinutes;
  private cachedDay = -1;
  private cachedOpen = 0;
  private cachedClose = 0;

  constructor(private readonly options: BarAggregatorOptions) {
    this.len = intervalMs(options.interval);
    this.sessionOf = options.session ?? (() => NSE_REGULAR_SESSION);
  }

  get interval(): Interval {
    return this.options.interval;
  }

  handleTick(t: Tick): void {
    this.update(t.token, t.time, t.price, t.volumeTraded, t.oi ?? NaN);
  }

  /** Applies one trade tick: `cumVolume` is the exchange's cumulative day volume. */
  update(token: InstrumentToken, time: number, price: number, cumVolume: number, oi = NaN): void {
    this.stats.ticks++;
    let s = this.states.get(token);
    if (s === undefined) {
      s = new InstrumentState(token);
      this.states.set(token, s);
      this.list.push(s);
    }
    if (time === s.lastTime && cumVolume === s.lastTickCumVolume) {
      this.stats.duplicates++;
      return;
    }
    this.sessionFor(time);
    const inSession = time >= this.cachedOpen && time < this.cachedClose;
    const day = this.cachedDay;
    let delta = 0;
    if (day !== s.day) {
      // First tick of the day: count all of it only in the day's first bucket, else it is just the baseline.
      s.day = day;
      delta = inSession && bucketStart(time, this.options.interval) === bucketStart(this.cachedOpen, this.options.interval) ? cumVolume : 0;
      s.lastCumVolume = cumVolume;
    } else if (cumVolume > s.lastCumVolume) {
      delta = cumVolume - s.lastCumVolume;
      s.lastCumVolume = cumVolume;
    }
    if (!inSession) {
      this.stats.outOfSession++;
      return;
    }
    const bucket = bucketStart(time, this.options.interval);
    const bar = s.bar;
    if (s.open && bucket < bar.time) {
      this.stats.late++;
      return;
    }
    if (s.open && bucket > bar.time) this.emit(s);
    if (!s.open) {
      s.open = true;
      s.barEnd = this.options.interval === 'day' ? this.cachedClose : Math.min(bucket + this.len, this.cachedClose);
      bar.time = bucket;
      bar.open = price;
      bar.high = price;
      bar.low = price;
      bar.close = price;
      bar.volume = delta;
      bar.oi = oi;
      s.lastTime = time;
      s.lastTickCumVolume = cumVolume;
      return;
    }
    if (price > bar.high) bar.high = price;
    if (price < bar.low) bar.low = price;
    bar.volume += delta;
    if (time >= s.lastTime) {
      bar.close = price;
      if (!Number.isNaN(oi)) bar.oi = oi;
      s.lastTime = time;
      s.lastTickCumVolume = cumVolume;
    }
  }

  /** Emits every open bar whose bucket or session has ended by `now`; returns how many were emitted. */
  flush(now: number): number {
    let n = 0;
    for (let i = 0; i < this.list.length; i++) {
      const s = this.list[i]!;
      if (s.open && now >= s.barEnd) {
        this.emit(s);
        n++;
      }
    }
    return n;
  }

  /** Emits every open bar regardless of time (end of a replay or shutdown). */
  flushAll(): number {
    return this.flush(Number.POSITIVE_INFINITY);
  }

  /** The open (incomplete) bar of an instrument, or undefined. */
  openBar(token: InstrumentToken): Readonly<MutableBar> | undefined {
    const s = this.states.get(token);
    return s?.open ? s.bar : undefined;
  }

  private emit(s: InstrumentState): void {
    s.open = false;
    this.stats.bars++;
    this.options.onBar(s.token, s.bar);
  }

  private sessionFor(time: number): void {
    const day = istDayIndex(time);
    if (day === this.cachedDay) return;
    const midnight = istMidnight(time);
    const session = this.sessionOf(midnight);
    this.cachedDay = day;
    this.cachedOpen = midnight + session.open * 60_000;
    this.cachedClose = midnight + session.close * 60_000;
  }
}
