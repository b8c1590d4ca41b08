/** One REST route of the fake: its Kite route name (as in kiteconnect's ROUTES), rate-limit group and handler. */
import type { Reply } from './reply';
import type { RequestContext } from './requestContext';

/** Kite's rate-limit buckets: order placement, quotes, historical candles, everything else. */
export type RateGroup = 'orders' | 'quote' | 'historical' | 'other';

export interface RouteDef {
  /** kiteconnect's route name, e.g. `order.place`; faults and counters refer to routes by this name. */
  readonly name: string;
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Path with `:params`, e.g. `/orders/:variety/:order_id`. */
  readonly path: string;
  readonly group: RateGroup;
  /** False only for POST /session/token. */
  readonly auth: boolean;
  handle(ctx: RequestContext): Reply | Promise<Reply>;
}
