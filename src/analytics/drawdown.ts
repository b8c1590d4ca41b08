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
  return scanCurve(time, equity, undefined, false).drawdown;
}

const CUT_SLACK = 1e-12;

/** Below this value a point may deepen a drawdown of `worst` from `peak` (scanCurve). */
function cutBelow(peak: number, worst: number): number {
  const c = peak * (1 - worst);
  return c + Math.abs(c) * CUT_SLACK;
}

/** What the metrics read of an equity curve point by point, from one pass (`scanCurve`). */
export interface CurveScan {
  readonly drawdown: MaxDrawdown;
  /** The values' sum, added in order (the mean is sum / n, as stats.mean computes it). */
  readonly sum: number;
  /** Points whose in-market flag is non-zero (0 without flags). */
  readonly flagged: number;
}

/**
 * One pass over a curve: its maximum drawdown, the sum of its values and how many points are flagged in the market —
 * and, with `checkTimes`, that it has one time per value and its times ascend (a RangeError naming the first index
 * that does not). The metrics of a 1M-point backtest curve read it once here where four passes (the check, the
 * drawdown, the mean, the exposure) cost about 7 ms.
 */
export function scanCurve(time: ArrayLike<number>, equity: ArrayLike<number>, inMarket: ArrayLike<number> | undefined, checkTimes: boolean): CurveScan {
  const n = equity.length;
  if (checkTimes && time.length !== n) throw new RangeError(`equity curve has ${time.length} times but ${n} values`);
  if (n === 0) return { drawdown: { depth: 0, peakTime: NaN, troughTime: NaN, recoveryTime: null, durationMs: 0, recoveryMs: null }, sum: 0, flagged: 0 };
  const loop = scanLoop(time, equity, inMarket !== undefined && inMarket.length === n ? inMarket : undefined, checkTimes);
  if (loop.unordered > 0) throw new RangeError(`equity curve times must ascend (index ${loop.unordered})`);
  return { drawdown: drawdownAt(time, equity, loop.worst, loop.worstPeak, loop.worstTrough), sum: loop.sum, flagged: loop.flagged };
}

interface LoopResult {
  readonly sum: number;
  readonly flagged: number;
  readonly worst: number;
  readonly worstPeak: number;
  readonly worstTrough: number;
  /** The first index whose time is before the previous one's; 0: none. */
  readonly unordered: number;
}

/**
 * scanCurve's pass, a function of its own that returns as soon as the loop ends. Long loops are compiled while they
 * run (on-stack replacement), before the code after them has ever run, and code that has never run has no type
 * feedback: with the call to drawdownAt after the loop in the same function, the compiled loop was thrown away there
 * at the end of every run and the pass took 9.3 ms for 1M points (3.7 ms now); an object literal returned after the
 * loop was thrown away the same way for its first runs (its property stores), so the result is made by a call.
 * Times out of order are reported after the loop (the first such index; 0: none), so the loop never leaves early.
 */
function scanLoop(time: ArrayLike<number>, equity: ArrayLike<number>, flags: ArrayLike<number> | undefined, checkTimes: boolean): LoopResult {
  const n = equity.length;
  const counting = flags !== undefined;
  let sum = equity[0]!;
  let flagged = counting && flags[0] !== 0 ? 1 : 0;
  let peak = equity[0]!;
  let peakIdx = 0;
  let worst = 0;
  let worstPeak = 0;
  let worstTrough = 0;
  let unordered = 0;
  // A point can deepen the drawdown only below peak × (1 − worst): a multiplication rules most points out, and the
  // division that decides (the depth reported) runs only for the rest. The cut is widened by 1e-12 of its size, far
  // beyond the rounding of either side, so no point that deepens it is ever skipped (whatever the signs).
  let cut = cutBelow(peak, worst);
  let prevTime = time[0]!;
  for (let i = 1; i < n; i++) {
    const e = equity[i]!;
    sum += e;
    if (checkTimes) {
      const t = time[i]!;
      if (!(t >= prevTime) && unordered === 0) unordered = i;
      prevTime = t;
    }
    if (counting) flagged += flags[i] !== 0 ? 1 : 0;
    if (e >= peak) {
      peak = e;
      peakIdx = i;
      cut = cutBelow(peak, worst);
    } else if (e < cut) {
      const dd = 1 - e / peak;
      if (dd > worst) {
        worst = dd;
        worstPeak = peakIdx;
        worstTrough = i;
        cut = cutBelow(peak, worst);
      }
    }
  }
  return loopResult(sum, flagged, worst, worstPeak, worstTrough, unordered);
}

/** Made by a call, not a literal after the loop: the compiled loop then needs only the call's feedback (see scanLoop). */
function loopResult(sum: number, flagged: number, worst: number, worstPeak: number, worstTrough: number, unordered: number): LoopResult {
  return { sum, flagged, worst, worstPeak, worstTrough, unordered };
}

/** The maximum drawdown's record: its depth, peak and trough, and the recovery found after the trough. */
function drawdownAt(time: ArrayLike<number>, equity: ArrayLike<number>, worst: number, worstPeak: number, worstTrough: number): MaxDrawdown {
  const n = equity.length;
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
