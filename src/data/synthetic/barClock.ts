import type { NseCalendar } from '../../calendar/nseCalendar';
import { bucketStart, dayIndexStart, istDayIndex } from '../../calendar/ist';
import type { Interval } from '../../core/interval';
import { intervalMs } from '../../core/interval';

/** Bar start times for a generated market, with each bar's trading minutes and session starts. */
export interface BarClock {
  readonly time: Float64Array;
  /** Minutes of trading the bar covers (shorter for a bucket cut by a session close). */
  readonly minutes: Float64Array;
  /** 1 for the first bar of a trading day (an overnight gap precedes it). */
  readonly dayStart: Uint8Array;
  readonly length: number;
}

/**
 * Bars on NSE trading days from `startDay` (IST day number): intraday buckets via bucketStart
 * inside each session window (special sessions included), one 00:00 IST bar per day for `day`.
 * Stops after `maxBars` bars or after `endDay` (inclusive), whichever comes first.
 */
export function buildBarClock(calendar: NseCalendar, interval: Interval, startDay: number, maxBars: number, endDay: number): BarClock {
  let cap = Number.isFinite(maxBars) ? maxBars : 1024;
  let time = new Float64Array(cap);
  let minutes = new Float64Array(cap);
  let dayStart = new Uint8Array(cap);
  let n = 0;
  const push = (t: number, m: number, first: boolean): void => {
    if (n === cap) {
      cap *= 2;
      const t2 = new Float64Array(cap);
      t2.set(time);
      time = t2;
      const m2 = new Float64Array(cap);
      m2.set(minutes);
      minutes = m2;
      const d2 = new Uint8Array(cap);
      d2.set(dayStart);
      dayStart = d2;
    }
    time[n] = t;
    minutes[n] = m;
    dayStart[n] = first ? 1 : 0;
    n++;
  };
  const len = interval === 'day' ? 0 : intervalMs(interval);
  for (let day = startDay; day <= endDay && n < maxBars; day++) {
    const b = calendar.sessionBounds(dayIndexStart(day));
    if (!b) continue;
    if (interval === 'day') {
      let m = 0;
      for (const w of b.windows) m += (w.close - w.open) / 60_000;
      push(bucketStart(b.open, 'day'), m, true);
      continue;
    }
    let first = true;
    let last = -Infinity;
    for (const w of b.windows) {
      for (let s = bucketStart(w.open, interval); s < w.close && n < maxBars; s += len) {
        const m = (Math.min(s + len, w.close) - Math.max(s, w.open)) / 60_000;
        if (s === last) {
          minutes[n - 1] = minutes[n - 1]! + m; // one bucket spanning two windows
          continue;
        }
        push(s, m, first);
        first = false;
        last = s;
      }
    }
    if (istDayIndex(b.open) !== day) throw new Error('calendar returned a session on another day');
  }
  return { time: time.subarray(0, n), minutes: minutes.subarray(0, n), dayStart: dayStart.subarray(0, n), length: n };
}
