/**
 * Registry descriptors for our own exact kernels: each batch form calls the kernel, each streaming
 * form wraps the kernel's streaming class (same numbers, bit for bit).
 */
import { Atr, atr } from './atr';
import { Bollinger, bollinger } from './bollinger';
import type { BarPoint, IndicatorDescriptor, IndicatorStream, InputKind, ParamSpec, ParamValues, SeriesInput } from './descriptor';
import { period, real, requireColumns, resolveParams } from './descriptor';
import { Ema, ema } from './ema';
import { Macd, macd } from './macd';
import { Momentum, Roc, momentum, roc } from './roc';
import { Donchian, RollingMax, RollingMin, donchian, rollingMax, rollingMin } from './rollingMinMax';
import { Rsi, rsi } from './rsi';
import { Sma, sma } from './sma';
import { Stdev, stdev } from './stdev';
import { TrueRange, trueRange } from './trueRange';
import { Vwap, vwap } from './vwap';
import { Wma, wma } from './wma';
import { ZScore, zscore } from './zscore';

type Cols = Float64Array[];

interface BuiltinSpec {
  name: string;
  summary: string;
  inputs: InputKind;
  params: Record<string, ParamSpec>;
  outputs: readonly string[];
  batch(cols: Cols, p: ParamValues): Record<string, Float64Array>;
  /** Returns a function that feeds one bar and writes every output into `values`. */
  stream(p: ParamValues, values: Record<string, number>): { next(bar: BarPoint): void; reset(): void };
}

/** Streaming adapter for a single-output kernel whose `next` takes the close. */
function closeStream(k: { next(x: number): number; reset(): void }, values: Record<string, number>) {
  return {
    next: (bar: BarPoint) => {
      values['value'] = k.next(bar.close);
    },
    reset: () => k.reset(),
  };
}

const SPECS: readonly BuiltinSpec[] = [
  {
    name: 'sma', summary: 'Simple moving average', inputs: 'close', params: { period: period(20) }, outputs: ['value'],
    batch: ([c], p) => ({ value: sma(c!, p['period']!) }),
    stream: (p, v) => closeStream(new Sma(p['period']!), v),
  },
  {
    name: 'ema', summary: 'Exponential moving average, 2/(n+1), SMA-seeded', inputs: 'close', params: { period: period(20) }, outputs: ['value'],
    batch: ([c], p) => ({ value: ema(c!, p['period']!) }),
    stream: (p, v) => closeStream(new Ema(p['period']!), v),
  },
  {
    name: 'wma', summary: 'Linearly weighted moving average', inputs: 'close', params: { period: period(20) }, outputs: ['value'],
    batch: ([c], p) => ({ value: wma(c!, p['period']!) }),
    stream: (p, v) => closeStream(new Wma(p['period']!), v),
  },
  {
    name: 'rsi', summary: 'Relative strength index, Wilder smoothing, unrounded', inputs: 'close', params: { period: period(14) }, outputs: ['value'],
    batch: ([c], p) => ({ value: rsi(c!, p['period']!) }),
    stream: (p, v) => closeStream(new Rsi(p['period']!), v),
  },
  {
    name: 'stdev', summary: 'Rolling population standard deviation', inputs: 'close', params: { period: period(20) }, outputs: ['value'],
    batch: ([c], p) => ({ value: stdev(c!, p['period']!) }),
    stream: (p, v) => closeStream(new Stdev(p['period']!), v),
  },
  {
    name: 'zscore', summary: 'Rolling z-score (x − SMA)/σ', inputs: 'close', params: { period: period(20) }, outputs: ['value'],
    batch: ([c], p) => ({ value: zscore(c!, p['period']!) }),
    stream: (p, v) => closeStream(new ZScore(p['period']!), v),
  },
  {
    name: 'roc', summary: 'Rate of change in percent', inputs: 'close', params: { period: period(10) }, outputs: ['value'],
    batch: ([c], p) => ({ value: roc(c!, p['period']!) }),
    stream: (p, v) => closeStream(new Roc(p['period']!), v),
  },
  {
    name: 'momentum', summary: 'Momentum x − x[n bars ago]', inputs: 'close', params: { period: period(10) }, outputs: ['value'],
    batch: ([c], p) => ({ value: momentum(c!, p['period']!) }),
    stream: (p, v) => closeStream(new Momentum(p['period']!), v),
  },
  {
    name: 'rollingmax', summary: 'Rolling maximum of the close', inputs: 'close', params: { period: period(20) }, outputs: ['value'],
    batch: ([c], p) => ({ value: rollingMax(c!, p['period']!) }),
    stream: (p, v) => closeStream(new RollingMax(p['period']!), v),
  },
  {
    name: 'rollingmin', summary: 'Rolling minimum of the close', inputs: 'close', params: { period: period(20) }, outputs: ['value'],
    batch: ([c], p) => ({ value: rollingMin(c!, p['period']!) }),
    stream: (p, v) => closeStream(new RollingMin(p['period']!), v),
  },
  {
    name: 'bollinger', summary: 'Bollinger bands, population σ', inputs: 'close', params: { period: period(20), k: real(2, 'band width in σ') },
    outputs: ['upper', 'middle', 'lower'],
    batch: ([c], p) => ({ ...bollinger(c!, p['period']!, p['k']!) }),
    stream: (p, v) => {
      const b = new Bollinger(p['period']!, p['k']!);
      return {
        next: (bar) => {
          b.next(bar.close);
          v['upper'] = b.upper;
          v['middle'] = b.middle;
          v['lower'] = b.lower;
        },
        reset: () => b.reset(),
      };
    },
  },
  {
    name: 'macd', summary: 'MACD line, signal and histogram', inputs: 'close',
    params: { fast: period(12, 'fast EMA period'), slow: period(26, 'slow EMA period'), signal: period(9, 'signal EMA period') },
    outputs: ['macd', 'signal', 'histogram'],
    batch: ([c], p) => ({ ...macd(c!, p['fast']!, p['slow']!, p['signal']!) }),
    stream: (p, v) => {
      const m = new Macd(p['fast']!, p['slow']!, p['signal']!);
      return {
        next: (bar) => {
          m.next(bar.close);
          v['macd'] = m.macd;
          v['signal'] = m.signal;
          v['histogram'] = m.histogram;
        },
        reset: () => m.reset(),
      };
    },
  },
  {
    name: 'truerange', summary: 'True range', inputs: 'hlc', params: {}, outputs: ['value'],
    batch: ([h, l, c]) => ({ value: trueRange(h!, l!, c!) }),
    stream: (_p, v) => {
      const t = new TrueRange();
      return { next: (bar) => void (v['value'] = t.next(bar.high, bar.low, bar.close)), reset: () => t.reset() };
    },
  },
  {
    name: 'atr', summary: 'Average true range, Wilder smoothing', inputs: 'hlc', params: { period: period(14) }, outputs: ['value'],
    batch: ([h, l, c], p) => ({ value: atr(h!, l!, c!, p['period']!) }),
    stream: (p, v) => {
      const a = new Atr(p['period']!);
      return { next: (bar) => void (v['value'] = a.next(bar.high, bar.low, bar.close)), reset: () => a.reset() };
    },
  },
  {
    name: 'donchian', summary: 'Donchian channels (rolling high/low)', inputs: 'hl', params: { period: period(20) },
    outputs: ['upper', 'middle', 'lower'],
    batch: ([h, l], p) => ({ ...donchian(h!, l!, p['period']!) }),
    stream: (p, v) => {
      const d = new Donchian(p['period']!);
      return {
        next: (bar) => {
          d.next(bar.high, bar.low);
          v['upper'] = d.upper;
          v['middle'] = d.middle;
          v['lower'] = d.lower;
        },
        reset: () => d.reset(),
      };
    },
  },
  {
    name: 'vwap', summary: 'Intraday VWAP, reset each IST session', inputs: 'thlcv', params: {}, outputs: ['value'],
    batch: ([t, h, l, c, vol]) => ({ value: vwap(t!, h!, l!, c!, vol!) }),
    stream: (_p, v) => {
      const w = new Vwap();
      return { next: (bar) => void (v['value'] = w.next(bar.time, bar.high, bar.low, bar.close, bar.volume)), reset: () => w.reset() };
    },
  },
];

class BuiltinStream implements IndicatorStream {
  readonly values: Record<string, number> = {};
  private readonly impl: { next(bar: BarPoint): void; reset(): void };

  constructor(
    private readonly spec: BuiltinSpec,
    params: ParamValues,
  ) {
    this.impl = spec.stream(params, this.values);
    this.clear();
  }

  next(bar: BarPoint): void {
    this.impl.next(bar);
  }

  reset(): void {
    this.impl.reset();
    this.clear();
  }

  private clear(): void {
    for (const k of this.spec.outputs) this.values[k] = NaN;
  }
}

function descriptorOf(spec: BuiltinSpec): IndicatorDescriptor {
  return {
    name: spec.name,
    source: 'builtin',
    summary: spec.summary,
    inputs: spec.inputs,
    params: spec.params,
    outputs: spec.outputs,
    batch: (input: SeriesInput, params) => spec.batch(requireColumns(spec.name, spec.inputs, input), resolveParams(spec.name, spec.params, params)),
    stream: (params) => new BuiltinStream(spec, resolveParams(spec.name, spec.params, params)),
  };
}

/** Descriptors of our own kernels. */
export const builtinDescriptors: readonly IndicatorDescriptor[] = SPECS.map(descriptorOf);
