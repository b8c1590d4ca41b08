/**
 * Stop-loss and take-profit prices. Rounding to the tick grid is always on the SAFE side:
 *  - a long stop (below entry) rounds UP, a short stop (above entry) rounds DOWN: the stop moves
 *    toward the entry, so the risk taken is never more than computed;
 *  - a take-profit rounds TOWARD the entry (long down, short up), so the target is never further
 *    than the risk-reward ratio asks and is at least as likely to be reached.
 * The take-profit uses the distance to the ROUNDED stop, so the ratio holds for the real prices.
 */
import { ceilToTick, floorToTick } from '../core/money';
import { err, ok, type Result } from '../core/result';

export type PositionSide = 'long' | 'short';

export interface StopError {
  readonly code: 'invalid-stop-input';
  readonly message: string;
}

const bad = (message: string): Result<never, StopError> => err({ code: 'invalid-stop-input', message });

/** The stop `distance` rupees away from `entry` on the losing side, rounded toward the entry. */
export function stopAtDistance(entry: number, side: PositionSide, distance: number, tick: number): Result<number, StopError> {
  if (!(entry > 0) || !(tick > 0)) return bad('Entry price and tick size must be positive to place a stop.');
  if (!(distance > 0)) return bad('The stop distance must be positive; check the stop settings.');
  const stop = side === 'long' ? ceilToTick(entry - distance, tick) : floorToTick(entry + distance, tick);
  if (side === 'long' ? stop >= entry || stop <= 0 : stop <= entry) {
    return bad('The stop distance is smaller than one tick (or beyond zero); widen the stop.');
  }
  return ok(stop);
}

/** Stop `pct` (0.02 = 2%) away from the entry. */
export function fixedPercentStop(entry: number, side: PositionSide, pct: number, tick: number): Result<number, StopError> {
  if (!(pct > 0 && pct < 1)) return bad('The stop percentage must be between 0 and 100%; use e.g. 0.02 for 2%.');
  return stopAtDistance(entry, side, entry * pct, tick);
}

/** Stop `multiple` × ATR away from the entry. */
export function atrStop(entry: number, side: PositionSide, atr: number, multiple: number, tick: number): Result<number, StopError> {
  if (!(atr > 0) || !(multiple > 0)) return bad('An ATR stop needs a positive ATR and multiple; wait until the ATR has warmed up.');
  return stopAtDistance(entry, side, atr * multiple, tick);
}

/** Stop k × σ × entry away, σ the stdev of (daily) returns. */
export function volatilityStop(entry: number, side: PositionSide, returnsSd: number, k: number, tick: number): Result<number, StopError> {
  if (!(returnsSd > 0) || !(k > 0)) return bad('A volatility stop needs a positive return volatility and multiple.');
  return stopAtDistance(entry, side, k * returnsSd * entry, tick);
}

/** Take-profit at `ratio` × the risk (entry to stop) on the winning side, rounded toward the entry. */
export function riskRewardTarget(entry: number, stop: number, side: PositionSide, ratio: number, tick: number): Result<number, StopError> {
  if (!(ratio > 0)) return bad('The risk-reward ratio must be positive, e.g. 2 for 1:2.');
  const risk = side === 'long' ? entry - stop : stop - entry;
  if (!(risk > 0)) return bad('The stop is on the wrong side of the entry; a long stop must be below it and a short stop above it.');
  const target = side === 'long' ? floorToTick(entry + ratio * risk, tick) : ceilToTick(entry - ratio * risk, tick);
  if (side === 'long' ? target <= entry : target >= entry || target <= 0) {
    return bad('The take-profit falls within one tick of the entry (or below zero); use a larger ratio or a wider stop.');
  }
  return ok(target);
}
