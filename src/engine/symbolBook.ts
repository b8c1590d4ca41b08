/**
 * One symbol as the kernel holds it: its bars, the index of the current bar, and the indicators
 * strategies declared on it. Two modes:
 *  - preloaded (backtest): the whole BarSeries is known up front, indicators are computed once in
 *    batch and `cursor` walks forward; views never show anything past `cursor`.
 *  - streaming (paper/live): bars are appended as they close and indicators update incrementally
 *    through their streaming form.
 */
import { BarSeries } from '../core/barSeries';
import { giveBack, takeBuffer } from './batchBuffers';
import type { Interval } from '../core/interval';
import type { BarColumns, BarsView, IndicatorDef, IndicatorStream, IndicatorView } from '../core/strategy';

/** Reading past the current bar is a look-ahead bug in a strategy. */
export class LookAheadError extends Error {
  constructor(symbol: string, k: number, i: number) {
    super(`look-ahead: ${symbol} bar ${k} read while the current bar is ${i}`);
    this.name = 'LookAheadError';
  }
}

/** Columns of a series restricted to [0, length) (batch kernels read whole arrays). */
export function columnsOf(s: BarSeries): BarColumns {
  const n = s.length;
  return {
    time: s.time.subarray(0, n),
    open: s.open.subarray(0, n),
    high: s.high.subarray(0, n),
    low: s.low.subarray(0, n),
    close: s.close.subarray(0, n),
    volume: s.volume.subarray(0, n),
    length: n,
  };
}

/**
 * An indicator's values, shifted by two: `values[k + 2]` is the value at bar k and `values[0]`,
 * `values[1]` are NaN, so `value` and `previous` are one load each with no branch, even before the
 * first bar. (A branch between a NaN constant and a Float64Array load made V8 box every value
 * read: an allocation per read on the hot path.)
 */
const PAD = 2;
/** A released slot's values (a finished run's indicator reads nothing). */
const RELEASED = new Float64Array(0);
interface IndicatorSlot {
  readonly def: IndicatorDef;
  values: Float64Array<ArrayBuffer>;
  readonly stream: IndicatorStream | undefined;
  view?: SlotView;
}

export class SymbolBook {
  /** Index of the current bar; -1 before the first. */
  cursor = -1;
  /** Step number at which this symbol last got a bar. */
  stamp = -1;
  readonly view: BarsView;
  private readonly slots = new Map<string, IndicatorSlot>();
  private readonly streams: IndicatorSlot[] = [];
  /** One view per indicator; `moveTo` refreshes their `value` / `previous` fields. */
  private views: SlotView[] = [];

  constructor(
    readonly index: number,
    readonly series: BarSeries,
    readonly preloaded: boolean,
  ) {
    this.view = new SeriesView(this);
  }

  static streaming(index: number, symbol: string, interval: Interval): SymbolBook {
    return new SymbolBook(index, new BarSeries(symbol, interval, 1024), false);
  }

  get symbol(): string {
    return this.series.symbol;
  }

  /** Declares (or reuses, by label) an indicator and returns a bounded view of it. */
  indicator(def: IndicatorDef): IndicatorView {
    let slot = this.slots.get(def.label);
    if (!slot) {
      slot = this.preloaded ? this.batchSlot(def) : this.streamSlot(def);
      this.slots.set(def.label, slot);
    }
    if (!slot.view) {
      slot.view = new SlotView(this, slot);
      slot.view.sync(this.cursor);
      this.views = [...this.views, slot.view];
    }
    return slot.view;
  }

  /**
   * Makes bar i the current one: the bars views end there and every indicator view's `value` and
   * `previous` become the values at i and i − 1 (plain fields: strategies read them without a call).
   */
  moveTo(i: number): void {
    this.cursor = i;
    const views = this.views;
    for (let k = 0; k < views.length; k++) views[k]!.sync(i);
  }

  /** Streaming mode: appends a closed bar and updates every indicator. */
  append(time: number, open: number, high: number, low: number, close: number, volume: number): void {
    const s = this.series;
    s.push(time, open, high, low, close, volume);
    const i = s.length - 1;
    for (const slot of this.streams) {
      if (slot.values.length <= i + PAD) slot.values = grown(slot.values, s.capacity + PAD);
      slot.values[i + PAD] = slot.stream!.next(s, i);
    }
    this.moveTo(i);
  }

  /**
   * The run is over: the batch indicators' buffers go back for the next run (batchBuffers.ts); the views read nothing
   * after this.
   */
  release(): void {
    const buffers: Float64Array<ArrayBuffer>[] = [];
    for (const slot of this.slots.values()) {
      if (slot.stream !== undefined || slot.values.length === 0) continue;
      buffers.push(slot.values);
      slot.values = RELEASED;
    }
    giveBack(buffers);
  }

  private batchSlot(def: IndicatorDef): IndicatorSlot {
    const n = this.series.length;
    const values = takeBuffer(n + PAD);
    const out = values.subarray(PAD);
    const computed = def.batch(columnsOf(this.series), out);
    if (computed.length < n) throw new RangeError(`indicator ${def.label} returned too few values`);
    if (computed.buffer !== values.buffer || computed.byteOffset !== out.byteOffset) values.set(computed.subarray(0, n), PAD);
    values[0] = NaN;
    values[1] = NaN;
    return { def, values, stream: undefined };
  }

  private streamSlot(def: IndicatorDef): IndicatorSlot {
    const stream = def.stream();
    const s = this.series;
    const values = new Float64Array(Math.max(s.capacity + PAD, 16)).fill(NaN);
    for (let i = 0; i < s.length; i++) values[i + PAD] = stream.next(s, i);
    const slot = { def, values, stream };
    this.streams.push(slot);
    return slot;
  }
}

function grown(a: Float64Array, capacity: number): Float64Array<ArrayBuffer> {
  const n = new Float64Array(Math.max(capacity, a.length * 2)).fill(NaN);
  n.set(a);
  return n;
}

/** Read for negative indices ("before the first bar"): selecting the array, not the value, keeps reads unboxed. */
const NAN_CELL = new Float64Array([NaN]);

class SeriesView implements BarsView {
  constructor(private readonly book: SymbolBook) {}

  get symbol(): string {
    return this.book.series.symbol;
  }
  get i(): number {
    return this.book.cursor;
  }
  get length(): number {
    return this.book.cursor + 1;
  }
  private read(col: Float64Array, k: number): number {
    if (k > this.book.cursor) throw new LookAheadError(this.symbol, k, this.book.cursor);
    return (k < 0 ? NAN_CELL : col)[k < 0 ? 0 : k]!;
  }
  time(k: number): number {
    return this.read(this.book.series.time, k);
  }
  open(k: number): number {
    return this.read(this.book.series.open, k);
  }
  high(k: number): number {
    return this.read(this.book.series.high, k);
  }
  low(k: number): number {
    return this.read(this.book.series.low, k);
  }
  close(k: number): number {
    return this.read(this.book.series.close, k);
  }
  volume(k: number): number {
    return this.read(this.book.series.volume, k);
  }
}

class SlotView implements IndicatorView {
  /** Value at the current bar (kept in sync by `SymbolBook.moveTo`). */
  value = NaN;
  /** Value at the previous bar. */
  previous = NaN;

  constructor(
    private readonly book: SymbolBook,
    private readonly slot: IndicatorSlot,
  ) {}

  get symbol(): string {
    return this.book.series.symbol;
  }
  at(k: number): number {
    const i = this.book.cursor;
    if (k > i) throw new LookAheadError(`${this.symbol} ${this.slot.def.label}`, k, i);
    return this.slot.values[k < 0 ? 0 : k + PAD]!;
  }
  sync(i: number): void {
    const v = this.slot.values;
    this.value = v[i + PAD]!;
    this.previous = v[i + PAD - 1]!;
  }
}
