/**
 * Indicator declarations for strategies: each pairs a batch kernel (backtests) with its streaming
 * twin (live) from src/indicators, under a label that names it uniquely (instances share equal
 * labels on a symbol). Not a strategy: the registry only discovers top-level files.
 *
 * Decision indicators (issue #15, item 6) give the SIGN a rule compares — −1, 0 (an exact tie) or +1,
 * NaN in warm-up — decided exactly on decimal prices (src/indicators/exactTies.ts, gridEma.ts), so a
 * tie is never turned into a cross by float error. Strategies compare these signs, not float values.
 */
import { atr, Atr } from '../../src/indicators/atr';
import { roc, Roc } from '../../src/indicators/roc';
import { rsi, Rsi } from '../../src/indicators/rsi';
import { sma, Sma } from '../../src/indicators/sma';
import { stdev, Stdev } from '../../src/indicators/stdev';
import { zscore, ZScore } from '../../src/indicators/zscore';
import { closeVsSmaSign, rocSign, smaCrossSign, zscoreSign } from '../../src/indicators/exactTies';
import { EmaCross, emaCrossSigns } from '../../src/indicators/gridEma';
import { smaCrossSigns } from '../../src/indicators/smaCrossSigns';
import type { BarColumns, IndicatorDef } from '../../src/core/strategy';

interface CloseKernel {
  next(x: number): number;
}

function closeIndicator(label: string, batch: (close: Float64Array, out?: Float64Array) => Float64Array, make: () => CloseKernel): IndicatorDef {
  return {
    label,
    batch: (b: BarColumns, out?: Float64Array) => batch(b.close, out),
    stream() {
      const k = make();
      return { next: (b: BarColumns, i: number) => k.next(b.close[i]!) };
    },
  };
}

export const smaOf = (period: number): IndicatorDef => closeIndicator(`sma(close,${period})`, (c, out) => sma(c, period, out), () => new Sma(period));
export const rocOf = (period: number): IndicatorDef => closeIndicator(`roc(close,${period})`, (c, out) => roc(c, period, out), () => new Roc(period));
export const rsiOf = (period: number): IndicatorDef => closeIndicator(`rsi(close,${period})`, (c, out) => rsi(c, period, out), () => new Rsi(period));
export const zscoreOf = (period: number): IndicatorDef =>
  closeIndicator(`zscore(close,${period})`, (c, out) => zscore(c, period, out), () => new ZScore(period));
export const stdevOf = (period: number): IndicatorDef => closeIndicator(`stdev(close,${period})`, (c, out) => stdev(c, period, out), () => new Stdev(period));

export const atrOf = (period: number): IndicatorDef => ({
  label: `atr(${period})`,
  batch: (b, out) => atr(b.high, b.low, b.close, period, out),
  stream() {
    const k = new Atr(period);
    return { next: (b, i) => k.next(b.high[i]!, b.low[i]!, b.close[i]!) };
  },
});

/** Sign of SMA(fast) − SMA(slow), exact at ties. */
export const smaCrossOf = (fast: number, slow: number): IndicatorDef => ({
  label: `smaCross(close,${fast},${slow})`,
  batch: (b, out) => smaCrossSigns(b.close, fast, slow, out),
  stream() {
    const f = new Sma(fast);
    const s = new Sma(slow);
    return { next: (b, i) => smaCrossSign(b.close, i, fast, slow, f.next(b.close[i]!), s.next(b.close[i]!)) };
  },
});

/** Sign of close − SMA(period), exact at ties. */
export const closeVsSmaOf = (period: number): IndicatorDef => ({
  label: `closeVsSma(close,${period})`,
  batch(b, out) {
    const m = sma(b.close, period);
    const o = out ?? new Float64Array(b.length);
    for (let i = 0; i < b.length; i++) o[i] = closeVsSmaSign(b.close, i, period, m[i]!);
    return o;
  },
  stream() {
    const m = new Sma(period);
    return { next: (b, i) => closeVsSmaSign(b.close, i, period, m.next(b.close[i]!)) };
  },
});

/** Sign of zscore(period) − k, exact at ties (with k = −2: a touch of the lower Bollinger band). */
export const zscoreSideOf = (period: number, k: number): IndicatorDef => ({
  label: `zscoreSide(close,${period},${k})`,
  batch(b, out) {
    const z = zscore(b.close, period);
    const o = out ?? new Float64Array(b.length);
    for (let i = 0; i < b.length; i++) o[i] = zscoreSign(b.close, i, period, z[i]!, k);
    return o;
  },
  stream() {
    const z = new ZScore(period);
    return { next: (b, i) => zscoreSign(b.close, i, period, z.next(b.close[i]!), k) };
  },
});

/** Sign of EMA(fast) − EMA(slow), the EMAs kept on a 10⁻⁸-rupee grid (exact; see gridEma.ts). */
export const emaCrossOf = (fast: number, slow: number): IndicatorDef => ({
  label: `emaCross(close,${fast},${slow})`,
  batch: (b, out) => emaCrossSigns(b.close.subarray(0, b.length), fast, slow, out),
  stream() {
    const c = new EmaCross(fast, slow);
    return { next: (b, i) => c.next(b.close[i]!) };
  },
});

/** Sign of ROC(period) − thresholdPct, exact at ties. */
export const rocSideOf = (period: number, thresholdPct: number): IndicatorDef => ({
  label: `rocSide(close,${period},${thresholdPct})`,
  batch(b, out) {
    const r = roc(b.close, period);
    const o = out ?? new Float64Array(b.length);
    for (let i = 0; i < b.length; i++) o[i] = rocSign(b.close, i, period, r[i]!, thresholdPct);
    return o;
  },
  stream() {
    const r = new Roc(period);
    return { next: (b, i) => rocSign(b.close, i, period, r.next(b.close[i]!), thresholdPct) };
  },
});
