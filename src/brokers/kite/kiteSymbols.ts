/** Our symbols are `EXCHANGE:TRADINGSYMBOL` (Kite's quote key) or a bare NSE trading symbol. */
export type KiteExchange = 'NSE' | 'BSE' | 'NFO' | 'BFO' | 'CDS' | 'MCX' | 'BCD';
const EXCHANGES: readonly string[] = ['NSE', 'BSE', 'NFO', 'BFO', 'CDS', 'MCX', 'BCD'];

export function splitSymbol(symbol: string): { readonly exchange: KiteExchange; readonly tradingsymbol: string } {
  const i = symbol.indexOf(':');
  if (i > 0 && EXCHANGES.includes(symbol.slice(0, i))) return { exchange: symbol.slice(0, i) as KiteExchange, tradingsymbol: symbol.slice(i + 1) };
  return { exchange: 'NSE', tradingsymbol: symbol };
}

/** The symbol as we name it: bare for NSE, `EXCHANGE:SYMBOL` otherwise. */
export function joinSymbol(exchange: string, tradingsymbol: string): string {
  return exchange === 'NSE' ? tradingsymbol : `${exchange}:${tradingsymbol}`;
}
