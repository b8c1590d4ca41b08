/**
 * Position sizing for backtests as portfolio construction the kernel accepts. Every rule except
 * "all" goes through src/risk's `sizePosition` (the code the live path uses):
 *  - all: signal weight × instance equity / price, whole shares (the kernel's default rule);
 *  - fixed:N: N shares per position;
 *  - pct:N: N % of equity per position (fixed fraction; the signal's weight only gives the direction);
 *  - kelly: half Kelly from the closed trades so far, capped at 50 % of equity; 10 % until 10 trades;
 *  - risk:N: risk N % of equity between the entry and the stop — the signal's stop when it has one,
 *    else 2 × ATR(14) of the decision bar away (src/risk atrStop).
 * A flat signal is always 0. Sizing failures (e.g. ATR not warmed up) size 0 and are reported once.
 */
import type { BarSeries } from '../core/barSeries';
import { signedWeight } from '../core/signal';
import type { PortfolioConstruction, SizingInput } from '../engine/portfolioConstruction';
import { weightOfCapital } from '../engine/portfolioConstruction';
import { atr } from '../indicators/atr';
import { atrStop, sizePosition, type SizingRule } from '../risk';
import type { SizingSpec } from './types';

export const KELLY = { multiplier: 0.5, cap: 0.5, minTrades: 10, fallbackFraction: 0.1 } as const;
export const ATR_PERIOD = 14;
export const ATR_MULTIPLE = 2;

export interface SizingDeps {
  /** Closed trades' P&L so far (Kelly). */
  readonly closedPnls: () => Float64Array;
  readonly series: ReadonlyMap<string, BarSeries>;
  readonly tickSize: number;
  readonly warn: (message: string) => void;
}

export function constructionFor(spec: SizingSpec, deps: SizingDeps): PortfolioConstruction {
  if (spec.kind === 'all') return weightOfCapital;
  const atrBySymbol = new Map<string, Float64Array>();
  const atrOf = (symbol: string): Float64Array | undefined => {
    let a = atrBySymbol.get(symbol);
    const s = deps.series.get(symbol);
    if (!a && s) {
      a = atr(s.high.subarray(0, s.length), s.low.subarray(0, s.length), s.close.subarray(0, s.length), ATR_PERIOD);
      atrBySymbol.set(symbol, a);
    }
    return a;
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
      return { kind: 'kelly', trades: deps.closedPnls(), ...KELLY };
    case 'risk': {
      let stop = input.signal.stop;
      if (stop === undefined) {
        const s = deps.series.get(input.signal.symbol);
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
