/**
 * Parameter and buffer checks shared by the indicator kernels.
 *
 * Bad parameters here are programming errors (the strategy layer validates user input with zod
 * before it reaches a kernel), so they throw a RangeError naming the kernel, the parameter and
 * what would be accepted.
 */

/** Throws unless `value` is an integer ≥ `min` (default 1). */
export function assertPeriod(kernel: string, name: string, value: number, min = 1): void {
  if (!Number.isInteger(value) || value < min) {
    throw new RangeError(`${kernel}: ${name} must be an integer ≥ ${min}, got ${String(value)}`);
  }
}

/** Throws unless `value` is a finite number. */
export function assertFinite(kernel: string, name: string, value: number): void {
  if (!Number.isFinite(value)) {
    throw new RangeError(`${kernel}: ${name} must be a finite number, got ${String(value)}`);
  }
}

/** Throws unless every input column has the length of the first one. */
export function assertSameLength(kernel: string, ...cols: readonly Float64Array[]): number {
  const n = cols[0]!.length;
  for (let i = 1; i < cols.length; i++) {
    if (cols[i]!.length !== n) {
      throw new RangeError(`${kernel}: input columns must have equal lengths, got ${n} and ${cols[i]!.length}`);
    }
  }
  return n;
}

/** Returns `out` when given (checking it can hold `n` values), else a new Float64Array(n). */
export function outArray(kernel: string, n: number, out: Float64Array | undefined, name = 'out'): Float64Array {
  if (out === undefined) return new Float64Array(n);
  if (out.length < n) {
    throw new RangeError(`${kernel}: ${name} has length ${out.length} but the input has ${n} values`);
  }
  return out;
}

/** Fills out[from, to) with NaN (the warm-up marker). */
export function fillNaN(out: Float64Array, from: number, to: number): void {
  if (to > from) out.fill(NaN, from, to);
}
