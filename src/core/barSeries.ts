import type { Bar } from './bar';
import type { Interval } from './interval';

/**
 * Columnar bars for backtests and indicators: one Float64Array per field.
 * `time` holds epoch milliseconds (exact in a float64 up to year 287396).
 * The arrays may be longer than `length` (spare capacity for appends); only [0, length) is valid.
 */
export class BarSeries {
  time: Float64Array;
  open: Float64Array;
  high: Float64Array;
  low: Float64Array;
  close: Float64Array;
  volume: Float64Array;
  oi: Float64Array;
  length: number;

  constructor(
    readonly symbol: string,
    readonly interval: Interval,
    capacity: number,
  ) {
    this.time = new Float64Array(capacity);
    this.open = new Float64Array(capacity);
    this.high = new Float64Array(capacity);
    this.low = new Float64Array(capacity);
    this.close = new Float64Array(capacity);
    this.volume = new Float64Array(capacity);
    this.oi = new Float64Array(capacity).fill(NaN);
    this.length = 0;
  }

  static fromBars(symbol: string, interval: Interval, bars: readonly Bar[]): BarSeries {
    const s = new BarSeries(symbol, interval, bars.length);
    for (const b of bars) s.push(b.time, b.open, b.high, b.low, b.close, b.volume, b.oi ?? NaN);
    return s;
  }

  get capacity(): number {
    return this.time.length;
  }

  /** Appends one bar; grows the columns (amortised doubling) when full. */
  push(time: number, open: number, high: number, low: number, close: number, volume: number, oi = NaN): void {
    if (this.length === this.time.length) this.grow(Math.max(16, this.length * 2));
    const i = this.length++;
    this.time[i] = time;
    this.open[i] = open;
    this.high[i] = high;
    this.low[i] = low;
    this.close[i] = close;
    this.volume[i] = volume;
    this.oi[i] = oi;
  }

  /** Allocates a plain Bar (for reports and tests, not hot paths). */
  bar(i: number): Bar {
    if (i < 0 || i >= this.length) throw new RangeError(`bar index ${i} outside 0..${this.length - 1}`);
    const oi = this.oi[i]!;
    const b: Bar = {
      time: this.time[i]!,
      open: this.open[i]!,
      high: this.high[i]!,
      low: this.low[i]!,
      close: this.close[i]!,
      volume: this.volume[i]!,
    };
    return Number.isNaN(oi) ? b : { ...b, oi };
  }

  toBars(): Bar[] {
    const out: Bar[] = new Array(this.length);
    for (let i = 0; i < this.length; i++) out[i] = this.bar(i);
    return out;
  }

  /** A zero-copy view of bars [from, to). */
  slice(from: number, to: number = this.length): BarSeries {
    const a = Math.max(0, from);
    const b = Math.min(this.length, to);
    const v = Object.create(BarSeries.prototype) as BarSeries;
    Object.assign(v, {
      symbol: this.symbol,
      interval: this.interval,
      time: this.time.subarray(a, b),
      open: this.open.subarray(a, b),
      high: this.high.subarray(a, b),
      low: this.low.subarray(a, b),
      close: this.close.subarray(a, b),
      volume: this.volume.subarray(a, b),
      oi: this.oi.subarray(a, b),
      length: Math.max(0, b - a),
    });
    return v;
  }

  /** Index of the first bar with time >= t (binary search), or `length` if none. */
  lowerBound(t: number): number {
    let lo = 0;
    let hi = this.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.time[mid]! < t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private grow(capacity: number): void {
    const g = (a: Float64Array, fill: number): Float64Array => {
      const n = new Float64Array(capacity);
      n.set(a.subarray(0, this.length));
      if (fill !== 0) n.fill(fill, this.length);
      return n;
    };
    this.time = g(this.time, 0);
    this.open = g(this.open, 0);
    this.high = g(this.high, 0);
    this.low = g(this.low, 0);
    this.close = g(this.close, 0);
    this.volume = g(this.volume, 0);
    this.oi = g(this.oi, NaN);
  }
}

/**
 * Bar i of a series read in place: a reusable cursor (`at` moves it) whose fields are read from the columns when
 * asked, so nothing is copied and a column the reader never looks at is never loaded (a backtest's broker reads a
 * market order's open and time, not the bar's high, low, volume or open interest — four cache misses per order saved).
 * Valid until the cursor moves.
 */
export class SeriesBar implements Bar {
  private series: BarSeries;
  private i = 0;

  constructor(series: BarSeries = new BarSeries('', '1m', 0)) {
    this.series = series;
  }

  at(series: BarSeries, i: number): this {
    this.series = series;
    this.i = i;
    return this;
  }

  get time(): number {
    return this.series.time[this.i]!;
  }
  get open(): number {
    return this.series.open[this.i]!;
  }
  get high(): number {
    return this.series.high[this.i]!;
  }
  get low(): number {
    return this.series.low[this.i]!;
  }
  get close(): number {
    return this.series.close[this.i]!;
  }
  get volume(): number {
    return this.series.volume[this.i]!;
  }
  get oi(): number {
    return this.series.oi[this.i]!;
  }
}
