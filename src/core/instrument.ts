import type { InstrumentToken } from './ids';

export type Exchange = 'NSE' | 'BSE' | 'NFO' | 'BFO' | 'CDS' | 'MCX' | 'BCD';
export type InstrumentType = 'EQ' | 'FUT' | 'CE' | 'PE' | 'INDEX';

/** One tradable instrument as Kite's instruments master describes it. */
export interface Instrument {
  readonly token: InstrumentToken;
  readonly exchangeToken: number;
  readonly exchange: Exchange;
  readonly tradingsymbol: string;
  readonly name: string;
  /** Minimum price increment in rupees (0.05 for most NSE equities). */
  readonly tickSize: number;
  /** Quantity multiple (1 for equities). */
  readonly lotSize: number;
  readonly segment: string;
  readonly instrumentType: InstrumentType;
  readonly expiry?: string;
  readonly strike?: number;
}

/** `NSE:RELIANCE` — the key Kite uses for quotes and the form users type. */
export type SymbolKey = `${string}:${string}`;

export const symbolKey = (i: Pick<Instrument, 'exchange' | 'tradingsymbol'>): SymbolKey =>
  `${i.exchange}:${i.tradingsymbol}`;
