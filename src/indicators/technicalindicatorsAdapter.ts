/**
 * Thin adapter that serves every series indicator of `technicalindicators` we do not compute
 * ourselves, in the registry's shape:
 *  - batch: columns in → one Float64Array per output, NaN-padded at the front so index i is the
 *    value at input bar i (the library returns only the defined values);
 *  - streaming: the library's own `nextValue`, one bar at a time; `undefined` becomes NaN.
 * The library allocates per value (arrays, generators, objects), so these forms are for
 * convenience, not for hot loops; our own kernels are the allocation-free ones.
 * Not served: candlestick patterns (series of booleans over a whole window), Renko, Heikin-Ashi
 * and volume profile (not one value per input bar).
 */
import * as ti from 'technicalindicators';
import type { BarPoint, IndicatorDescriptor, IndicatorStream, InputKind, ParamSpec, ParamValues, SeriesInput } from './descriptor';
import { period, real, requireColumns, resolveParams } from './descriptor';

type TiInput = Record<string, unknown>;
interface TiIndicator {
  nextValue(input: unknown): unknown;
}
type TiClass = new (input: TiInput) => TiIndicator;
type TiCalculate = (input: TiInput) => unknown[];

interface TiSpec {
  name: string;
  summary: string;
  inputs: InputKind;
  params: Record<string, ParamSpec>;
  /** Output names; a single output named 'value' means the library returns plain numbers. */
  outputs: readonly string[];
  cls: unknown;
  calculate: unknown;
  /** Non-numeric options passed through unchanged. */
  fixed?: TiInput;
}

const SPECS: readonly TiSpec[] = [
  { name: 'adx', summary: 'Average directional index with +DI/−DI (Wilder)', inputs: 'hlc', params: { period: period(14) }, outputs: ['adx', 'pdi', 'mdi'], cls: ti.ADX, calculate: ti.adx },
  { name: 'cci', summary: 'Commodity channel index', inputs: 'hlc', params: { period: period(20) }, outputs: ['value'], cls: ti.CCI, calculate: ti.cci },
  { name: 'stochastic', summary: 'Stochastic oscillator %K and %D', inputs: 'hlc', params: { period: period(14), signalPeriod: period(3, '%D smoothing') }, outputs: ['k', 'd'], cls: ti.Stochastic, calculate: ti.stochastic },
  { name: 'williamsr', summary: 'Williams %R', inputs: 'hlc', params: { period: period(14) }, outputs: ['value'], cls: ti.WilliamsR, calculate: ti.williamsr },
  { name: 'obv', summary: 'On-balance volume', inputs: 'cv', params: {}, outputs: ['value'], cls: ti.OBV, calculate: ti.obv },
  { name: 'adl', summary: 'Accumulation/distribution line', inputs: 'hlcv', params: {}, outputs: ['value'], cls: ti.ADL, calculate: ti.adl },
  { name: 'mfi', summary: 'Money flow index', inputs: 'hlcv', params: { period: period(14) }, outputs: ['value'], cls: ti.MFI, calculate: ti.mfi },
  { name: 'forceindex', summary: 'Force index (EMA of price change × volume)', inputs: 'cv', params: { period: period(13) }, outputs: ['value'], cls: ti.ForceIndex, calculate: ti.forceindex },
  { name: 'trix', summary: 'TRIX: rate of change of a triple EMA', inputs: 'close', params: { period: period(18) }, outputs: ['value'], cls: ti.TRIX, calculate: ti.trix },
  { name: 'psar', summary: 'Parabolic SAR', inputs: 'hl', params: { step: real(0.02, 'acceleration step', 1e-6), max: real(0.2, 'maximum acceleration', 1e-6) }, outputs: ['value'], cls: ti.PSAR, calculate: ti.psar },
  { name: 'awesomeoscillator', summary: 'Awesome oscillator (SMA5 − SMA34 of median price)', inputs: 'hl', params: { fastPeriod: period(5), slowPeriod: period(34) }, outputs: ['value'], cls: ti.AwesomeOscillator, calculate: ti.awesomeoscillator },
  { name: 'stochasticrsi', summary: 'Stochastic RSI with %K and %D', inputs: 'close', params: { rsiPeriod: period(14), stochasticPeriod: period(14), kPeriod: period(3), dPeriod: period(3) }, outputs: ['stochRSI', 'k', 'd'], cls: ti.StochasticRSI, calculate: ti.stochasticrsi },
  { name: 'wema', summary: "Wilder's moving average (smoothing 1/period)", inputs: 'close', params: { period: period(14) }, outputs: ['value'], cls: ti.WEMA, calculate: ti.wema },
  { name: 'kst', summary: 'Know Sure Thing oscillator and signal', inputs: 'close', params: { ROCPer1: period(10), ROCPer2: period(15), ROCPer3: period(20), ROCPer4: period(30), SMAROCPer1: period(10), SMAROCPer2: period(10), SMAROCPer3: period(10), SMAROCPer4: period(15), signalPeriod: period(9) }, outputs: ['kst', 'signal'], cls: ti.KST, calculate: ti.kst },
  { name: 'keltnerchannels', summary: 'Keltner channels (EMA middle ± multiplier·ATR)', inputs: 'hlc', params: { maPeriod: period(20), atrPeriod: period(10), multiplier: real(2, 'ATR multiple') }, outputs: ['upper', 'middle', 'lower'], cls: ti.KeltnerChannels, calculate: ti.keltnerchannels, fixed: { useSMA: false } },
  { name: 'chandelierexit', summary: 'Chandelier exit levels for longs and shorts', inputs: 'hlc', params: { period: period(22), multiplier: real(3, 'ATR multiple') }, outputs: ['exitLong', 'exitShort'], cls: ti.ChandelierExit, calculate: ti.chandelierexit },
];

const FIELDS: Record<InputKind, readonly string[]> = {
  close: ['values'],
  hl: ['high', 'low'],
  hlc: ['high', 'low', 'close'],
  cv: ['close', 'volume'],
  hlcv: ['high', 'low', 'close', 'volume'],
  thlcv: ['timestamp', 'high', 'low', 'close', 'volume'],
};

function pick(out: unknown, key: string): number {
  const v = key === 'value' ? out : typeof out === 'object' && out !== null ? (out as Record<string, unknown>)[key] : undefined;
  return typeof v === 'number' ? v : NaN;
}

function tiBatch(spec: TiSpec, input: SeriesInput, given: Partial<ParamValues> | undefined): Record<string, Float64Array> {
  const params = resolveParams(spec.name, spec.params, given);
  const cols = requireColumns(spec.name, spec.inputs, input);
  const n = cols[0]!.length;
  const tiInput: TiInput = { ...params, ...spec.fixed };
  FIELDS[spec.inputs].forEach((f, j) => (tiInput[f] = Array.from(cols[j]!)));
  const rows = (spec.calculate as TiCalculate)(tiInput);
  const pad = n - rows.length;
  const result: Record<string, Float64Array> = {};
  for (const key of spec.outputs) {
    const o = new Float64Array(n).fill(NaN);
    for (let j = 0; j < rows.length; j++) o[pad + j] = pick(rows[j], key);
    result[key] = o;
  }
  return result;
}

class TiStream implements IndicatorStream {
  readonly values: Record<string, number> = {};
  private impl!: TiIndicator;

  constructor(
    private readonly spec: TiSpec,
    private readonly params: ParamValues,
  ) {
    this.reset();
  }

  next(bar: BarPoint): void {
    const s = this.spec;
    const arg =
      s.inputs === 'close'
        ? bar.close
        : { open: bar.open, high: bar.high, low: bar.low, close: bar.close, volume: bar.volume, timestamp: bar.time };
    const r = this.impl.nextValue(arg);
    for (const key of s.outputs) this.values[key] = pick(r, key);
  }

  reset(): void {
    const init: TiInput = { ...this.params, ...this.spec.fixed };
    for (const f of FIELDS[this.spec.inputs]) init[f] = [];
    this.impl = new (this.spec.cls as TiClass)(init);
    for (const key of this.spec.outputs) this.values[key] = NaN;
  }
}

function descriptorOf(spec: TiSpec): IndicatorDescriptor {
  return {
    name: spec.name,
    source: 'technicalindicators',
    summary: spec.summary,
    inputs: spec.inputs,
    params: spec.params,
    outputs: spec.outputs,
    batch: (input, params) => tiBatch(spec, input, params),
    stream: (params) => new TiStream(spec, resolveParams(spec.name, spec.params, params)),
  };
}

/** Descriptors of the technicalindicators series indicators not covered by our own kernels. */
export const technicalIndicatorsDescriptors: readonly IndicatorDescriptor[] = SPECS.map(descriptorOf);
