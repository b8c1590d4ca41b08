/**
 * GET /portfolio/positions, /portfolio/holdings, /user/margins[/:segment], derived from the fake's trades:
 * - positions per instrument and product from today's trades (net and day are the same: the fake has no overnight
 *   positions); value = sell value − buy value; pnl = value + quantity × LTP; realised = closed quantity × (sell
 *   average − buy average); unrealised = pnl − realised.
 * - holdings are what the test seeds with `setHoldings`, valued at the current LTP.
 * - margins: available.cash is the seeded cash; utilised.debits = max(0, buy value − sell value of today's trades);
 *   live_balance = net = cash − debits.
 */
import type { MarketState } from './market';
import type { OrderBook } from './orderBook';
import type { KiteTrade } from './orderTypes';
import { failure, success } from './reply';
import type { RouteDef } from './route';

export interface HoldingInput {
  readonly exchange: string;
  readonly tradingsymbol: string;
  readonly quantity: number;
  readonly average_price: number;
  readonly close_price?: number;
}

export function positions(trades: readonly KiteTrade[], market: MarketState): Record<string, unknown>[] {
  const groups = new Map<string, KiteTrade[]>();
  for (const t of trades) {
    const key = `${t.instrument_token}/${t.product}`;
    groups.set(key, [...(groups.get(key) ?? []), t]);
  }
  return [...groups.values()].map((ts) => {
    const first = ts[0]!; // a group holds at least the trade that opened it
    let bq = 0, bv = 0, sq = 0, sv = 0;
    for (const t of ts) {
      if (t.transaction_type === 'BUY') { bq += t.quantity; bv += t.quantity * t.average_price; }
      else { sq += t.quantity; sv += t.quantity * t.average_price; }
    }
    const bp = bq > 0 ? bv / bq : 0;
    const sp = sq > 0 ? sv / sq : 0;
    const quantity = bq - sq;
    const snap = market.snapshot(first.instrument_token);
    const last = snap?.ltp ?? ts[ts.length - 1]!.average_price;
    const value = sv - bv;
    const pnl = value + quantity * last;
    const realised = Math.min(bq, sq) * (sp - bp);
    return {
      tradingsymbol: first.tradingsymbol, exchange: first.exchange, instrument_token: first.instrument_token,
      product: first.product, quantity, overnight_quantity: 0, multiplier: 1,
      average_price: quantity > 0 ? bp : quantity < 0 ? sp : 0,
      close_price: snap?.close ?? 0, last_price: last, value, pnl, m2m: pnl, unrealised: pnl - realised, realised,
      buy_quantity: bq, buy_price: bp, buy_value: bv, buy_m2m: bv,
      sell_quantity: sq, sell_price: sp, sell_value: sv, sell_m2m: sv,
      day_buy_quantity: bq, day_buy_price: bp, day_buy_value: bv,
      day_sell_quantity: sq, day_sell_price: sp, day_sell_value: sv,
    };
  });
}

export function portfolioRoutes(market: MarketState, book: OrderBook, holdings: () => readonly HoldingInput[], cash: () => number): RouteDef[] {
  const equityMargin = () => {
    let net = 0;
    for (const t of book.allTrades()) net += (t.transaction_type === 'BUY' ? 1 : -1) * t.quantity * t.average_price;
    const debits = Math.max(0, net);
    const balance = cash() - debits;
    return {
      enabled: true, net: balance,
      available: { adhoc_margin: 0, cash: cash(), opening_balance: cash(), live_balance: balance, collateral: 0, intraday_payin: 0 },
      utilised: { debits, exposure: 0, m2m_realised: 0, m2m_unrealised: 0, option_premium: 0, payout: 0, span: 0, holding_sales: 0, turnover: 0, liquid_collateral: 0, stock_collateral: 0, delivery: 0 },
    };
  };
  const commodityMargin = () => ({
    enabled: false, net: 0,
    available: { adhoc_margin: 0, cash: 0, opening_balance: 0, live_balance: 0, collateral: 0, intraday_payin: 0 },
    utilised: { debits: 0, exposure: 0, m2m_realised: 0, m2m_unrealised: 0, option_premium: 0, payout: 0, span: 0, holding_sales: 0, turnover: 0, liquid_collateral: 0, stock_collateral: 0, delivery: 0 },
  });
  return [
    {
      name: 'portfolio.positions', method: 'GET', path: '/portfolio/positions', group: 'other', auth: true,
      handle: () => {
        const list = positions(book.allTrades(), market);
        return success({ net: list, day: list.map((p) => ({ ...p })) });
      },
    },
    {
      name: 'portfolio.holdings', method: 'GET', path: '/portfolio/holdings', group: 'other', auth: true,
      handle: () =>
        success(
          holdings().map((h) => {
            const inst = market.bySymbolKey(`${h.exchange}:${h.tradingsymbol}`);
            const snap = inst && market.snapshot(inst.token);
            const last = snap?.ltp ?? h.average_price;
            const close = h.close_price ?? snap?.close ?? last;
            return {
              tradingsymbol: h.tradingsymbol, exchange: h.exchange, instrument_token: inst?.token ?? 0, isin: '',
              product: 'CNC', price: 0, quantity: h.quantity, used_quantity: 0, t1_quantity: 0,
              realised_quantity: h.quantity, opening_quantity: h.quantity, collateral_quantity: 0, collateral_type: '',
              average_price: h.average_price, last_price: last, close_price: close,
              pnl: (last - h.average_price) * h.quantity,
              day_change: last - close, day_change_percentage: close > 0 ? ((last - close) * 100) / close : 0,
            };
          }),
        ),
    },
    {
      name: 'user.margins', method: 'GET', path: '/user/margins', group: 'other', auth: true,
      handle: () => success({ equity: equityMargin(), commodity: commodityMargin() }),
    },
    {
      name: 'user.margins.segment', method: 'GET', path: '/user/margins/:segment', group: 'other', auth: true,
      handle: (ctx) => {
        const s = ctx.pathParams.segment;
        if (s === 'equity') return success(equityMargin());
        if (s === 'commodity') return success(commodityMargin());
        return failure(400, 'InputException', `Invalid segment \`${s}\`: use equity or commodity.`);
      },
    },
  ];
}
