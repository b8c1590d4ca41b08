/**
 * POST /margins/orders and POST /charges/orders with simple, documented formulas (Zerodha's published equity
 * rates, NSE/BSE cash segment; treat them as the fake's contract, not as tax advice):
 * - brokerage: CNC 0; MIS/NRML min(₹20, 0.03% of turnover)
 * - STT: CNC 0.1% on buy and sell; MIS/NRML 0.025% on sell only
 * - exchange transaction charge: NSE 0.00297%, BSE 0.00375% of turnover
 * - SEBI fee: ₹10 per crore (0.0001%) of turnover
 * - stamp duty: buy side only, CNC 0.015%, MIS/NRML 0.003%
 * - GST: 18% of (brokerage + exchange charge + SEBI fee)
 * Margin: turnover / leverage (CNC and NRML 1×, MIS 5×); the price of a MARKET order is the current LTP.
 */
import { z } from 'zod';
import type { MarketState } from './market';
import { inputError, success, type Reply } from './reply';
import type { RouteDef } from './route';

const marginOrderSchema = z.object({
  exchange: z.enum(['NSE', 'BSE']),
  tradingsymbol: z.string().min(1),
  transaction_type: z.enum(['BUY', 'SELL']),
  variety: z.string().default('regular'),
  product: z.enum(['CNC', 'MIS', 'NRML']),
  order_type: z.enum(['MARKET', 'LIMIT', 'SL', 'SL-M']),
  quantity: z.number().int().positive(),
  price: z.number().nonnegative().default(0),
  trigger_price: z.number().nonnegative().default(0),
  /** The contract-note endpoint prices an executed order by its average price. */
  average_price: z.number().nonnegative().optional(),
  order_id: z.union([z.string(), z.number()]).optional(),
});
export type MarginOrder = z.infer<typeof marginOrderSchema>;

export interface Charges {
  readonly transaction_tax: number;
  readonly transaction_tax_type: 'stt';
  readonly exchange_turnover_charge: number;
  readonly sebi_turnover_charge: number;
  readonly brokerage: number;
  readonly stamp_duty: number;
  readonly gst: { readonly igst: number; readonly cgst: 0; readonly sgst: 0; readonly total: number };
  readonly total: number;
}

export function equityCharges(o: Pick<MarginOrder, 'exchange' | 'transaction_type' | 'product' | 'quantity'>, price: number): Charges {
  const turnover = o.quantity * price;
  const delivery = o.product === 'CNC';
  const buy = o.transaction_type === 'BUY';
  const brokerage = delivery ? 0 : Math.min(20, turnover * 0.0003);
  const stt = delivery ? turnover * 0.001 : buy ? 0 : turnover * 0.00025;
  const exchange = turnover * (o.exchange === 'NSE' ? 0.0000297 : 0.0000375);
  const sebi = turnover * 0.000001;
  const stamp = buy ? turnover * (delivery ? 0.00015 : 0.00003) : 0;
  const gst = 0.18 * (brokerage + exchange + sebi);
  return {
    transaction_tax: stt,
    transaction_tax_type: 'stt',
    exchange_turnover_charge: exchange,
    sebi_turnover_charge: sebi,
    brokerage,
    stamp_duty: stamp,
    gst: { igst: gst, cgst: 0, sgst: 0, total: gst },
    total: brokerage + stt + exchange + sebi + stamp + gst,
  };
}

const LEVERAGE = { CNC: 1, MIS: 5, NRML: 1 } as const;

function parseOrders(json: unknown): { ok: true; orders: MarginOrder[] } | { ok: false; reply: Reply } {
  const parsed = z.array(marginOrderSchema).min(1).safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return { ok: false, reply: inputError(`Invalid order list: ${issue.path.join('.') || 'body'} ${issue.message}.`) };
  }
  return { ok: true, orders: parsed.data };
}

export function chargeRoutes(market: MarketState): RouteDef[] {
  const priceOf = (o: MarginOrder): number | undefined => {
    if (o.average_price !== undefined && o.average_price > 0) return o.average_price;
    if (o.price > 0) return o.price;
    const inst = market.bySymbolKey(`${o.exchange}:${o.tradingsymbol}`);
    return inst && market.ltp(inst.token);
  };
  const each = (json: unknown, build: (o: MarginOrder, price: number) => unknown): Reply => {
    const p = parseOrders(json);
    if (!p.ok) return p.reply;
    const out: unknown[] = [];
    for (const o of p.orders) {
      const price = priceOf(o);
      if (price === undefined) return inputError(`No price for ${o.exchange}:${o.tradingsymbol}: give a price or load its LTP.`);
      out.push(build(o, price));
    }
    return success(out);
  };
  return [
    {
      name: 'order.margins',
      method: 'POST',
      path: '/margins/orders',
      group: 'other',
      auth: true,
      handle: (ctx) =>
        each(ctx.json, (o, price) => {
          const total = (o.quantity * price) / LEVERAGE[o.product];
          return {
            type: 'equity', tradingsymbol: o.tradingsymbol, exchange: o.exchange,
            span: 0, exposure: 0, option_premium: 0, additional: 0, bo: 0, cash: 0, var: total,
            pnl: { realised: 0, unrealised: 0 }, leverage: LEVERAGE[o.product],
            charges: equityCharges(o, price), total,
          };
        }),
    },
    {
      name: 'order.contract_note',
      method: 'POST',
      path: '/charges/orders',
      group: 'other',
      auth: true,
      handle: (ctx) =>
        each(ctx.json, (o, price) => ({
          transaction_type: o.transaction_type, tradingsymbol: o.tradingsymbol, exchange: o.exchange,
          variety: o.variety, product: o.product, order_type: o.order_type, quantity: o.quantity, price,
          charges: equityCharges(o, price),
        })),
    },
  ];
}
