/**
 * A tick feed made from stored bars, for paper trading without a Kite login and for tests: every bar becomes
 * four ticks (see barTicks.ts), instruments are merged in time order, and the cumulative day volume is carried
 * like the exchange's. When a day's first bar is not in the session's first bucket (missing data), one pre-open
 * tick with cumulative volume 0 is sent first so that an aggregator counts that bar's volume in full.
 *
 * Pacing: `speed: 'max'` delivers as fast as the consumer takes it (yielding to the event loop every
 * `chunk` ticks); a number plays market time that many times faster than real time.
 * The tick handed to `onTick` is one reused object: copy it if you keep it.
 */
import { bucketStart, istDayIndex, istMidnight } from '../../calendar/ist';
import type { BarSeries } from '../../core/barSeries';
import type { StopFeed, TickFeed, TickHandler } from '../../core/feed';
import type { InstrumentToken } from '../../core/ids';
import type { MutableTick, Tick } from '../../core/tick';
import { NSE_REGULAR_SESSION, type SessionMinutes } from '../bars/barAggregator';
import { barSpan, tickPrice, tickTime, tickVolume, TICKS_PER_BAR } from './barTicks';

export interface ReplaySeries {
  readonly token: InstrumentToken;
  readonly bars: BarSeries;
}

export interface ReplayOptions {
  readonly series: readonly ReplaySeries[];
  readonly speed?: number | 'max';
  readonly session?: (midnight: number) => SessionMinutes;
  /** Ticks per event-loop turn at speed 'max' (default 5000). */
  readonly chunk?: number;
  readonly onDone?: () => void;
}

/** Walks one series tick by tick. */
class SeriesCursor {
  bar = 0;
  /** -1: the pre-open baseline tick of the bar's day is next. */
  k = 0;
  day = -1;
  cumVolume = 0;
  nextTime = 0;
  private spanStart = 0;
  private spanLength = 0;

  constructor(
    readonly token: InstrumentToken,
    readonly s: BarSeries,
    private readonly session: (midnight: number) => SessionMinutes,
  ) {
    this.enterBar();
  }

  get done(): boolean {
    return this.bar >= this.s.length;
  }

  /** Writes the current tick into `t` and advances. */
  take(t: MutableTick): void {
    const i = this.bar;
    t.token = this.token;
    t.time = this.nextTime;
    if (this.k < 0) {
      t.price = this.s.open[i]!;
      t.lastQuantity = 0;
      t.volumeTraded = 0;
    } else {
      const q = tickVolume(this.s, i, this.k);
      this.cumVolume += q;
      t.price = tickPrice(this.s, i, this.k);
      t.lastQuantity = q;
      t.volumeTraded = this.cumVolume;
    }
    const oi = this.s.oi[i]!;
    t.oi = Number.isNaN(oi) ? undefined : oi;
    this.k++;
    if (this.k >= TICKS_PER_BAR) {
      this.bar++;
      this.enterBar();
    } else {
      this.nextTime = tickTime({ start: this.spanStart, length: this.spanLength }, this.k);
    }
  }

  private enterBar(): void {
    this.k = 0;
    if (this.done) return;
    const time = this.s.time[this.bar]!;
    const session = this.session(istMidnight(time));
    const span = barSpan(time, this.s.interval, session);
    this.spanStart = span.start;
    this.spanLength = span.length;
    this.nextTime = span.start;
    const day = istDayIndex(time);
    if (day !== this.day) {
      this.day = day;
      this.cumVolume = 0;
      const open = istMidnight(time) + session.open * 60_000;
      if (this.s.interval !== 'day' && bucketStart(time, this.s.interval) !== bucketStart(open, this.s.interval)) {
        this.k = -1;
        this.nextTime = open - 1000;
      }
    }
  }
}

/** All ticks of `series` in time order (ties: series order), written into one reused tick. */
export function* replayTicks(series: readonly ReplaySeries[], session: (midnight: number) => SessionMinutes = () => NSE_REGULAR_SESSION): Generator<Tick> {
  const cursors = series.map((x) => new SeriesCursor(x.token, x.bars, session));
  const tick: MutableTick = { token: 0 as InstrumentToken, price: 0, lastQuantity: 0, volumeTraded: 0, time: 0 };
  for (;;) {
    let best: SeriesCursor | null = null;
    for (const c of cursors) if (!c.done && (best === null || c.nextTime < best.nextTime)) best = c;
    if (best === null) return;
    best.take(tick);
    yield tick;
  }
}

export class ReplayTickFeed implements TickFeed {
  constructor(private readonly options: ReplayOptions) {}

  async start(onTick: TickHandler): Promise<StopFeed> {
    const it = replayTicks(this.options.series, this.options.session);
    const speed = this.options.speed ?? 'max';
    const chunk = this.options.chunk ?? 5000;
    let stopped = false;
    let timer: NodeJS.Timeout | undefined;
    let first: number | null = null;
    const began = Date.now();
    let pending: IteratorResult<Tick> = it.next();
    const pump = (): void => {
      timer = undefined;
      let n = 0;
      while (!stopped && !pending.done) {
        const t = pending.value;
        if (speed !== 'max') {
          first ??= t.time;
          const due = began + (t.time - first) / speed;
          const wait = due - Date.now();
          if (wait > 0) {
            timer = setTimeout(pump, wait);
            return;
          }
        } else if (n++ >= chunk) {
          timer = setTimeout(pump, 0);
          return;
        }
        onTick(t);
        pending = it.next();
      }
      if (!stopped) this.options.onDone?.();
    };
    timer = setTimeout(pump, 0);
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
    };
  }
}
