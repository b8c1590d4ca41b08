/**
 * The one place that constructs kiteconnect's REST client (src/brokers/kite and src/data are the only
 * kiteconnect importers). `root` points it at KITE_API_ROOT — Kite itself, or a local fake in tests.
 */
import { KiteConnect } from 'kiteconnect';
import type { KiteClient } from './kiteBroker';

export interface KiteClientOptions {
  readonly apiKey: string;
  readonly accessToken?: string;
  /** KITE_API_ROOT (default https://api.kite.trade). */
  readonly root?: string;
  /** Request timeout in ms (kiteconnect's default 7000). */
  readonly timeout?: number;
}

export function createKiteClient(o: KiteClientOptions): KiteClient {
  return new KiteConnect({
    api_key: o.apiKey,
    ...(o.accessToken !== undefined ? { access_token: o.accessToken } : {}),
    ...(o.root !== undefined ? { root: o.root } : {}),
    ...(o.timeout !== undefined ? { timeout: o.timeout } : {}),
  });
}
