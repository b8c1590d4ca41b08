/**
 * The buffers of a backtest's batch indicators, reused from one run to the next. A 1M-bar run's indicator is an 8 MB
 * array, and a fresh one costs its zeroing and the first touch of every one of its pages (the sma-cross signs of 1M
 * bars: 13.0 ms into a fresh array, 9.4 ms into a used one). A kernel gives its buffers back when its run is over
 * (`Kernel.release`: nothing reads a finished run's indicators); a buffer taken again is zeroed, as a fresh one is.
 * At most KEEP_BYTES wait here, the oldest given up first.
 */
const KEEP_BYTES = 32 * 1024 * 1024;
const spare: Float64Array<ArrayBuffer>[] = [];
let kept = 0;

/** A zeroed buffer of `length` values: a spare one of that length, or a new one. */
export function takeBuffer(length: number): Float64Array<ArrayBuffer> {
  for (let k = 0; k < spare.length; k++) {
    const b = spare[k]!;
    if (b.length !== length) continue;
    spare.splice(k, 1);
    kept -= b.byteLength;
    return b.fill(0);
  }
  return new Float64Array(length);
}

/** Buffers no one reads any more, kept for the next run. */
export function giveBack(buffers: readonly Float64Array<ArrayBuffer>[]): void {
  for (const b of buffers) {
    if (b.byteLength > KEEP_BYTES || spare.includes(b)) continue;
    while (kept + b.byteLength > KEEP_BYTES) kept -= spare.shift()!.byteLength;
    spare.push(b);
    kept += b.byteLength;
  }
}
