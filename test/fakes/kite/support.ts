/** Shared fixtures for the fake Kite tests: a few instruments and a client pointed at the fake. */
import { KiteConnect } from 'kiteconnect';
import { instrumentToken } from '../../../src/core/ids';
import type { Instrument } from '../../../src/core/instrument';
import type { FakeKite } from '.';

export const INFY: Instrument = {
  token: instrumentToken(408065), exchangeToken: 1594, exchange: 'NSE', tradingsymbol: 'INFY', name: 'INFOSYS',
  tickSize: 0.05, lotSize: 1, segment: 'NSE', instrumentType: 'EQ',
};
export const RELIANCE: Instrument = {
  token: instrumentToken(738561), exchangeToken: 2885, exchange: 'NSE', tradingsymbol: 'RELIANCE', name: 'RELIANCE INDUSTRIES, LTD',
  tickSize: 0.05, lotSize: 1, segment: 'NSE', instrumentType: 'EQ',
};
export const NIFTY_FUT: Instrument = {
  token: instrumentToken(13238786), exchangeToken: 51714, exchange: 'NFO', tradingsymbol: 'NIFTY25JANFUT', name: 'NIFTY',
  tickSize: 0.05, lotSize: 75, segment: 'NFO-FUT', instrumentType: 'FUT', expiry: '2025-01-30', strike: 0,
};
/** NIFTY 50 index: token & 0xff = 9 (indices segment). */
export const NIFTY_INDEX: Instrument = {
  token: instrumentToken(256265), exchangeToken: 1001, exchange: 'NSE', tradingsymbol: 'NIFTY 50', name: 'NIFTY 50',
  tickSize: 0, lotSize: 0, segment: 'INDICES', instrumentType: 'EQ',
};

export const ALL_INSTRUMENTS: readonly Instrument[] = [INFY, RELIANCE, NIFTY_FUT, NIFTY_INDEX];

export type KiteClient = InstanceType<typeof KiteConnect>;

export function clientFor(fake: FakeKite, accessToken: string | null = 'fake_access_token', timeout = 2000): KiteClient {
  return new KiteConnect({ api_key: fake.apiKey, access_token: accessToken ?? undefined, root: fake.root, timeout });
}

/** Awaits a promise that must reject and returns the rejection value (the client rejects with Kite's error body). */
export async function rejectionOf(p: Promise<unknown>): Promise<{ error_type?: string; message?: string }> {
  try {
    await p;
  } catch (e) {
    return e as { error_type?: string; message?: string };
  }
  throw new Error('expected the call to be rejected');
}
