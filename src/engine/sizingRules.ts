/**
 * Position sizing rules, the same in every mode (a backtest's `--sizing`, an instance's `sizing=` in paper and
 * live), as portfolio construction the kernel accepts. Every rule except "all" goes through src/risk's
 * `sizePosition`:
 *  - all: signal weight × instance equity / price, whole shares (the kernel's default rule);
 *  - fixed:N: N shares per position;
 *  - pct:N: N % of equity per position (fixed fraction; the signal's weight only gives the direction);
 *  - kelly: half Kelly from the instance's closed trades so far, capped at 50 % of equity; 10 % until 10 trades;
 *  - risk:N: risk N % of equity between the entry and the stop — the signal's stop when it has one,
 *    else 2 × ATR(14) of the decision bar away (src/risk atrStop).
 * A flat signal is always 0. Sizing failures (e.g. ATR not warmed up) size 0 and are reported.
 * Sizing happens at the first price after the decision (the next bar's open, or the first tick), in every mode.
 */
import type { BarSeries } from '../core/barSeries';
import { err, ok, type Result } from '../core/result';
import { signedWeight } from '../core/signal';
import { atr } from '../indicators/atr';
import { atrStop, sizePosition, type SizingRule } from '../risk';
import { weightOfCapital, type PortfolioConstruction, type SizingInput } from './portfolioConstruction';

/** Position sizing: all cash (signal weight × equity), a fixed % of equity, fractional Kelly, or risk % with an ATR stop. */
export type SizingSpec =
  | { readonly kind: 'all' }
  | { readonly kind: 'fixed'; readonly quantity: number }
  | { readonly kind: 'pct'; readonly percent: number }
  | { readonly kind: 'kelly' }
  | { readonly kind: 'risk'; readonly percent: number };

export const KELLY = { multiplier: 0.5, cap: 0.5, minTrades: 10, fallbackFraction: 0.1 } as const;
export const ATR_PERIOD = 14;
export const ATR_MULTIPLE = 2;

export function parseSizing(spec: string): Result<SizingSpec, string> {
  const s = spec.trim().toLowerCase();
  if (s === 'all') return ok({ kind: 'all' });
  if (s === 'kelly') return ok({ kind: 'kelly' });
  const m = /^(pct|risk|fixed):(\d+(?:\.\d+)?)$/.exec(s);
  if (m) {
    const v = Number(m[2]);
    if (m[1] === 'pct' && v > 0 && v <= 100) return ok({ kind: 'pct', percent: v });
    if (m[1] === 'risk' && v > 0 && v <= 100) return ok({ kind: 'risk', percent: v });
    if (m[1] === 'fixed' && Number.isInteger(v) && v > 0) return ok({ kind: 'fixed', quantity: v });
  }
  return err(`Unknown sizing "${spec}"; use all, pct:<1..100>, kelly, risk:<percent risked, e.g. 1> or fixed:<shares>.`);
}

export const sizingLabel = (s: SizingSpec): string =>
  s.kind === 'all' || s.kind === 'kelly' ? s.kind : s.kind === 'fixed' ? `fixed:${s.quantity}` : `${s.kind}:${s.percent}`;

/** What an approval card says about a rule. */
export function sizingText(s: SizingSpec): string {
  switch (s.kind) {
    case 'all':
      return 'signal weight × the instance’s equity, whole shares';
    case 'fixed':
      return `a fixed ${s.quantity} shares per position`;
    case 'pct':
      return `${s.percent}% of the instance’s equity per position`;
    case 'kelly':
      return `half Kelly from the instance’s closed trades (cap ${KELLY.cap * 100}%, ${KELLY.fallbackFraction * 100}% until ${KELLY.minTrades} trades)`;
    case 'risk':
      return `${s.percent}% of equity at risk down to the stop (signal's stop, else ${ATR_MULTIPLE} × ATR(${ATR_PERIOD}))`;
  }
}

export interface SizingDeps {
  /** The bars of a symbol so far (the kernel's series: preloaded in a backtest, growing in paper and live). */
  readonly series: (symbol: string) => BarSeries | undefined;
  readonly tickSize: number;
  readonly warn: (message: string) => void;
}

export function constructionFor(spec: SizingSpec, deps: SizingDeps): PortfolioConstruction {
  if (spec.kind === 'all') return weightOfCapital;
  // ATR per symbol, recomputed only when the series has grown (paper and live append bars).
  const atrBySymbol = new Map<string, { readonly length: number; readonly values: Float64Array }>();
  const atrOf = (symbol: string): Float64Array | undefined => {
    const s = deps.series(symbol);
    if (!s) return undefined;
    const cached = atrBySymbol.get(symbol);
    if (cached && cached.length === s.length) return cached.values;
    const values = atr(s.high.subarray(0, s.length), s.low.subarray(0, s.length), s.close.subarray(0, s.length), ATR_PERIOD);
    atrBySymbol.set(symbol, { length: s.length, values });
    return values;
  };
  const tick = deps.tickSize > 0 ? deps.tickSize : 0.01;
  return {
    targetQuantity(input: SizingInput): number {
      const w = signedWeight(input.signal);
      if (w === 0 || !(input.price > 0) || !(input.equity > 0)) return 0;
      const sign = w > 0 ? 1 : -1;
      const rule = ruleFor(spec, input, sign, deps, atrOf, tick);
      if (rule === undefined) return 0;
      const r = sizePosition(rule, { equity: input.equity, price: input.price, lotSize: input.lotSize, availableCash: Infinity, maxPositionFraction: 1 });
      if (!r.ok) {
        deps.warn(`${input.signal.symbol}: ${r.error.message}`);
        return 0;
      }
      return sign * r.value.quantity;
    },
  };
}

const NO_TRADES = new Float64Array(0);

function ruleFor(
  spec: Exclude<SizingSpec, { kind: 'all' }>,
  input: SizingInput,
  sign: 1 | -1,
  deps: SizingDeps,
  atrOf: (symbol: string) => Float64Array | undefined,
  tick: number,
): SizingRule | undefined {
  switch (spec.kind) {
    case 'fixed':
      return { kind: 'fixedQuantity', quantity: spec.quantity };
    case 'pct':
      return { kind: 'fixedFraction', fraction: spec.percent / 100 };
    case 'kelly':
      return { kind: 'kelly', trades: input.closedPnls?.closedPnls() ?? NO_TRADES, ...KELLY };
    case 'risk': {
      let stop = input.signal.stop;
      if (stop === undefined) {
        const s = deps.series(input.signal.symbol);
        const a = atrOf(input.signal.symbol);
        // The decision bar: the last bar starting before the decision (close) instant.
        const i = s ? s.lowerBound(input.signal.time) - 1 : -1;
        const v = a && i >= 0 ? a[i]! : NaN;
        const st = atrStop(input.price, sign > 0 ? 'long' : 'short', v, ATR_MULTIPLE, tick);
        if (!st.ok) {
          deps.warn(`${input.signal.symbol}: no ATR(${ATR_PERIOD}) stop yet (${st.error.message}), so no position was taken`);
          return undefined;
        }
        stop = st.value;
      }
      return { kind: 'riskPerTrade', riskFraction: spec.percent / 100, stop };
    }
  }
}
