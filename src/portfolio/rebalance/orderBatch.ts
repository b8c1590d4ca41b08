/**
 * A trade list as one batch for OMS approval: OrderIntents in the list's order (sells first), with
 * idempotent client order ids `<prefix>n<index in base 36>`: letters and digits only, because Kite carries
 * them in `tag` (at most 20 alphanumeric characters).
 */
import { clientOrderId } from '../../core/ids';
import type { OrderIntent, OrderSource, Product } from '../../core/order';
import type { Result } from '../../core/result';
import { err, ok } from '../../core/result';
import type { TradeList } from './tradeList';

export interface RebalanceBatch {
  readonly reason: string;
  readonly intents: readonly OrderIntent[];
  /** Shown on the approval card. */
  readonly estimatedCosts: number;
  readonly cashAfter: number;
}

export interface BatchOptions {
  /** Unique per rebalance, e.g. `rb20250107`; with `-<n>` it must fit Kite's 20-character tag. */
  readonly idPrefix: string;
  readonly source: OrderSource;
  readonly product?: Product;
  readonly reason: string;
}

const KITE_TAG_MAX = 20;

export function toOrderBatch(list: TradeList, o: BatchOptions): Result<RebalanceBatch, string> {
  const lineId = (i: number): string => `${o.idPrefix}n${i.toString(36)}`;
  const longest = lineId(Math.max(0, list.lines.length - 1));
  if (!/^[A-Za-z0-9]+$/.test(o.idPrefix) || longest.length > KITE_TAG_MAX) {
    return err(`The order id prefix "${o.idPrefix}" must be letters and digits short enough for ${list.lines.length} orders within Kite's ${KITE_TAG_MAX}-character tag; use a shorter one.`);
  }
  const intents: OrderIntent[] = list.lines.map((l, i) => ({
    clientOrderId: clientOrderId(lineId(i)),
    symbol: l.symbol,
    side: l.side,
    quantity: l.quantity,
    orderType: 'MARKET',
    product: o.product ?? 'CNC',
    validity: 'DAY',
    source: o.source,
    reason: l.reason,
    time: list.time,
  }));
  return ok({ reason: o.reason, intents, estimatedCosts: list.estimatedCosts, cashAfter: list.cashAfter });
}
