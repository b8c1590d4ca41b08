/**
 * The strategy API. A strategy file in `strategies/` exports `defineStrategy({...})`; it sees only
 * read-only bars, indicator values the kernel computed, its own position, cash share and a small
 * persistent state, and it returns signals. It never sees a broker, the store or a chat library.
 *
 * No look-ahead by construction: every view is bounded to the current bar (index `i`); reading a
 * later index throws (a bug in the strategy), and orders decided on bar i fill on bar i+1 at the
 * earliest.
 */
import type { z } from 'zod';
import type { Fill } from './fill';
import type { StrategyInstanceId } from './ids';
import type { Interval } from './interval';
import type { Signal, SignalDirection } from './signal';

/** Columnar bars (BarSeries satisfies it). Only [0, length) is valid. */
export interface BarColumns {
  readonly time: Float64Array;
  readonly open: Float64Array;
  readonly high: Float64Array;
  readonly low: Float64Array;
  readonly close: Float64Array;
  readonly volume: Float64Array;
  readonly length: number;
}

/** Bars of one symbol up to and including the current one. */
export interface BarsView {
  readonly symbol: string;
  /** Index of the current bar (-1 before the first bar arrives). */
  readonly i: number;
  /** Number of visible bars (i + 1). */
  readonly length: number;
  time(k: number): number;
  open(k: number): number;
  high(k: number): number;
  low(k: number): number;
  close(k: number): number;
  volume(k: number): number;
}

/** An indicator's values for one symbol, visible up to the current bar only. */
export interface IndicatorView {
  readonly symbol: string;
  /** Value at bar k (k ≤ current index); NaN during warm-up. */
  at(k: number): number;
  /** Value at the current bar. */
  readonly value: number;
  /** Value at the previous bar (NaN at the first bar). */
  readonly previous: number;
}

/** Streaming form of an indicator: called once per new bar with the bars so far. */
export interface IndicatorStream {
  next(bars: BarColumns, i: number): number;
}

/**
 * An indicator declaration: the batch form (whole columns → values, NaN warm-up) for backtests and
 * the streaming form for live bars. Both must give the same numbers.
 */
export interface IndicatorDef {
  readonly label: string;
  /** Values for every bar; writes into `out` (length = bars.length) when given and returns it. */
  batch(bars: BarColumns, out?: Float64Array): Float64Array;
  stream(): IndicatorStream;
}

/** What `init` gets: parameters, symbols, and the means to declare indicators. */
export interface InitContext<P> {
  readonly instanceId: StrategyInstanceId;
  readonly params: P;
  readonly symbols: readonly string[];
  /** Declares an indicator on a symbol (default: the first); the kernel computes it. */
  indicator(def: IndicatorDef, symbol?: string): IndicatorView;
  /** The bars view of a symbol (default: the first). */
  bars(symbol?: string): BarsView;
}

export interface SignalOptions {
  /** Default: the instance's first symbol. */
  readonly symbol?: string;
  /** Share of the instance's capital in [0, 1]; default 1. */
  readonly weight?: number;
  readonly stop?: number;
  readonly takeProfit?: number;
}

/** What `onBar` gets. One object per instance, reused: read it during the call, do not keep it. */
export interface BarContext<P, S> {
  readonly instanceId: StrategyInstanceId;
  readonly params: P;
  readonly symbols: readonly string[];
  /** Close time of the current step (epoch ms). */
  readonly time: number;
  /** Bars of the first symbol. */
  readonly bars: BarsView;
  /** Bars of every symbol, in the order of `symbols`. */
  readonly universe: readonly BarsView[];
  /** Whether symbol j got a new bar at this step. */
  updated(j: number): boolean;
  /** Signed shares the instance holds in a symbol (default: the first). */
  position(symbol?: string): number;
  /** Instance cash (its capital share minus what is invested). */
  readonly cash: number;
  /** Cash plus positions at the latest closes. */
  readonly equity: number;
  /** Persistent state, restored after a restart. Mutate it in place. */
  readonly state: S;
  /** Builds a signal stamped with this instance and time. */
  signal(direction: SignalDirection, reason: string, options?: SignalOptions): Signal;
}

export type Universe = 'single' | 'multi';

/** A JSON-storable value (instance state is persisted). */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [k: string]: JsonValue };
export type JsonObject = { [k: string]: JsonValue };

export interface StrategyDefinition<Schema extends z.ZodObject, I, S extends JsonObject> {
  /** Kebab-case name used in commands: `sma-cross`. */
  readonly name: string;
  /** One line for `/strategies`. */
  readonly summary: string;
  /** Parameters with defaults and bounds. */
  readonly params: Schema;
  /** 'single': one symbol per instance; 'multi': a universe handled together. */
  readonly universe: Universe;
  readonly interval: Interval;
  /** Bars needed before the first decision. */
  warmup(params: z.output<Schema>): number;
  /** Persistent state schema; `state.parse({})` gives the initial state. */
  readonly state?: z.ZodType<S>;
  init(ctx: InitContext<z.output<Schema>>): I;
  onBar(ctx: BarContext<z.output<Schema>, S>, setup: I): readonly Signal[] | void;
  onFill?(ctx: BarContext<z.output<Schema>, S>, fill: Fill, setup: I): void;
  onStop?(ctx: BarContext<z.output<Schema>, S>, setup: I): void;
}

/** Parameters after validation. */
export type Params = Record<string, unknown>;

/**
 * One live instance's hooks, created per instance. `setup` holds what `init` returned; the kernel
 * passes it back to `onBar` (a direct call: no wrapper between the loop and the strategy).
 */
export interface StrategyHooks {
  setup: unknown;
  /** Whether the strategy has an `onFill` (the kernel skips the call otherwise). */
  readonly wantsFills: boolean;
  init(ctx: InitContext<Params>): void;
  onBar(ctx: BarContext<Params, JsonObject>, setup: unknown): readonly Signal[] | void;
  onFill(ctx: BarContext<Params, JsonObject>, fill: Fill): void;
  onStop(ctx: BarContext<Params, JsonObject>): void;
}

/** A strategy with its types erased, as the registry and the kernel hold it. */
export interface Strategy {
  readonly name: string;
  readonly summary: string;
  readonly params: z.ZodObject;
  readonly universe: Universe;
  readonly interval: Interval;
  warmup(params: Params): number;
  initialState(): JsonObject;
  /** Validates restored state; falls back to the initial state when it does not fit the schema. */
  restoreState(raw: unknown): JsonObject;
  instantiate(): StrategyHooks;
}

/** Declares a strategy. The returned value is what a strategy file exports (default export). */
export function defineStrategy<Schema extends z.ZodObject, I, S extends JsonObject = JsonObject>(
  def: StrategyDefinition<Schema, I, S>,
): Strategy {
  type P = z.output<Schema>;
  const initialState = (): JsonObject => (def.state ? def.state.parse({}) : {});
  return {
    name: def.name,
    summary: def.summary,
    params: def.params,
    universe: def.universe,
    interval: def.interval,
    warmup: (params) => def.warmup(params as P),
    initialState,
    restoreState(raw) {
      if (!def.state) return raw !== null && typeof raw === 'object' && !Array.isArray(raw) ? (raw as JsonObject) : {};
      const r = def.state.safeParse(raw);
      return r.success ? r.data : initialState();
    },
    instantiate(): StrategyHooks {
      let initialised = false;
      const hooks: StrategyHooks = {
        setup: undefined,
        wantsFills: def.onFill !== undefined,
        init(ctx) {
          hooks.setup = def.init(ctx as InitContext<P>);
          initialised = true;
        },
        onBar: def.onBar as unknown as StrategyHooks['onBar'],
        onFill(ctx, fill) {
          if (!initialised) throw new Error(`strategy ${def.name}: called before init`);
          def.onFill?.(ctx as unknown as BarContext<P, S>, fill, hooks.setup as I);
        },
        onStop(ctx) {
          if (initialised) def.onStop?.(ctx as unknown as BarContext<P, S>, hooks.setup as I);
        },
      };
      return hooks;
    },
  };
}
