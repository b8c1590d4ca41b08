/**
 * Rules of a live broker's stop-loss / take-profit exits (one leg, or an OCO pair): each leg on the right side of
 * the last price for the position's direction, on the tick grid; the stop leg of a limit-only venue (Kite GTT legs
 * are LIMIT orders) gets a limit a little beyond its trigger so a falling (rising) market still fills it. (The
 * simulated broker takes any levels: one already passed fires at the next bar's open, as a gap would.)
 */
import type { BrokerError, ExitRequest } from '../core/broker';
import { ceilToTick, floorToTick, isOnTick } from '../core/money';
import type { Side } from '../core/order';
import { err, ok, type Result } from '../core/result';

export interface ExitLevel {
  /** The price whose touch fires the leg. */
  readonly trigger: number;
  readonly isStop: boolean;
}

export interface CheckedExit {
  /** SELL closes a long, BUY closes a short. */
  readonly side: Side;
  readonly quantity: number;
  /** One or two legs, lowest trigger first (a long's stop is below the last price, its take-profit above). */
  readonly legs: readonly ExitLevel[];
}

/** Default distance of the stop leg's limit beyond its trigger, in basis points. */
export const DEFAULT_STOP_LIMIT_BUFFER_BPS = 50;

const rejected = (message: string): Result<never, BrokerError> => err({ kind: 'rejected', message });

/** Why a stop / take-profit cannot guard this position at the last price (on the wrong side of it), or undefined. */
export function exitSideProblem(exit: ExitRequest, last: number): string | undefined {
  const { symbol, quantity, stop, takeProfit } = exit;
  const long = quantity > 0;
  const stopOk = stop === undefined || (long ? stop < last : stop > last);
  const targetOk = takeProfit === undefined || (long ? takeProfit > last : takeProfit < last);
  if (stopOk && targetOk) return undefined;
  const want = long ? 'the stop below and the take-profit above' : 'the stop above and the take-profit below';
  return `For a ${long ? 'long' : 'short'} position in ${symbol} put ${want} the last price ${last}; got stop ${stop ?? '-'} and take-profit ${takeProfit ?? '-'}.`;
}

export function checkExit(exit: ExitRequest, last: number | undefined, tickSize: number): Result<CheckedExit, BrokerError> {
  const { symbol, quantity, stop, takeProfit } = exit;
  if (!Number.isInteger(quantity) || quantity === 0) return rejected(`The exit quantity for ${symbol} must be a whole number of shares other than 0.`);
  if (stop === undefined && takeProfit === undefined) return rejected(`An exit for ${symbol} needs a stop-loss, a take-profit or both.`);
  for (const p of [stop, takeProfit]) {
    if (p === undefined) continue;
    if (!(p > 0)) return rejected(`The stop and take-profit for ${symbol} must be prices above 0.`);
    if (!isOnTick(p, tickSize)) return rejected(`The stop ${stop ?? '-'} and take-profit ${takeProfit ?? '-'} must be multiples of the tick size ${tickSize}.`);
  }
  if (last === undefined || !(last > 0)) return rejected(`There is no last price for ${symbol} yet; attach the exit when market data arrives.`);
  const long = quantity > 0;
  const side = exitSideProblem(exit, last);
  if (side !== undefined) return rejected(side);
  const legs: ExitLevel[] = [];
  if (stop !== undefined) legs.push({ trigger: stop, isStop: true });
  if (takeProfit !== undefined) legs.push({ trigger: takeProfit, isStop: false });
  legs.sort((x, y) => x.trigger - y.trigger);
  return ok({ side: long ? 'SELL' : 'BUY', quantity: Math.abs(quantity), legs });
}

/** The limit price of a stop leg: beyond the trigger by `bufferBps`, on the tick grid, against the trader. */
export function stopLegLimit(stop: number, side: Side, tickSize: number, bufferBps = DEFAULT_STOP_LIMIT_BUFFER_BPS): number {
  return side === 'SELL' ? floorToTick(stop * (1 - bufferBps / 10_000), tickSize) : ceilToTick(stop * (1 + bufferBps / 10_000), tickSize);
}
