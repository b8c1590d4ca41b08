/** Order endpoints: place, modify, cancel, the order book, one order's history and trades, the trade book. */
import type { MarketState } from './market';
import type { OrderBook } from './orderBook';
import { validatePlace } from './orderValidation';
import { failure, inputError, success, type Reply } from './reply';
import type { RouteDef } from './route';

const SUPPORTED_VARIETIES = ['regular'];

function checkVariety(variety: string | undefined): Reply | null {
  return variety !== undefined && SUPPORTED_VARIETIES.includes(variety)
    ? null
    : inputError(`Unsupported variety \`${variety ?? ''}\`: this fake knows only regular orders.`);
}

const orderNotFound = (id: string): Reply => failure(400, 'InputException', `Couldn't find that order (${id}).`);

export function orderRoutes(market: MarketState, book: OrderBook, requireMarketProtection: boolean): RouteDef[] {
  return [
    {
      name: 'order.place',
      method: 'POST',
      path: '/orders/:variety',
      group: 'orders',
      auth: true,
      handle: (ctx) => {
        const bad = checkVariety(ctx.pathParams.variety);
        if (bad) return bad;
        const params = validatePlace(ctx.form, market, requireMarketProtection);
        if (!params.ok) return inputError(params.error);
        return success({ order_id: book.place(params.value, ctx.pathParams.variety).order_id });
      },
    },
    {
      name: 'order.modify',
      method: 'PUT',
      path: '/orders/:variety/:order_id',
      group: 'orders',
      auth: true,
      handle: (ctx) => {
        const bad = checkVariety(ctx.pathParams.variety);
        if (bad) return bad;
        const r = book.modify(ctx.pathParams.order_id, ctx.form);
        return r.ok ? success({ order_id: r.value.order_id }) : inputError(r.error);
      },
    },
    {
      name: 'order.cancel',
      method: 'DELETE',
      path: '/orders/:variety/:order_id',
      group: 'orders',
      auth: true,
      handle: (ctx) => {
        const bad = checkVariety(ctx.pathParams.variety);
        if (bad) return bad;
        const r = book.cancel(ctx.pathParams.order_id);
        return r.ok ? success({ order_id: r.value.order_id }) : inputError(r.error);
      },
    },
    { name: 'orders', method: 'GET', path: '/orders', group: 'other', auth: true, handle: () => success(book.orders()) },
    {
      name: 'order.info',
      method: 'GET',
      path: '/orders/:order_id',
      group: 'other',
      auth: true,
      handle: (ctx) => {
        const h = book.history(ctx.pathParams.order_id);
        return h ? success(h) : orderNotFound(ctx.pathParams.order_id);
      },
    },
    {
      name: 'order.trades',
      method: 'GET',
      path: '/orders/:order_id/trades',
      group: 'other',
      auth: true,
      handle: (ctx) =>
        book.order(ctx.pathParams.order_id) ? success(book.tradesOf(ctx.pathParams.order_id)) : orderNotFound(ctx.pathParams.order_id),
    },
    { name: 'trades', method: 'GET', path: '/trades', group: 'other', auth: true, handle: () => success([...book.allTrades()]) },
  ];
}
