/**
 * The pre-trade risk gate: `check(intent, snapshot, limits)` approves an order intent, approves
 * it resized to the largest size every limit allows (the reason says so, in words), or denies
 * it with a sentence a person can act on. Pure: the snapshot carries all state.
 *
 * Order of checks: lot multiple → TradingState (HALTED: nothing; REDUCING: only orders that
 * shrink a position without crossing zero) → market data → price band and circuit limits →
 * orders per day / per minute → duplicate (same account, symbol, side and size) → (entries only) daily loss and MIS square-off time →
 * size caps: freeze quantity, order value, and (entries only) position size, sector exposure,
 * portfolio VaR. Orders that reduce a position skip the entry-only limits, so an exit is never
 * blocked by the limits it helps with.
 *
 * Rupee values use a conservative price: the higher of the last price and the order's limit and
 * trigger prices.
 */
import { istMidnight, istMinuteOfDay } from '../calendar/ist';
import { floorToLot } from '../core/money';
import { sideSign, type OrderIntent } from '../core/order';
import { err, ok, type Result } from '../core/result';
import { allowsOrder } from '../core/tradingState';
import { sectorOf } from './concentration';
import { inr, pct } from './format';
import { DEFAULT_RISK_LIMITS, minutesOf, type RiskLimits } from './riskLimits';
import type { RiskSnapshot } from './riskSnapshot';
import { withRiskNote } from '../core/riskNote';

export type RiskRule =
  | 'invalid-intent'
  | 'trading-halted'
  | 'reducing-only'
  | 'no-market-data'
  | 'price-band'
  | 'circuit-limit'
  | 'orders-per-day'
  | 'orders-per-minute'
  | 'duplicate'
  | 'daily-loss'
  | 'mis-cutoff'
  | 'freeze-quantity'
  | 'order-value'
  | 'position-size'
  | 'sector-exposure'
  | 'var-limit';

export interface Denial {
  readonly rule: RiskRule;
  /** One sentence: what was wrong and what to do. */
  readonly message: string;
  readonly intent: OrderIntent;
}

/**
 * Why a halt refused an order, in one sentence for every caller (this gate and the risk engine): an order that would
 * shrink a position is told how to get it out, since reducing-only mode lets exactly those through.
 */
export function haltedMessage(reducing: boolean): string {
  return reducing
    ? 'Trading is halted, so no orders are accepted, exits included; /reduce (reducing-only mode) lets orders that shrink a position through.'
    : 'Trading is halted, so no orders are accepted; resume trading once it is safe to do so.';
}

interface Cap {
  readonly rule: RiskRule;
  /** Largest allowed quantity (may be negative: nothing allowed). */
  readonly max: number;
  /** Words for the limit, built only when needed (formatting rupees is slow on a hot path). */
  readonly limitText: () => string;
}

/** Largest q ≥ 0 with |held + sign·q| ≤ bound, for an order that does not reduce the position. */
function maxAddable(held: number, sign: 1 | -1, bound: number): number {
  return held * sign >= 0 ? bound - Math.abs(held) : Math.abs(held) + bound;
}

export function check(intent: OrderIntent, snap: RiskSnapshot, limits: RiskLimits = DEFAULT_RISK_LIMITS): Result<OrderIntent, Denial> {
  const deny = (rule: RiskRule, message: string): Result<never, Denial> => err({ rule, message, intent });
  const { symbol, side, quantity } = intent;
  const mkt = snap.market.get(symbol);
  const lot = mkt?.lotSize ?? 1;
  const verb = side === 'BUY' ? 'Buying' : 'Selling';
  if (!(quantity > 0) || floorToLot(quantity, lot) !== quantity) {
    return deny('invalid-intent', `The quantity ${quantity} for ${symbol} is not a positive multiple of the lot size ${lot}; correct the quantity.`);
  }
  const held = snap.positions.get(symbol)?.quantity ?? 0;
  const sign = sideSign(side);
  const reducing = allowsOrder('REDUCING', held, sign * quantity);

  if (snap.tradingState === 'HALTED') {
    return deny('trading-halted', haltedMessage(reducing));
  }
  if (snap.tradingState === 'REDUCING' && !reducing) {
    return deny('reducing-only', `Trading is in reducing-only mode and this order would not shrink the ${symbol} position; only exits are accepted until trading is resumed.`);
  }
  if (!mkt || !(mkt.lastPrice > 0)) {
    return deny('no-market-data', `There is no last price for ${symbol}, so the order cannot be risk-checked; wait for market data and try again.`);
  }
  const last = mkt.lastPrice;
  for (const [label, p] of [['limit', intent.price], ['trigger', intent.trigger]] as const) {
    if (p === undefined) continue;
    if (!(p > 0) || Math.abs(p / last - 1) > limits.priceBandFraction + 1e-12) {
      return deny('price-band', `The ${label} price ${inr(p)} for ${symbol} is more than ${pct(limits.priceBandFraction)} away from the last price ${inr(last)}; check the price and try again.`);
    }
    if ((mkt.lowerCircuit !== undefined && p < mkt.lowerCircuit) || (mkt.upperCircuit !== undefined && p > mkt.upperCircuit)) {
      return deny('circuit-limit', `The ${label} price ${inr(p)} for ${symbol} is outside today's circuit limits (${inr(mkt.lowerCircuit ?? 0)}–${inr(mkt.upperCircuit ?? Infinity)}); use a price inside the band.`);
    }
  }

  const now = snap.time;
  const dayStart = istMidnight(now);
  let today = 0;
  let lastMinute = 0;
  for (const o of snap.recentOrders) {
    if (o.time > now) continue;
    if (o.time >= dayStart) today++;
    if (o.time > now - 60_000) lastMinute++;
  }
  if (today >= limits.maxOrdersPerDay) {
    return deny('orders-per-day', `The limit of ${limits.maxOrdersPerDay} orders per day has been reached; no more orders today unless the limit is raised.`);
  }
  if (lastMinute >= limits.maxOrdersPerMinute) {
    return deny('orders-per-minute', `The limit of ${limits.maxOrdersPerMinute} orders per minute has been reached; wait a minute and try again.`);
  }
  const dup = duplicateOf(snap, limits, intent.instanceId, symbol, side, quantity);
  if (dup) return deny('duplicate', dup);

  if (!reducing) {
    const lossLimit = limits.dailyLossFraction * snap.dayStartEquity;
    if (snap.dayPnl <= -lossLimit) {
      return deny('daily-loss', `Today's loss of ${inr(-snap.dayPnl)} has reached the daily loss limit of ${pct(limits.dailyLossFraction)} (${inr(lossLimit)}), so new entries are halted for the day; only exits are accepted.`);
    }
    if (intent.product === 'MIS' && istMinuteOfDay(now) >= minutesOf(limits.misSquareOffTime)) {
      return deny('mis-cutoff', `New intraday (MIS) entries are not accepted at or after ${limits.misSquareOffTime} IST, the square-off time; use CNC or trade tomorrow.`);
    }
  }

  const ref = Math.max(last, intent.price ?? 0, intent.trigger ?? 0);
  const capsResult = sizeCaps(intent, snap, limits, held, sign, ref, reducing);
  if (!capsResult.ok) return deny('var-limit', capsResult.error);
  let allowed = quantity;
  let binding: Cap | null = null;
  for (const c of capsResult.value) {
    const q = Math.max(0, floorToLot(Math.max(0, c.max), lot));
    if (q < allowed) {
      allowed = q;
      binding = c;
    }
  }
  if (!binding) return ok(intent);
  if (allowed === 0 || !limits.allowResize) {
    return deny(binding.rule, `${verb} ${quantity} ${symbol} would break ${binding.limitText()}; lower the quantity${allowed > 0 ? ` to at most ${allowed}` : ''} or change the limit.`);
  }
  const dup2 = duplicateOf(snap, limits, intent.instanceId, symbol, side, allowed);
  if (dup2) return deny('duplicate', dup2);
  return ok({
    ...intent,
    quantity: allowed,
    reason: withRiskNote(intent.reason, `resized from ${quantity} to ${allowed} to stay within ${binding.limitText()}`),
  });
}

/** An order of the same account (strategy instance, or the portfolio's own book), symbol, side and size in the window. */
function duplicateOf(snap: RiskSnapshot, limits: RiskLimits, account: string | undefined, symbol: string, side: string, quantity: number): string | null {
  if (limits.duplicateWindowSeconds === 0) return null;
  const since = snap.time - limits.duplicateWindowSeconds * 1000;
  for (const o of snap.recentOrders) {
    if (o.symbol === symbol && o.side === side && o.quantity === quantity && o.account === account && o.time >= since && o.time <= snap.time) {
      return `An identical order (${side} ${quantity} ${symbol}) went out ${Math.round((snap.time - o.time) / 1000)} s ago, within the ${limits.duplicateWindowSeconds} s duplicate window; wait or change the order if it is really meant twice.`;
    }
  }
  return null;
}

function sizeCaps(
  intent: OrderIntent,
  snap: RiskSnapshot,
  limits: RiskLimits,
  held: number,
  sign: 1 | -1,
  ref: number,
  reducing: boolean,
): Result<Cap[], string> {
  const mkt = snap.market.get(intent.symbol)!;
  const caps: Cap[] = [];
  if (mkt.freezeQuantity !== undefined) {
    caps.push({ rule: 'freeze-quantity', max: mkt.freezeQuantity, limitText: () => `the exchange freeze quantity of ${mkt.freezeQuantity}` });
  }
  caps.push({ rule: 'order-value', max: limits.maxOrderValue / ref, limitText: () => `the maximum order value of ${inr(limits.maxOrderValue)}` });
  if (reducing) return ok(caps);
  const eq = snap.equity;
  const posLimit = limits.maxPositionFraction * eq;
  caps.push({
    rule: 'position-size',
    max: maxAddable(held, sign, posLimit / ref),
    limitText: () => `the maximum position of ${pct(limits.maxPositionFraction)} of equity (${inr(posLimit)})`,
  });
  const sector = sectorOf(snap.sectors, intent.symbol);
  let otherGross = 0;
  for (const [s, p] of snap.positions) {
    if (s !== intent.symbol && sectorOf(snap.sectors, s) === sector) otherGross += Math.abs(p.quantity) * p.lastPrice;
  }
  const secLimit = limits.maxSectorFraction * eq;
  caps.push({
    rule: 'sector-exposure',
    max: maxAddable(held, sign, (secLimit - otherGross) / ref),
    limitText: () => `the ${sector} sector limit of ${pct(limits.maxSectorFraction)} of equity (${inr(secLimit)})`,
  });
  const perRupee = snap.var?.perRupee.get(intent.symbol);
  if (!snap.var || perRupee === undefined || !(perRupee >= 0)) {
    return { ok: false, error: `There is no volatility estimate for ${intent.symbol}, so its effect on portfolio VaR is unknown; load its price history before adding to the position.` };
  }
  const varLimit = limits.maxVarFraction * eq;
  if (perRupee > 0) {
    // Sub-additivity: VaR(book + Δ) ≤ VaR(book) + VaR(Δ) = current + q·ref·perRupee, whatever the direction.
    caps.push({
      rule: 'var-limit',
      max: (varLimit - snap.var.current) / (ref * perRupee),
      limitText: () => `the portfolio VaR limit of ${pct(limits.maxVarFraction)} of equity (${inr(varLimit)})`,
    });
  }
  return ok(caps);
}
