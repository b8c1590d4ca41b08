/**
 * Position sizing shared by backtest, paper and live. A rule turns equity, price and (for some
 * rules) a stop, an ATR or a trade history into a quantity; the result is rounded DOWN to whole
 * lots (lot size 1 for equities) and capped by the maximum position size (a fraction of equity)
 * and by the cash or margin available. Every decision carries a sentence with the numbers.
 */
import { floorToLot } from '../core/money';
import { err, ok, type Result } from '../core/result';
import { inr, num, pct, shares } from './format';

export type SizingRule =
  | { readonly kind: 'fixedQuantity'; readonly quantity: number }
  | { readonly kind: 'fixedFraction'; readonly fraction: number }
  | {
      readonly kind: 'kelly';
      /** Per-trade results (P&L or returns; only signs and magnitudes matter). */
      readonly trades: Float64Array;
      /** Fractional Kelly multiplier, e.g. 0.5 for half Kelly. */
      readonly multiplier: number;
      /** Hard cap on the fraction of equity. */
      readonly cap: number;
      /** Below this many trades the rule falls back to `fallbackFraction`. */
      readonly minTrades: number;
      readonly fallbackFraction: number;
    }
  | { readonly kind: 'riskPerTrade'; readonly riskAmount?: number; readonly riskFraction?: number; readonly stop: number }
  | { readonly kind: 'atrTarget'; readonly atr: number; readonly atrMultiple?: number; readonly riskFraction: number }
  | { readonly kind: 'volTarget'; readonly annualVol: number; readonly targetVol: number };

export interface SizingContext {
  readonly equity: number;
  /** Entry price per share. */
  readonly price: number;
  /** Quantity multiple (1 for equities). */
  readonly lotSize: number;
  /** Cash or margin free for this position, in rupees. */
  readonly availableCash: number;
  /** Maximum position value as a fraction of equity (0.1 = 10%). */
  readonly maxPositionFraction: number;
  /** Margin blocked per rupee of notional (1 for delivery; e.g. 0.2 for 5× intraday leverage). */
  readonly marginRate?: number;
}

export interface SizeDecision {
  readonly quantity: number;
  /** What the rule alone asked for, rounded down to lots, before the caps. */
  readonly ruleQuantity: number;
  readonly binding: 'rule' | 'maxPosition' | 'cash';
  readonly explanation: string;
}

export interface SizingError {
  readonly code: 'invalid-sizing-input';
  readonly message: string;
}

export interface KellyEstimate {
  readonly trades: number;
  readonly winRate: number;
  /** Mean win / mean loss (Infinity with no losses, 0 with no wins). */
  readonly payoff: number;
  /** f* = W − (1 − W) / R, floored at 0. */
  readonly fraction: number;
}

export function kellyEstimate(trades: Float64Array): KellyEstimate {
  let wins = 0;
  let losses = 0;
  let winSum = 0;
  let lossSum = 0;
  for (let i = 0; i < trades.length; i++) {
    const x = trades[i]!;
    if (x > 0) {
      wins++;
      winSum += x;
    } else if (x < 0) {
      losses++;
      lossSum -= x;
    }
  }
  const n = trades.length;
  const w = n > 0 ? wins / n : 0;
  const payoff = wins === 0 ? 0 : losses === 0 ? Infinity : winSum / wins / (lossSum / losses);
  const f = wins === 0 ? 0 : losses === 0 ? w : w - (1 - w) / payoff;
  return { trades: n, winRate: w, payoff, fraction: Math.max(0, f) };
}

const bad = (message: string): Result<never, SizingError> => err({ code: 'invalid-sizing-input', message });

/** The rule's quantity in (possibly fractional) shares and the words that explain it. */
function ruleQuantity(rule: SizingRule, c: SizingContext): Result<{ q: number; text: string }, SizingError> {
  const byFraction = (f: number, prefix: string): { q: number; text: string } => ({
    q: (c.equity * f) / c.price,
    text: `${prefix}${pct(f)} of ${inr(c.equity)} = ${inr(c.equity * f)} at ${inr(c.price)}`,
  });
  switch (rule.kind) {
    case 'fixedQuantity':
      if (!(rule.quantity >= 0)) return bad('The fixed quantity must be zero or more; set a positive number of shares.');
      return ok({ q: rule.quantity, text: `fixed ${shares(rule.quantity)}` });
    case 'fixedFraction':
      if (!(rule.fraction > 0 && rule.fraction <= 1)) return bad('The fraction of equity must be above 0 and at most 1; use e.g. 0.1 for 10%.');
      return ok(byFraction(rule.fraction, ''));
    case 'kelly': {
      if (!(rule.multiplier > 0 && rule.multiplier <= 1) || !(rule.cap > 0 && rule.cap <= 1) || !(rule.fallbackFraction > 0 && rule.fallbackFraction <= 1)) {
        return bad('Kelly sizing needs a multiplier, cap and fallback fraction each above 0 and at most 1; check the strategy settings.');
      }
      const k = kellyEstimate(rule.trades);
      if (k.trades < rule.minTrades) {
        return ok(byFraction(rule.fallbackFraction, `only ${k.trades} trades (fewer than ${rule.minTrades}), so fixed fraction: `));
      }
      const scaled = k.fraction * rule.multiplier;
      const f = Math.min(scaled, rule.cap);
      const head = `Kelly: win rate ${pct(k.winRate)}, payoff ${Number.isFinite(k.payoff) ? num(k.payoff) : 'unbounded (no losses)'} → f* = ${num(k.fraction, 4)} × ${num(rule.multiplier)} = ${num(scaled, 4)}${scaled > rule.cap ? `, capped at ${num(rule.cap, 4)}` : ''}`;
      if (f === 0) return ok({ q: 0, text: `${head} → no edge, 0 shares` });
      return ok(byFraction(f, `${head} → `));
    }
    case 'riskPerTrade': {
      const dist = Math.abs(c.price - rule.stop);
      if (!(dist > 0)) return bad('The stop equals the entry price, so risk per share is zero; set a stop away from the entry.');
      let budget: number;
      let text: string;
      if (rule.riskFraction !== undefined) {
        if (!(rule.riskFraction > 0 && rule.riskFraction <= 1)) return bad('The risk fraction must be above 0 and at most 1; use e.g. 0.01 for 1% of equity.');
        budget = c.equity * rule.riskFraction;
        text = `risk ${pct(rule.riskFraction)} of ${inr(c.equity)} = ${inr(budget)}`;
      } else if (rule.riskAmount !== undefined && rule.riskAmount > 0) {
        budget = rule.riskAmount;
        text = `risk ${inr(budget)}`;
      } else {
        return bad('Risk-per-trade sizing needs a positive rupee amount or a fraction of equity to risk.');
      }
      return ok({ q: budget / dist, text: `${text} over a ${inr(dist)} stop distance` });
    }
    case 'atrTarget': {
      const m = rule.atrMultiple ?? 1;
      if (!(rule.atr > 0) || !(m > 0)) return bad('ATR sizing needs a positive ATR and multiple; wait until the ATR has warmed up.');
      if (!(rule.riskFraction > 0 && rule.riskFraction <= 1)) return bad('The ATR risk fraction must be above 0 and at most 1; use e.g. 0.01 for 1% of equity.');
      const budget = c.equity * rule.riskFraction;
      const perShare = rule.atr * m;
      return ok({
        q: budget / perShare,
        text: `${pct(rule.riskFraction)} of ${inr(c.equity)} = ${inr(budget)} per ${m === 1 ? '' : `${num(m)} × `}ATR move of ${inr(perShare)}`,
      });
    }
    case 'volTarget': {
      if (!(rule.annualVol > 0) || !(rule.targetVol > 0)) return bad('Volatility targeting needs positive volatilities; wait until the volatility estimate has warmed up.');
      const f = rule.targetVol / rule.annualVol;
      return ok(byFraction(f, `target volatility ${pct(rule.targetVol)} / asset volatility ${pct(rule.annualVol)} = `));
    }
  }
}

export function sizePosition(rule: SizingRule, c: SizingContext): Result<SizeDecision, SizingError> {
  if (!(c.equity > 0)) return bad('Equity must be positive to size a position; check the account balance.');
  if (!(c.price > 0)) return bad('The entry price must be positive; check the market data for this symbol.');
  if (!(c.lotSize >= 1)) return bad('The lot size must be at least 1; check the instrument master.');
  if (!(c.maxPositionFraction > 0 && c.maxPositionFraction <= 1)) return bad('The maximum position size must be above 0% and at most 100% of equity.');
  const margin = c.marginRate ?? 1;
  if (!(margin > 0)) return bad('The margin rate must be positive; use 1 for delivery.');
  const r = ruleQuantity(rule, c);
  if (!r.ok) return r;
  const lot = c.lotSize;
  const unit = lot === 1 ? 'shares' : `shares in lots of ${lot}`;
  const fromRule = floorToLot(Math.max(0, r.value.q), lot);
  const maxValue = c.equity * c.maxPositionFraction;
  const byMax = floorToLot(maxValue / c.price, lot);
  const byCash = floorToLot(Math.max(0, c.availableCash) / (c.price * margin), lot);
  let q = fromRule;
  let binding: SizeDecision['binding'] = 'rule';
  let text = `${r.value.text} → ${fromRule} ${unit}`;
  q = Math.min(q, byMax);
  if (q < fromRule) binding = 'maxPosition';
  text += `, capped at ${pct(c.maxPositionFraction)} of equity (${inr(maxValue)}) → ${q}`;
  if (byCash < q) {
    q = byCash;
    binding = 'cash';
    text += `, capped by available ${margin === 1 ? 'cash' : 'margin'} ${inr(c.availableCash)} → ${q}`;
  }
  return ok({ quantity: q, ruleQuantity: fromRule, binding, explanation: text });
}
