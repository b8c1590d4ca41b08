/**
 * One strategy instance inside the kernel: its hooks, its reusable context, its ledger and the
 * targets waiting for a price. The context object is created once and read by `onBar` every bar;
 * nothing here allocates per bar.
 */
import type { InstanceStatus } from '../core/events';
import type { StrategyInstanceId } from '../core/ids';
import type { Signal, SignalDirection } from '../core/signal';
import type {
  BarContext,
  BarsView,
  IndicatorDef,
  IndicatorView,
  InitContext,
  JsonObject,
  Params,
  SignalOptions,
  Strategy,
  StrategyHooks,
} from '../core/strategy';
import type { OrderSource, Product } from '../core/order';
import type { AccountLedger } from '../oms/accountLedger';
import type { SubmitOptions } from '../oms/orderPipeline';
import type { PositionBook } from '../oms/positionBook';
import type { PortfolioConstruction } from './portfolioConstruction';
import type { SymbolBook } from './symbolBook';

/** The kernel's clock as an instance reads it: the close time of the step being run. */
export interface StepClock {
  stepTime(): number;
}

export interface InstanceSpec {
  readonly id: StrategyInstanceId;
  readonly strategy: Strategy;
  /** Parameters already validated against the strategy's schema. */
  readonly params: Params;
  readonly symbols: readonly string[];
  /** Rupees this instance trades with. */
  readonly capital: number;
  readonly state?: JsonObject;
  /** Shorting is allowed only for MIS (intraday); default false. */
  readonly allowShort?: boolean;
  readonly product?: Product;
  /** How signals become share quantities (default: the kernel's rule, weight × equity / price). */
  readonly sizing?: { readonly construction: PortfolioConstruction; readonly text: string };
}

export class InstanceRuntime {
  status: InstanceStatus = 'running';
  /** Step at which this instance was last marked for dispatch. */
  stamp = -1;
  message: string | undefined;
  lastSignal: Signal | undefined;
  readonly hooks: StrategyHooks;
  /** The instance's account in the position book (slot j = local symbol j). */
  readonly ledger: AccountLedger;
  readonly ctx: InstanceContext;
  readonly warmup: number;
  /** Signal waiting to be sized, per local symbol. */
  readonly pending: (Signal | undefined)[];
  /** The order source stamped on this instance's orders (one object, shared). */
  readonly source: OrderSource;
  readonly product: Product;
  readonly construction: PortfolioConstruction | undefined;
  /** What an approval card says about the size of this instance's orders. */
  readonly sizingText: string;
  /** The options every order of this instance is submitted with (one object, shared). */
  readonly submitOptions: SubmitOptions;
  private readonly local = new Map<string, number>();

  constructor(
    readonly index: number,
    readonly spec: InstanceSpec,
    readonly books: readonly SymbolBook[],
    book: PositionBook,
    clock: StepClock,
  ) {
    this.hooks = spec.strategy.instantiate();
    books.forEach((b, j) => this.local.set(b.symbol, j));
    this.product = spec.product ?? 'CNC';
    this.ledger = book.account(spec.id) ?? book.openAccount(spec.id, spec.capital, books.map((b) => ({ symbol: b.symbol, product: this.product })));
    this.pending = books.map(() => undefined);
    this.source = { kind: 'strategy', instanceId: spec.id };
    this.construction = spec.sizing?.construction;
    this.sizingText = spec.sizing?.text ?? 'signal weight × the instance’s equity, whole shares';
    this.submitOptions = { sizingReason: this.sizingText };
    this.warmup = Math.max(1, Math.floor(spec.strategy.warmup(spec.params)));
    const state = spec.state ?? spec.strategy.initialState();
    this.ctx = new InstanceContext(this, state, clock);
  }

  get id(): StrategyInstanceId {
    return this.spec.id;
  }

  get allowShort(): boolean {
    return this.spec.allowShort === true;
  }

  /** Local index of a symbol, or -1 if the instance does not trade it. */
  localIndex(symbol: string): number {
    return this.local.get(symbol) ?? -1;
  }

  initContext(): InitContext<Params> {
    return {
      instanceId: this.spec.id,
      params: this.spec.params,
      symbols: this.spec.symbols,
      indicator: (def: IndicatorDef, symbol?: string): IndicatorView => this.bookOf(symbol).indicator(def),
      bars: (symbol?: string): BarsView => this.bookOf(symbol).view,
    };
  }

  private bookOf(symbol: string | undefined): SymbolBook {
    const j = symbol === undefined ? 0 : this.localIndex(symbol);
    if (j < 0) throw new RangeError(`instance ${this.spec.id} does not trade ${symbol}`);
    return this.books[j]!;
  }
}

/** The reusable `onBar` context of one instance. */
class InstanceContext implements BarContext<Params, JsonObject> {
  readonly instanceId: StrategyInstanceId;
  readonly params: Params;
  readonly symbols: readonly string[];
  readonly bars: BarsView;
  readonly universe: readonly BarsView[];

  constructor(
    private readonly rt: InstanceRuntime,
    readonly state: JsonObject,
    private readonly clock: StepClock,
  ) {
    this.instanceId = rt.spec.id;
    this.params = rt.spec.params;
    this.symbols = rt.spec.symbols;
    this.universe = rt.books.map((b) => b.view);
    this.bars = this.universe[0]!;
  }

  get time(): number {
    return this.clock.stepTime();
  }

  updated(j: number): boolean {
    const b = this.rt.books[j];
    return b !== undefined && b.stamp === this.rt.stamp;
  }

  position(symbol?: string): number {
    const j = symbol === undefined ? 0 : this.rt.localIndex(symbol);
    return j < 0 ? 0 : this.rt.ledger.position[j]!;
  }

  get cash(): number {
    return this.rt.ledger.cash;
  }

  get equity(): number {
    return this.rt.ledger.equity();
  }

  signal(direction: SignalDirection, reason: string, options?: SignalOptions): Signal {
    const symbol = options?.symbol ?? this.symbols[0]!;
    const weight = direction === 'flat' ? 0 : (options?.weight ?? 1);
    const s: { -readonly [K in keyof Signal]: Signal[K] } = {
      instanceId: this.instanceId,
      symbol,
      direction,
      weight,
      reason,
      time: this.time,
    };
    if (options?.stop !== undefined) s.stop = options.stop;
    if (options?.takeProfit !== undefined) s.takeProfit = options.takeProfit;
    return s;
  }
}
