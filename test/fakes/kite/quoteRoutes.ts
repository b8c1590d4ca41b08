/** GET /quote, /quote/ohlc, /quote/ltp with repeated `i=NSE:INFY` (or instrument token) parameters. */
import type { MarketSnapshot, MarketState } from './market';
import { inputError, success, type Reply } from './reply';
import type { RequestContext } from './requestContext';
import type { RouteDef } from './route';
import { formatIstDateTime } from './time';

type Shape = 'quote' | 'ohlc' | 'ltp';
const MAX_INSTRUMENTS: Record<Shape, number> = { quote: 500, ohlc: 1000, ltp: 1000 };

const round2 = (x: number): number => Math.round(x * 100) / 100;

function quoteOf(token: number, s: MarketSnapshot | undefined, shape: Shape): Record<string, unknown> {
  const ltp = s?.ltp ?? 0;
  if (shape === 'ltp') return { instrument_token: token, last_price: ltp };
  const ohlc = { open: s?.open ?? 0, high: s?.high ?? 0, low: s?.low ?? 0, close: s?.close ?? 0 };
  if (shape === 'ohlc') return { instrument_token: token, last_price: ltp, ohlc };
  return {
    instrument_token: token,
    timestamp: s ? formatIstDateTime(s.exchangeTime) : null,
    last_trade_time: s ? formatIstDateTime(s.lastTradeTime) : null,
    last_price: ltp,
    last_quantity: s?.lastQty ?? 0,
    buy_quantity: s?.buyQty ?? 0,
    sell_quantity: s?.sellQty ?? 0,
    volume: s?.volume ?? 0,
    average_price: s?.avgPrice ?? 0,
    oi: s?.oi ?? 0,
    oi_day_high: s?.oiHigh ?? 0,
    oi_day_low: s?.oiLow ?? 0,
    net_change: s ? round2(s.ltp - s.close) : 0,
    lower_circuit_limit: s?.lowerCircuit ?? 0,
    upper_circuit_limit: s?.upperCircuit ?? 0,
    ohlc,
    depth: { buy: (s?.depthBuy ?? []).map((d) => ({ ...d })), sell: (s?.depthSell ?? []).map((d) => ({ ...d })) },
  };
}

function handleQuote(market: MarketState, shape: Shape, ctx: RequestContext): Reply {
  const keys = ctx.query.getAll('i');
  if (keys.length === 0) return inputError('No instruments given: pass one or more `i` parameters.');
  if (keys.length > MAX_INSTRUMENTS[shape]) return inputError(`Too many instruments: at most ${MAX_INSTRUMENTS[shape]} per request.`);
  const data: Record<string, unknown> = {};
  for (const key of keys) {
    const inst = /^\d+$/.test(key) ? market.instrument(Number(key)) : market.bySymbolKey(key);
    if (inst) data[key] = quoteOf(inst.token, market.snapshot(inst.token), shape); // unknown keys are left out, as Kite does
  }
  return success(data);
}

export function quoteRoutes(market: MarketState): RouteDef[] {
  const route = (name: string, path: string, shape: Shape): RouteDef => ({
    name,
    method: 'GET',
    path,
    group: 'quote',
    auth: true,
    handle: (ctx) => handleQuote(market, shape, ctx),
  });
  return [route('market.quote', '/quote', 'quote'), route('market.quote.ohlc', '/quote/ohlc', 'ohlc'), route('market.quote.ltp', '/quote/ltp', 'ltp')];
}
