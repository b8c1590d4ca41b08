/**
 * A backtest's trading stack: the same pieces as paper and live, on a simulated clock (the bars' own times).
 *
 *   kernel → order pipeline (risk engine → approval: never → OMS state) → simulated broker → fills → book
 *
 * The risk engine applies the broker's rules every mode shares (cash per account, holdings for CNC sells, no MIS
 * entry at or after the square-off) and, when the request names them, the pre-trade limits of the bot
 * (`--risk config`); its refusals are counted. The simulated broker is paper trading's, filling on bars: market
 * orders at the next open, limits and stops when reached, a participation cap, slippage, charges (one session
 * charge book per run, so a same-day CNC round trip is charged as intraday), protective exits. MIS positions are
 * squared off through the pipeline at the close of the first bar that closes at or after the session's square-off
 * time (`squareOffDrafts`), at that close ± slippage.
 */
import type { NseCalendar } from '../calendar/nseCalendar';
import { istDayIndex } from '../calendar/ist';
import { SessionChargeBook } from '../core/costs/chargeBook';
import { ZERO_CHARGES, type CostModel } from '../core/costs/types';
import { DomainEvents } from '../core/events';
import { SimulatedBroker, type FillCharges } from '../brokers/paper/simulatedBroker';
import { SimulatedExecution } from '../brokers/paper/simulatedExecution';
import { Kernel } from '../engine/kernel';
import { KernelMarket } from '../engine/kernelMarket';
import { constructionFor } from '../engine/sizingRules';
import { OrderPipeline } from '../oms/orderPipeline';
import { SequentialOrderIds } from '../oms/orderIds';
import { PositionBook } from '../oms/positionBook';
import { squareOffDrafts } from '../oms/squareOff';
import { RiskEngine } from '../risk/riskEngine';
import { BacktestMarket, BarStartClock } from './backtestMarket';
import type { BacktestSpec } from './types';

export interface BacktestStack {
  readonly book: PositionBook;
  readonly events: DomainEvents;
  readonly risk: RiskEngine;
  readonly pipeline: OrderPipeline;
  readonly broker: SimulatedBroker;
  readonly kernel: Kernel;
}

export interface StackOptions {
  readonly request: BacktestSpec;
  readonly costs: CostModel;
  readonly calendar: NseCalendar;
  /** Cash kept aside per bought share (slippage, charges, tick rounding), basis points. */
  readonly cashBufferBps: number;
  readonly warn: (message: string) => void;
}

export function backtestStack(o: StackOptions): BacktestStack {
  const { request, calendar } = o;
  const f = request.fills;
  const book = new PositionBook();
  const events = new DomainEvents();
  // Orders go out at the current bar's start (its open): the broker fills them on that bar.
  const clock = new BarStartClock();
  const tick = f.tickSize > 0 ? f.tickSize : 0;
  // One charge book per run (one client, one contract note a day): a same-day CNC round trip is charged as intraday.
  const charges: FillCharges = o.costs.name === 'none' ? { charge: () => ZERO_CHARGES } : new SessionChargeBook(o.costs);
  const instrument = { exchange: 'NSE', tickSize: tick, lotSize: 1 } as const;
  const rules = { tickSize: tick > 0 ? tick : 0.01, lotSize: 1 } as const;
  const broker = SimulatedBroker.create({
    clock,
    charges,
    instruments: () => instrument,
    startingCash: request.cash,
    slippageBps: f.slippageBps,
    participation: f.participation,
    bothTouched: f.bothTouched,
    checkFunds: false,
    retainHistory: false,
    acknowledge: false,
    tickSize: tick,
  });
  const squareOffAt = sessionSquareOff(calendar);
  const market = new BacktestMarket(book);
  const risk = new RiskEngine({
    book,
    ...(request.riskLimits ? { limits: request.riskLimits } : {}),
    market,
    squareOffTime: squareOffAt,
    cashBufferBps: o.cashBufferBps,
  });
  const execution = new SimulatedExecution(broker);
  const pipeline = new OrderPipeline({
    book,
    risk,
    execution,
    ids: new SequentialOrderIds('bt'),
    clock,
    events,
    rules: () => rules,
    retainClosed: false,
    marketPrice: (s) => book.mark(s),
  });
  execution.connect(pipeline);
  const kernel: Kernel = new Kernel({
    interval: request.interval,
    book,
    orders: pipeline,
    events,
    construction: constructionFor(request.sizing, { series: (s) => kernel.seriesOf(s), tickSize: f.tickSize, warn: o.warn }),
    venue: broker,
  });
  clock.kernel = kernel;
  market.kernel = new KernelMarket(kernel, book);
  broker.watchActivity(kernel);
  if (request.product === 'MIS') kernel.beforeStrategies = misSquareOff(book, pipeline, broker, squareOffAt);
  return { book, events, risk, pipeline, broker, kernel };
}

/** The square-off instant of the session of `t` (cached per IST day). */
function sessionSquareOff(calendar: NseCalendar): (t: number) => number | undefined {
  let day = NaN;
  let at: number | undefined;
  return (t) => {
    const d = istDayIndex(t);
    if (d !== day) {
      day = d;
      at = calendar.misSquareOffTime(t) ?? undefined;
    }
    return at;
  };
}

/** At the close of the first bar closing at or after the square-off, every MIS position is closed at that close. */
function misSquareOff(book: PositionBook, pipeline: OrderPipeline, broker: SimulatedBroker, squareOffAt: (t: number) => number | undefined): (closeTime: number) => void {
  return (closeTime) => {
    const at = squareOffAt(closeTime);
    if (at === undefined || closeTime < at) return;
    const drafts = squareOffDrafts(book, closeTime);
    for (const d of drafts) pipeline.submit(d, { approval: 'never' });
    for (const d of drafts) broker.handleTick(d.symbol, book.mark(d.symbol), closeTime);
  };
}
