/** Straightforward reference computations for strategy tests (independent of src/indicators). */
export function meanSd(x: ArrayLike<number>, i: number, n: number): { mean: number; sd: number } {
  let s = 0;
  for (let k = i - n + 1; k <= i; k++) s += x[k]!;
  const mean = s / n;
  let v = 0;
  for (let k = i - n + 1; k <= i; k++) v += (x[k]! - mean) ** 2;
  return { mean, sd: Math.sqrt(v / n) };
}

/** Wilder RSI at every index (NaN before `period`). */
export function rsiSeries(x: ArrayLike<number>, period: number): number[] {
  const out: number[] = Array.from({ length: x.length }, () => NaN);
  let g = 0;
  let l = 0;
  for (let i = 1; i < x.length; i++) {
    const d = x[i]! - x[i - 1]!;
    const up = Math.max(d, 0);
    const down = Math.max(-d, 0);
    if (i <= period) {
      g += up / period;
      l += down / period;
    } else {
      g = (g * (period - 1) + up) / period;
      l = (l * (period - 1) + down) / period;
    }
    if (i >= period) out[i] = g + l === 0 ? 50 : (100 * g) / (g + l);
  }
  return out;
}

/** Wilder ATR at every index (NaN before `period`). */
export function atrSeries(h: ArrayLike<number>, lo: ArrayLike<number>, c: ArrayLike<number>, period: number): number[] {
  const out: number[] = Array.from({ length: c.length }, () => NaN);
  let a = 0;
  for (let i = 1; i < c.length; i++) {
    const tr = Math.max(h[i]! - lo[i]!, Math.abs(h[i]! - c[i - 1]!), Math.abs(lo[i]! - c[i - 1]!));
    if (i <= period) a += tr / period;
    else a = (a * (period - 1) + tr) / period;
    if (i >= period) out[i] = a;
  }
  return out;
}
