/**
 * GTT triggers: GET/POST /gtt/triggers, GET/PUT/DELETE /gtt/triggers/:trigger_id. `condition` and `orders` arrive as
 * JSON strings in the form. An active trigger fires on the instrument's LTP: `single` when LTP reaches its value from
 * the side of `last_price`, `two-leg` (OCO) when LTP ≤ the lower value (leg 0) or ≥ the upper value (leg 1); the leg's
 * LIMIT order goes into the order book and the trigger becomes `triggered`.
 */
import { z } from 'zod';
import { err, ok, type Result } from '../../../src/core/result';
import type { MarketState } from './market';
import type { KiteOrder } from './orderTypes';
import type { PlaceParams } from './orderValidation';
import { checkPriceFields } from './orderValidation';
import { inputError, success, type Reply } from './reply';
import type { RequestContext } from './requestContext';
import type { RouteDef } from './route';
import { formatIstDateTime } from './time';

const conditionSchema = z.object({
  exchange: z.string(),
  tradingsymbol: z.string(),
  trigger_values: z.array(z.number().positive()).min(1).max(2),
  last_price: z.number().positive(),
});
const legSchema = z.object({
  exchange: z.string(),
  tradingsymbol: z.string(),
  transaction_type: z.enum(['BUY', 'SELL']),
  order_type: z.literal('LIMIT'),
  product: z.enum(['CNC', 'MIS', 'NRML']),
  quantity: z.number().int().positive(),
  price: z.number().positive(),
});
type Leg = z.infer<typeof legSchema>;

export interface GttTrigger {
  id: number;
  user_id: string;
  parent_trigger: null;
  type: 'single' | 'two-leg';
  created_at: string;
  updated_at: string;
  expires_at: string;
  status: 'active' | 'triggered' | 'deleted';
  condition: z.infer<typeof conditionSchema> & { instrument_token: number };
  orders: (Leg & { result: unknown })[];
  meta: null;
}

const parseJson = (text: string | null): unknown => {
  try {
    return text === null ? undefined : JSON.parse(text);
  } catch {
    return undefined;
  }
};

export class GttBook {
  private readonly triggers = new Map<number, GttTrigger>();
  private seq = 100;

  constructor(
    private readonly market: MarketState,
    private readonly userId: string,
    private readonly now: () => number,
    private readonly placeOrder: (p: PlaceParams) => KiteOrder,
  ) {}

  list(): GttTrigger[] {
    return [...this.triggers.values()].map((t) => structuredClone(t));
  }

  get(id: number): GttTrigger | undefined {
    const t = this.triggers.get(id);
    return t && structuredClone(t);
  }

  upsert(ctx: RequestContext, id: number | null): Result<number, string> {
    const type = ctx.form.get('type');
    if (type !== 'single' && type !== 'two-leg') return err('Invalid `type`: use single or two-leg.');
    const condition = conditionSchema.safeParse(parseJson(ctx.form.get('condition')));
    if (!condition.success) return err('Invalid `condition`: give exchange, tradingsymbol, trigger_values and last_price as JSON.');
    const legs = z.array(legSchema).safeParse(parseJson(ctx.form.get('orders')));
    if (!legs.success) return err('Invalid `orders`: each leg needs exchange, tradingsymbol, transaction_type, LIMIT, product, quantity and price.');
    const c = condition.data;
    const n = type === 'single' ? 1 : 2;
    if (c.trigger_values.length !== n || legs.data.length !== n) return err(`A ${type} GTT needs ${n} trigger value(s) and ${n} order(s).`);
    if (n === 2 && !(c.trigger_values[0]! < c.last_price && c.last_price < c.trigger_values[1]!))
      return err('Invalid trigger values: a two-leg GTT needs lower < last_price < upper.');
    const inst = this.market.bySymbolKey(`${c.exchange}:${c.tradingsymbol}`);
    if (!inst) return err('Invalid `tradingsymbol`: no such instrument on this exchange.');
    for (const leg of legs.data) {
      const check = checkPriceFields({ transactionType: leg.transaction_type, orderType: 'LIMIT', quantity: leg.quantity, price: leg.price, triggerPrice: 0 }, inst);
      if (!check.ok) return check;
    }
    const now = this.now();
    const existing = id === null ? undefined : this.triggers.get(id);
    if (id !== null && (!existing || existing.status !== 'active')) return err(`Trigger ${id} is not an active GTT.`);
    const triggerId = id ?? ++this.seq;
    this.triggers.set(triggerId, {
      id: triggerId,
      user_id: this.userId,
      parent_trigger: null,
      type,
      created_at: existing?.created_at ?? formatIstDateTime(now),
      updated_at: formatIstDateTime(now),
      expires_at: formatIstDateTime(now + 365 * 86_400_000),
      status: 'active',
      condition: { ...c, instrument_token: inst.token },
      orders: legs.data.map((l) => ({ ...l, result: null })),
      meta: null,
    });
    return ok(triggerId);
  }

  delete(id: number): boolean {
    const t = this.triggers.get(id);
    if (!t || t.status === 'deleted') return false;
    t.status = 'deleted';
    return true;
  }

  /** Fires active triggers of one instrument whose condition the new LTP meets. */
  onPrice(token: number, ltp: number): void {
    for (const t of this.triggers.values()) {
      if (t.status !== 'active' || t.condition.instrument_token !== token) continue;
      const [a, b] = t.condition.trigger_values;
      if (a === undefined) continue;
      const leg =
        t.type === 'single' ? ((a >= t.condition.last_price ? ltp >= a : ltp <= a) ? 0 : -1) : ltp <= a ? 0 : b !== undefined && ltp >= b ? 1 : -1;
      if (leg >= 0) this.fire(t, leg, ltp);
    }
  }

  private fire(t: GttTrigger, legIndex: number, ltp: number): void {
    const inst = this.market.instrument(t.condition.instrument_token);
    const leg = t.orders[legIndex];
    if (!inst || !leg) return;
    t.status = 'triggered';
    t.updated_at = formatIstDateTime(this.now());
    const order = this.placeOrder({
      instrument: inst, transactionType: leg.transaction_type, quantity: leg.quantity, product: leg.product,
      orderType: 'LIMIT', price: leg.price, triggerPrice: 0, validity: 'DAY', disclosedQuantity: 0, tag: null, marketProtection: 0,
    });
    leg.result = {
      account_id: this.userId, exchange: leg.exchange, tradingsymbol: leg.tradingsymbol, validity: 'DAY', product: leg.product,
      order_type: 'LIMIT', transaction_type: leg.transaction_type, quantity: leg.quantity, price: leg.price,
      meta: JSON.stringify({ gtt: t.id }), timestamp: t.updated_at, triggered_at: ltp,
      order_result: { status: order.status === 'REJECTED' ? 'failed' : 'success', order_id: order.order_id, rejection_reason: order.status_message ?? '' },
    };
  }
}

const triggerIdOf = (ctx: RequestContext): number | null => (/^\d+$/.test(ctx.pathParams.trigger_id ?? '') ? Number(ctx.pathParams.trigger_id) : null);
const unknownTrigger = (): Reply => inputError('No such GTT trigger.');

export function gttRoutes(book: GttBook): RouteDef[] {
  return [
    { name: 'gtt.triggers', method: 'GET', path: '/gtt/triggers', group: 'other', auth: true, handle: () => success(book.list()) },
    {
      name: 'gtt.place', method: 'POST', path: '/gtt/triggers', group: 'other', auth: true,
      handle: (ctx) => {
        const r = book.upsert(ctx, null);
        return r.ok ? success({ trigger_id: r.value }) : inputError(r.error);
      },
    },
    {
      name: 'gtt.trigger_info', method: 'GET', path: '/gtt/triggers/:trigger_id', group: 'other', auth: true,
      handle: (ctx) => {
        const id = triggerIdOf(ctx);
        const t = id === null ? undefined : book.get(id);
        return t ? success(t) : unknownTrigger();
      },
    },
    {
      name: 'gtt.modify', method: 'PUT', path: '/gtt/triggers/:trigger_id', group: 'other', auth: true,
      handle: (ctx) => {
        const id = triggerIdOf(ctx);
        if (id === null) return unknownTrigger();
        const r = book.upsert(ctx, id);
        return r.ok ? success({ trigger_id: r.value }) : inputError(r.error);
      },
    },
    {
      name: 'gtt.delete', method: 'DELETE', path: '/gtt/triggers/:trigger_id', group: 'other', auth: true,
      handle: (ctx) => {
        const id = triggerIdOf(ctx);
        return id !== null && book.delete(id) ? success({ trigger_id: id }) : unknownTrigger();
      },
    },
  ];
}
