/**
 * Indicator declarations for strategies: each pairs a batch kernel (backtests) with its streaming
 * twin (live) from src/indicators, under a label that names it uniquely (instances share equal
 * labels on a symbol). Not a strategy: the registry only discovers top-level files.
 */
import { atr, Atr } from '../../src/indicators/atr';
import { roc, Roc } from '../../src/indicators/roc';
import { rsi, Rsi } from '../../src/indicators/rsi';
import { sma, Sma } from '../../src/indicators/sma';
import { stdev, Stdev } from '../../src/indicators/stdev';
import { zscore, ZScore } from '../../src/indicators/zscore';
import type { BarColumns, IndicatorDef } from '../../src/core/strategy';

interface CloseKernel {
  next(x: number): number;
}

function onClose(label: string, batch: (close: Float64Array, out?: Float64Array) => Float64Array, make: () => CloseKernel): IndicatorDef {
  return {
    label,
    batch: (b: BarColumns, out?: Float64Array) => batch(b.close, out),
    stream() {
      const k = make();
      return { next: (b: BarColumns, i: number) => k.next(b.close[i]!) };
    },
  };
}

export const smaOf = (period: number): IndicatorDef => onClose(`sma(close,${period})`, (c, out) => sma(c, period, out), () => new Sma(period));
export const rocOf = (period: number): IndicatorDef => onClose(`roc(close,${period})`, (c, out) => roc(c, period, out), () => new Roc(period));
export const rsiOf = (period: number): IndicatorDef => onClose(`rsi(close,${period})`, (c, out) => rsi(c, period, out), () => new Rsi(period));
export const zscoreOf = (period: number): IndicatorDef =>
  onClose(`zscore(close,${period})`, (c, out) => zscore(c, period, out), () => new ZScore(period));
export const stdevOf = (period: number): IndicatorDef => onClose(`stdev(close,${period})`, (c, out) => stdev(c, period, out), () => new Stdev(period));

export const atrOf = (period: number): IndicatorDef => ({
  label: `atr(${period})`,
  batch: (b, out) => atr(b.high, b.low, b.close, period, out),
  stream() {
    const k = new Atr(period);
    return { next: (b, i) => k.next(b.high[i]!, b.low[i]!, b.close[i]!) };
  },
});
