/** GET /instruments[/:exchange]: the instruments master as Kite's CSV (CRLF lines, trailing CRLF, like the real dump). */
import type { Instrument } from '../../../src/core/instrument';
import type { MarketState } from './market';
import type { RouteDef } from './route';

export const INSTRUMENTS_CSV_HEADER =
  'instrument_token,exchange_token,tradingsymbol,name,last_price,expiry,strike,tick_size,lot_size,instrument_type,segment,exchange';

const cell = (v: string): string => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

export function instrumentsCsv(list: readonly Instrument[], lastPrice: (token: number) => number): string {
  const lines = [INSTRUMENTS_CSV_HEADER];
  for (const i of list) {
    lines.push(
      [
        String(i.token),
        String(i.exchangeToken),
        cell(i.tradingsymbol),
        cell(i.name),
        String(lastPrice(i.token)),
        i.expiry ?? '',
        String(i.strike ?? 0),
        String(i.tickSize),
        String(i.lotSize),
        i.instrumentType,
        i.segment,
        i.exchange,
      ].join(','),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}

export function instrumentRoutes(market: MarketState): RouteDef[] {
  const csv = (exchange?: string) => ({
    kind: 'csv' as const,
    body: instrumentsCsv(
      market.allInstruments().filter((i) => exchange === undefined || i.exchange === exchange),
      (t) => market.ltp(t) ?? 0,
    ),
  });
  return [
    { name: 'market.instruments.all', method: 'GET', path: '/instruments', group: 'other', auth: true, handle: () => csv() },
    {
      name: 'market.instruments',
      method: 'GET',
      path: '/instruments/:exchange',
      group: 'other',
      auth: true,
      handle: (ctx) => csv(ctx.pathParams.exchange),
    },
  ];
}
