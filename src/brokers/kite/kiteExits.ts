/**
 * A stop-loss and/or take-profit as a Kite GTT: one leg as a `single` GTT, a pair as a `two-leg` GTT (OCO): trigger
 * values [lower, upper] with leg 0 firing when the LTP falls to the lower value and leg 1 when it rises to the
 * upper one. Both legs are LIMIT orders (GTT
 * legs must be); the stop leg's limit sits `bufferBps` beyond its trigger on the tick grid (exitRules.ts) so a
 * market moving through the stop still fills it, the take-profit leg's limit is its trigger.
 * A fired leg is an untagged order; `exitLegIn` finds it in the GTT list (GET /gtt/triggers) by the order id
 * Kite records in the leg's `result`, so the OMS can book it against the position.
 */
import { z } from 'zod';
import type { ExitRequest } from '../../core/broker';
import type { ClientOrderId } from '../../core/ids';
import type { ExitLeg } from '../../oms/brokerOrders';
import type { CheckedExit } from '../exitRules';
import { stopLegLimit } from '../exitRules';
import { joinSymbol, splitSymbol, type KiteExchange } from './kiteSymbols';

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
  readonly trigger_type: 'single' | 'two-leg';
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
    trigger_type: c.legs.length === 1 ? 'single' : 'two-leg', exchange, tradingsymbol, trigger_values: c.legs.map((l) => l.trigger), last_price: lastPrice,
    orders: c.legs.map((l) => leg(l.trigger, l.isStop)),
  };
}

const firedLegSchema = z.object({
  exchange: z.string(),
  tradingsymbol: z.string(),
  transaction_type: z.enum(['BUY', 'SELL']),
  quantity: z.number().int().positive(),
  product: z.enum(['CNC', 'MIS']),
  price: z.number(),
  result: z.object({ order_result: z.object({ order_id: z.union([z.string(), z.number()]).transform(String) }) }).nullable().optional(),
});
const triggerSchema = z.object({
  id: z.number(),
  type: z.enum(['single', 'two-leg']),
  condition: z.object({ trigger_values: z.array(z.number()), last_price: z.number() }).optional(),
  orders: z.array(firedLegSchema).min(1).max(2),
});

/**
 * The exit leg behind Kite order `kiteOrderId` among the GTT triggers (raw rows of GET /gtt/triggers; rows that
 * are not our exits are skipped). Of a pair, leg 0 fires at the lower trigger: the stop of a long (SELL legs); a
 * single leg is a stop when its trigger is on the losing side of the price it was set at.
 */
export function exitLegIn(triggers: readonly unknown[], kiteOrderId: string, id: ClientOrderId, now: number): ExitLeg | undefined {
  for (const raw of triggers) {
    const t = triggerSchema.safeParse(raw);
    if (!t.success || (t.data.type === 'two-leg') !== (t.data.orders.length === 2)) continue;
    const i = t.data.orders.findIndex((l) => l.result?.order_result.order_id === kiteOrderId);
    const leg = t.data.orders[i];
    if (!leg) continue;
    const cond = t.data.condition;
    const below = cond !== undefined && cond.trigger_values[0]! < cond.last_price;
    const stop = t.data.type === 'single' ? below === (leg.transaction_type === 'SELL') : (i === 0) === (leg.transaction_type === 'SELL');
    const rule = stop ? 'stop-loss' : 'take-profit';
    return {
      exitId: String(t.data.id),
      leg: stop ? 'stop' : 'takeProfit',
      intent: {
        clientOrderId: id, symbol: joinSymbol(leg.exchange, leg.tradingsymbol), side: leg.transaction_type, quantity: leg.quantity,
        orderType: 'LIMIT', price: leg.price, product: leg.product, validity: 'DAY', source: { kind: 'risk', rule }, reason: `${rule} leg of GTT ${t.data.id}`, time: now,
      },
    };
  }
  return undefined;
}
