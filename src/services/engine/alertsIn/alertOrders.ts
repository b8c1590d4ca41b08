/**
 * An alert's instruction → an order draft of source `alert:<source>` for the portfolio's own book: the side, the
 * size (the alert's qty / amount / pct, else the source's default; an exit closes the position the portfolio holds,
 * capped by a qty), the product, prices on the tick grid on the safe side, and the sentence the card shows.
 */
import type { AlertSizing, AlertSourceConfig } from '../../../config/types';
import { ceilToTick, floorToLot, floorToTick, roundToTick } from '../../../core/money';
import type { Product, Side } from '../../../core/order';
import { err, ok, type Result } from '../../../core/result';
import type { OrderDraft } from '../../../oms/orderPipeline';
import type { AlertInstruction, ParsedAlert } from './alertPayloads';

/** What sizing needs of the running engine. */
export interface AlertMarket {
  /** The price to size at: the mode's last price (or a quote in live); an error says why there is none. */
  price(symbol: string): Promise<Result<number, string>>;
  /** The account's equity as the risk engine sees it (for pct). */
  equity(): number;
  /** The portfolio's position in `symbol` for `product` (signed shares; an exit closes it). */
  position(symbol: string, product: Product): number;
  lotSize(symbol: string): number | undefined;
  tickSize(symbol: string): number;
}

export interface AlertOrder {
  readonly draft: OrderDraft;
  /** What the card says about the size. */
  readonly sizingReason: string;
  /** The price the order was sized at (the card's ≈ price); absent when no price was known. */
  readonly signalPrice?: number;
}

const rupees = (v: number): string => `₹${v.toLocaleString('en-IN', { maximumFractionDigits: 2 })}`;

function sizeText(s: AlertSizing, fromAlert: boolean): string {
  const whose = fromAlert ? 'the alert' : 'the source default';
  return s.kind === 'qty' ? `${s.quantity} share${s.quantity === 1 ? '' : 's'} (${whose})` : s.kind === 'amount' ? `${rupees(s.rupees)} (${whose})` : `${s.percent}% of equity (${whose})`;
}

/** Sizes one instruction; an error is one sentence saying why no order was made. */
export async function alertOrder(i: AlertInstruction, alert: ParsedAlert, source: AlertSourceConfig, market: AlertMarket, now: number): Promise<Result<AlertOrder, string>> {
  if (source.symbols.length > 0 && !source.symbols.includes(i.symbol)) {
    return err(`${i.symbol} is not among the symbols alert source ${source.name} may trade (${source.symbols.join(', ')}).`);
  }
  const product = i.product ?? source.product;
  const lot = market.lotSize(i.symbol) ?? 1;
  const quoted = i.price === undefined ? await market.price(i.symbol) : ok(i.price);
  const price = quoted.ok ? quoted.value : undefined;
  let side: Side;
  let quantity: number;
  let sizingReason: string;
  if (i.action === 'exit') {
    const held = market.position(i.symbol, product);
    if (held === 0) return err(`Nothing to exit: the portfolio holds no ${i.symbol} (${product}).`);
    side = held > 0 ? 'SELL' : 'BUY';
    const cap = i.size?.kind === 'qty' ? i.size.quantity : Infinity;
    quantity = Math.min(Math.abs(held), cap);
    sizingReason = `exit: ${quantity} of the ${Math.abs(held)} ${i.symbol} the portfolio holds (${product})`;
  } else {
    side = i.action === 'buy' ? 'BUY' : 'SELL';
    const sizing = i.size ?? source.sizing;
    sizingReason = sizeText(sizing, i.size !== undefined);
    if (sizing.kind === 'qty') quantity = sizing.quantity;
    else {
      if (price === undefined) return err(`${sizingReason} cannot be sized: ${quoted.ok ? 'no price' : quoted.error}`);
      const rupeesToSpend = sizing.kind === 'amount' ? sizing.rupees : (market.equity() * sizing.percent) / 100;
      if (!Number.isFinite(rupeesToSpend) || rupeesToSpend <= 0) return err(`${sizingReason} cannot be sized: the account's equity is not known yet.`);
      quantity = floorToLot(rupeesToSpend / price, lot);
      if (quantity <= 0) return err(`${sizingReason} buys no whole ${lot === 1 ? 'share' : 'lot'} of ${i.symbol} at ${rupees(price)}.`);
      sizingReason = `${sizingReason} at ${rupees(price)} → ${quantity} shares`;
    }
  }
  const tick = market.tickSize(i.symbol);
  const limit = i.orderType === 'LIMIT' && i.price !== undefined ? (side === 'BUY' ? floorToTick(i.price, tick) : ceilToTick(i.price, tick)) : undefined;
  // A stop below a long entry rounds down, above a short entry up (the safe side); a target to the nearest tick.
  const stop = i.stop === undefined ? undefined : side === 'BUY' ? floorToTick(i.stop, tick) : ceilToTick(i.stop, tick);
  const target = i.target === undefined ? undefined : roundToTick(i.target, tick);
  const draft: OrderDraft = {
    symbol: i.symbol,
    side,
    quantity,
    orderType: limit !== undefined ? 'LIMIT' : 'MARKET',
    ...(limit !== undefined ? { price: limit } : {}),
    product,
    validity: 'DAY',
    source: { kind: 'alert', source: source.name },
    reason: alert.message,
    ...(stop !== undefined && i.action !== 'exit' ? { stop } : {}),
    ...(target !== undefined && i.action !== 'exit' ? { takeProfit: target } : {}),
    time: now,
  };
  return ok({ draft, sizingReason, ...(price !== undefined ? { signalPrice: price } : {}) });
}
