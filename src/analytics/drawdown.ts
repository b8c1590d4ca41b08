/** Drawdown series and the maximum drawdown with its dates (conventions in ./conventions.ts). */

export interface MaxDrawdown {
  /** Depth as a positive fraction below the running peak (0.25 = 25%); 0 if the curve never falls. */
  readonly depth: number;
  /** Time of the peak the drawdown starts from. */
  readonly peakTime: number;
  readonly troughTime: number;
  /** First time back at or above the peak; null if not recovered by the end. */
  readonly recoveryTime: number | null;
  /** Peak → recovery, or peak → last point when not recovered (ms). */
  readonly durationMs: number;
  /** Trough → recovery (ms); null if not recovered. */
  readonly recoveryMs: number | null;
}

/** dd_i = E_i / max(E_0..E_i) − 1 (≤ 0). Writes into `out` when given (no allocation). */
export function drawdownSeries(equity: ArrayLike<number>, out = new Float64Array(equity.length)): Float64Array {
  let peak = -Infinity;
  for (let i = 0; i < equity.length; i++) {
    const e = equity[i]!;
    if (e > peak) peak = e;
    out[i] = e / peak - 1;
  }
  return out;
}

export function maxDrawdown(time: ArrayLike<number>, equity: ArrayLike<number>): MaxDrawdown {
  const n = equity.length;
  if (n === 0) return { depth: 0, peakTime: NaN, troughTime: NaN, recoveryTime: null, durationMs: 0, recoveryMs: null };
  let peak = equity[0]!;
  let peakIdx = 0;
  let worst = 0;
  let worstPeak = 0;
  let worstTrough = 0;
  for (let i = 1; i < n; i++) {
    const e = equity[i]!;
    if (e >= peak) {
      peak = e;
      peakIdx = i;
    } else {
      const dd = 1 - e / peak;
      if (dd > worst) {
        worst = dd;
        worstPeak = peakIdx;
        worstTrough = i;
      }
    }
  }
  const t0 = time[0]!;
  if (worst === 0) return { depth: 0, peakTime: t0, troughTime: t0, recoveryTime: null, durationMs: 0, recoveryMs: null };
  const peakValue = equity[worstPeak]!;
  let rec = -1;
  for (let i = worstTrough + 1; i < n; i++) {
    if (equity[i]! >= peakValue) {
      rec = i;
      break;
    }
  }
  const peakTime = time[worstPeak]!;
  const troughTime = time[worstTrough]!;
  const recoveryTime = rec >= 0 ? time[rec]! : null;
  return {
    depth: worst,
    peakTime,
    troughTime,
    recoveryTime,
    durationMs: (recoveryTime ?? time[n - 1]!) - peakTime,
    recoveryMs: recoveryTime === null ? null : recoveryTime - troughTime,
  };
}
