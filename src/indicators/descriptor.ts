/**
 * The shape every indicator in the registry has, whether it is one of our exact kernels or comes
 * from `technicalindicators`: which input columns it needs, its numeric parameters with defaults,
 * its named outputs, a batch form (columns in → one Float64Array per output, NaN during warm-up,
 * aligned with the input) and a streaming form (one bar in → `values` updated in place).
 */
import { assertPeriod } from './validate';

/** Input columns an indicator needs: t = time, o/h/l/c = prices, v = volume. */
export type InputKind = 'close' | 'hl' | 'hlc' | 'cv' | 'hlcv' | 'thlcv';

/** Columnar input; only the columns named by the descriptor's `inputs` are read. */
export interface SeriesInput {
  time?: Float64Array;
  open?: Float64Array;
  high?: Float64Array;
  low?: Float64Array;
  close?: Float64Array;
  volume?: Float64Array;
}

/** One bar for the streaming form (callers may reuse one object: it is read, never kept). */
export interface BarPoint {
  time: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
}

export interface ParamSpec {
  readonly default: number;
  /** Inclusive lower bound. */
  readonly min: number;
  readonly integer: boolean;
  readonly description: string;
}

export type ParamValues = Readonly<Record<string, number>>;

export interface IndicatorStream {
  /** Current value of every output (NaN during warm-up), updated in place by `next`. */
  readonly values: Record<string, number>;
  next(bar: BarPoint): void;
  reset(): void;
}

export interface IndicatorDescriptor {
  readonly name: string;
  readonly source: 'builtin' | 'technicalindicators';
  readonly summary: string;
  readonly inputs: InputKind;
  readonly params: Readonly<Record<string, ParamSpec>>;
  readonly outputs: readonly string[];
  batch(input: SeriesInput, params?: Partial<ParamValues>): Record<string, Float64Array>;
  stream(params?: Partial<ParamValues>): IndicatorStream;
}

/** Integer period parameter ≥ min. */
export const period = (def: number, description = 'lookback in bars', min = 1): ParamSpec => ({
  default: def,
  min,
  integer: true,
  description,
});

/** Real-valued parameter ≥ min. */
export const real = (def: number, description: string, min = 0): ParamSpec => ({ default: def, min, integer: false, description });

/** Fills in defaults and checks every value; unknown names and out-of-range values throw RangeError. */
export function resolveParams(name: string, specs: Readonly<Record<string, ParamSpec>>, given: Partial<ParamValues> = {}): ParamValues {
  const out: Record<string, number> = {};
  for (const key of Object.keys(given)) {
    if (!(key in specs)) {
      const known = Object.keys(specs).join(', ') || '(none)';
      throw new RangeError(`${name}: unknown parameter "${key}"; parameters are: ${known}`);
    }
  }
  for (const [key, spec] of Object.entries(specs)) {
    const v = given[key] ?? spec.default;
    if (spec.integer) assertPeriod(name, key, v, spec.min);
    else if (!Number.isFinite(v) || v < spec.min) {
      throw new RangeError(`${name}: ${key} must be a finite number ≥ ${spec.min}, got ${String(v)}`);
    }
    out[key] = v;
  }
  return out;
}

const COLUMNS: Record<InputKind, readonly (keyof SeriesInput)[]> = {
  close: ['close'],
  hl: ['high', 'low'],
  hlc: ['high', 'low', 'close'],
  cv: ['close', 'volume'],
  hlcv: ['high', 'low', 'close', 'volume'],
  thlcv: ['time', 'high', 'low', 'close', 'volume'],
};

/** The columns `kind` needs, in order; a missing column or unequal lengths throw RangeError. */
export function requireColumns(name: string, kind: InputKind, input: SeriesInput): Float64Array[] {
  const cols: Float64Array[] = [];
  for (const key of COLUMNS[kind]) {
    const c = input[key];
    if (c === undefined) throw new RangeError(`${name}: needs the "${key}" column (inputs: ${kind})`);
    if (cols.length > 0 && c.length !== cols[0]!.length) {
      throw new RangeError(`${name}: input columns must have equal lengths, got ${cols[0]!.length} and ${c.length}`);
    }
    cols.push(c);
  }
  return cols;
}
