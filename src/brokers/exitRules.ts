/**
 * Rules shared by every broker's stop-loss / take-profit (OCO) exits: the pair must straddle the last price on
 * the right sides for the position's direction, and the stop leg of a limit-only venue (Kite GTT legs are LIMIT
 * orders) gets a limit a little beyond its trigger so a falling (rising) market still fills it.
 */
import type { BrokerError, ExitRequest } from '../core/broker';
import { ceilToTick, floorToTick, isOnTick } from '../core/money';
import type { Side } from '../core/order';
import { err, ok, type Result } from '../core/result';

export interface CheckedExit {
  /** SELL closes a long, BUY closes a short. */
  readonly side: Side;
  readonly quantity: number;
  /** Lower and upper trigger: [stop, takeProfit] for a long, [takeProfit, stop] for a short. */
  readonly lower: number;
  readonly upper: number;
  /** Which of lower/upper is the stop. */
  readonly stopIs: 'lower' | 'upper';
}

/** Default distance of the stop leg's limit beyond its trigger, in basis points. */
export const DEFAULT_STOP_LIMIT_BUFFER_BPS = 50;

const rejected = (message: string): Result<never, BrokerError> => err({ kind: 'rejected', message });

export function checkExit(exit: ExitRequest, last: number | undefined, tickSize: number): Result<CheckedExit, BrokerError> {
  const { symbol, quantity, stop, takeProfit } = exit;
  if (!Number.isInteger(quantity) || quantity === 0) return rejected(`The exit quantity for ${symbol} must be a whole number of shares other than 0.`);
  if (!(stop > 0) || !(takeProfit > 0)) return rejected(`The stop and take-profit for ${symbol} must both be prices above 0.`);
  if (!isOnTick(stop, tickSize) || !isOnTick(takeProfit, tickSize)) return rejected(`The stop ${stop} and take-profit ${takeProfit} must be multiples of the tick size ${tickSize}.`);
  if (last === undefined || !(last > 0)) return rejected(`There is no last price for ${symbol} yet; attach the exit when market data arrives.`);
  const long = quantity > 0;
  if (long ? !(stop < last && last < takeProfit) : !(takeProfit < last && last < stop)) {
    const want = long ? 'the stop below and the take-profit above' : 'the stop above and the take-profit below';
    return rejected(`For a ${long ? 'long' : 'short'} position in ${symbol} put ${want} the last price ${last}; got stop ${stop} and take-profit ${takeProfit}.`);
  }
  return ok({
    side: long ? 'SELL' : 'BUY',
    quantity: Math.abs(quantity),
    lower: long ? stop : takeProfit,
    upper: long ? takeProfit : stop,
    stopIs: long ? 'lower' : 'upper',
  });
}

/** The limit price of a stop leg: beyond the trigger by `bufferBps`, on the tick grid, against the trader. */
export function stopLegLimit(stop: number, side: Side, tickSize: number, bufferBps = DEFAULT_STOP_LIMIT_BUFFER_BPS): number {
  return side === 'SELL' ? floorToTick(stop * (1 - bufferBps / 10_000), tickSize) : ceilToTick(stop * (1 + bufferBps / 10_000), tickSize);
}
