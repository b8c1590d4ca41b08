/** Order endpoints: place, modify, cancel, the order book, one order's history and trades, the trade book. */
import type { MarketState } from './market';
import type { OrderBook } from './orderBook';
import { validatePlace } from './orderValidation';
import { failure, inputError, success, type Reply } from './reply';
import { pathParam } from './requestContext';
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
        const bad = checkVariety(pathParam(ctx, 'variety'));
        if (bad) return bad;
        const params = validatePlace(ctx.form, market, requireMarketProtection);
        if (!params.ok) return inputError(params.error);
        return success({ order_id: book.place(params.value, pathParam(ctx, 'variety')).order_id });
      },
    },
    {
      name: 'order.modify',
      method: 'PUT',
      path: '/orders/:variety/:order_id',
      group: 'orders',
      auth: true,
      handle: (ctx) => {
        const bad = checkVariety(pathParam(ctx, 'variety'));
        if (bad) return bad;
        const r = book.modify(pathParam(ctx, 'order_id'), ctx.form);
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
        const bad = checkVariety(pathParam(ctx, 'variety'));
        if (bad) return bad;
        const r = book.cancel(pathParam(ctx, 'order_id'));
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
        const h = book.history(pathParam(ctx, 'order_id'));
        return h ? success(h) : orderNotFound(pathParam(ctx, 'order_id'));
      },
    },
    {
      name: 'order.trades',
      method: 'GET',
      path: '/orders/:order_id/trades',
      group: 'other',
      auth: true,
      handle: (ctx) =>
        book.order(pathParam(ctx, 'order_id')) ? success(book.tradesOf(pathParam(ctx, 'order_id'))) : orderNotFound(pathParam(ctx, 'order_id')),
    },
    { name: 'trades', method: 'GET', path: '/trades', group: 'other', auth: true, handle: () => success([...book.allTrades()]) },
  ];
}
