/**
 * A stop-loss / take-profit pair as Kite's two-leg GTT (OCO): trigger values [lower, upper] with leg 0 firing when
 * the LTP falls to the lower value and leg 1 when it rises to the upper one. Both legs are LIMIT orders (GTT
 * legs must be); the stop leg's limit sits `bufferBps` beyond its trigger on the tick grid (exitRules.ts) so a
 * market moving through the stop still fills it, the take-profit leg's limit is its trigger.
 */
import type { ExitRequest } from '../../core/broker';
import type { CheckedExit } from '../exitRules';
import { stopLegLimit } from '../exitRules';
import { splitSymbol, type KiteExchange } from './kiteSymbols';

export interface GttLeg {
  readonly exchange: KiteExchange;
  readonly tradingsymbol: string;
  readonly transaction_type: 'BUY' | 'SELL';
  readonly quantity: number;
  readonly product: 'CNC' | 'MIS';
  readonly order_type: 'LIMIT';
  readonly price: number;
}

export interface GttOcoParams {
  readonly trigger_type: 'two-leg';
  readonly exchange: KiteExchange;
  readonly tradingsymbol: string;
  readonly trigger_values: number[];
  readonly last_price: number;
  readonly orders: GttLeg[];
}

export function gttOcoParams(exit: ExitRequest, c: CheckedExit, lastPrice: number, tickSize: number, bufferBps?: number): GttOcoParams {
  const { exchange, tradingsymbol } = splitSymbol(exit.symbol);
  const leg = (trigger: number, isStop: boolean): GttLeg => ({
    exchange, tradingsymbol, transaction_type: c.side, quantity: c.quantity, product: exit.product, order_type: 'LIMIT',
    price: isStop ? stopLegLimit(trigger, c.side, tickSize, bufferBps) : trigger,
  });
  return {
    trigger_type: 'two-leg', exchange, tradingsymbol, trigger_values: [c.lower, c.upper], last_price: lastPrice,
    orders: [leg(c.lower, c.stopIs === 'lower'), leg(c.upper, c.stopIs === 'upper')],
  };
}
