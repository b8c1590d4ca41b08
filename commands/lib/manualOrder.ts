/** The shared half of /buy and /sell: their arguments and the reply to an order placed by hand. */
import { z } from 'zod';
import type { Reply } from '../../src/core/reply';
import type { PlacedOrder } from '../../src/services/api/manual';
import { choice, orderSize, priceValue, symbol } from './args';
import { defineCommand, type Command } from './command';
import { fromResult, notAvailable, price, rupees } from './format';

const product = choice(['cnc', 'mis'], 'expected CNC (delivery) or MIS (intraday)').transform((p) => p.toUpperCase() as 'CNC' | 'MIS');

/** One line for an order: "BUY 10 INFY LIMIT @ 1,500.00 CNC". */
export function orderLine(o: Pick<PlacedOrder, 'side' | 'quantity' | 'symbol' | 'orderType' | 'price' | 'product'>): string {
  return `${o.side} ${o.quantity} ${o.symbol} ${o.orderType}${o.price !== undefined ? ` @ ${price(o.price)}` : ''} ${o.product}`;
}

export function placedReply(o: PlacedOrder, verb: string): Reply {
  const levels = [o.stop !== undefined ? `stop ${price(o.stop)}` : '', o.target !== undefined ? `target ${price(o.target)}` : ''].filter((x) => x !== '').join(', ');
  const head = `Order ${o.id}: ${orderLine(o)} (≈ ${rupees(o.value)})${levels ? `, ${levels} once filled` : ''}`;
  const where =
    o.status === 'PENDING_APPROVAL'
      ? `waits for approval: its card went to the traders (or /approve ${o.id}).`
      : o.status === 'DENIED' || o.status === 'REJECTED' || o.status === 'CANCELLED'
        ? `${o.status.toLowerCase()}.`
        : `${verb}; follow it with /order ${o.id}.`;
  const text = [`${head} ${where}`, `Sizing: ${o.sizing}${o.note ? `; the risk checks ${o.note}` : ''}.`].join('\n');
  const open = o.status === 'PENDING_APPROVAL' || o.status === 'SUBMITTED' || o.status === 'OPEN' || o.status === 'PARTIALLY_FILLED';
  return open ? { kind: 'text', text, buttons: [[{ label: 'Status', action: `/order ${o.id}` }, { label: 'Cancel', action: `/cancel ${o.id}` }]] } : { kind: 'text', text };
}

export function manualOrderCommand(side: 'BUY' | 'SELL'): Command {
  const name = side === 'BUY' ? 'buy' : 'sell';
  return defineCommand({
    name,
    summary: side === 'BUY' ? 'Buy by hand: shares or rupees, market or limit, with an optional stop and target (risk checks and approval as any order)' : 'Sell by hand: shares you hold (CNC) or short intraday (MIS), market or limit (risk checks and approval as any order)',
    usage: `/${name} <symbol> <qty|₹amount> [limit=price] [product=CNC|MIS] [stop=price] [target=price]`,
    example: side === 'BUY' ? '/buy INFY ₹20000 limit=1500 stop=1450 target=1600' : '/sell INFY 5',
    role: 'trader',
    positional: ['symbol', 'size'],
    args: z.object({ symbol, size: orderSize, limit: priceValue.optional(), product: product.optional(), stop: priceValue.optional(), target: priceValue.optional() }),
    async run(args, services, user) {
      if (!services.manual) return notAvailable('manual');
      const r = await services.manual.place({ symbol: args.symbol, side, size: args.size, ...(args.limit !== undefined ? { limit: args.limit } : {}), ...(args.product ? { product: args.product } : {}), ...(args.stop !== undefined ? { stop: args.stop } : {}), ...(args.target !== undefined ? { target: args.target } : {}) }, user);
      return fromResult(r, (o) => placedReply(o, 'sent to the broker'));
    },
  });
}
