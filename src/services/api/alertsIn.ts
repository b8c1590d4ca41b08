/**
 * Incoming alerts (issue 19): TradingView, ChartInk or a text line posted to `POST /hooks/alerts/<source>` become
 * orders of source `alert:<source>` through the one order pipeline (risk engine, approval by the source's policy, OMS,
 * broker); `/alerts_in` lists what arrived and what became of each.
 */

/** One alert as the HTTP route hands it over: the source named in the path, a secret from the path or a header. */
export interface AlertDelivery {
  readonly source: string;
  /** From the path or the X-Alert-Secret header; absent: the JSON body's `secret` is used. */
  readonly secret?: string;
  /** The raw body (at most 64 KB): JSON, or a text line. */
  readonly body: string;
}

/** What became of one order an alert asked for, and one alert as listed: the shapes the alert inbox stores. */
export type { AlertOrderView, AlertView } from '../../core/ports/alertInbox';
import type { AlertView } from '../../core/ports/alertInbox';

export type AlertReceipt =
  | { readonly kind: 'accepted'; readonly alert: AlertView }
  | { readonly kind: 'duplicate'; readonly alert: AlertView }
  | { readonly kind: 'invalid'; readonly reason: string }
  | { readonly kind: 'rate-limited'; readonly retryAfterSeconds: number; readonly message: string }
  /** Unknown source or wrong secret: nothing else is said. */
  | { readonly kind: 'unauthorized' };

export interface AlertsInService {
  /** Checks the secret, the rate and the payload, then turns the alert into orders through the pipeline. */
  receive(delivery: AlertDelivery): Promise<AlertReceipt>;
  /** The latest alerts (newest first), with each order's state now. */
  recent(o?: { readonly limit?: number; readonly source?: string }): Promise<AlertView[]>;
  /** The configured sources' names. */
  sources(): readonly string[];
}
