/**
 * The paper/live order stack for tests, wired as the app wires it: OrderPipeline → RiskEngine → (ApprovalService)
 * → RepositoryJournal → BrokerExecution → a broker (the simulated broker, or a KiteBroker on the fake Kite), with
 * the position book and the one event bus. Defaults: no pre-trade limits (only the broker rules every mode shares),
 * the portfolio's cash practically unlimited, a price of ₹1,000 for any symbol without one, no rate limit, approvals
 * only when asked for.
 */
import { SimulatedBroker } from '../../../src/brokers/paper/simulatedBroker';
import { MemoryPaperStateRepository } from '../../../src/brokers/paper/paperState';
import type { Clock } from '../../../src/core/clock';
import { ZerodhaEquityCostModel } from '../../../src/core/costs';
import { SessionChargeBook } from '../../../src/core/costs/chargeBook';
import { DomainEvents } from '../../../src/core/events';
import { approvalId, type ApprovalId } from '../../../src/core/ids';
import type { OrderIntent } from '../../../src/core/order';
import { MemoryApprovalRepository, type ApprovalRepository } from '../../../src/oms/approvalRepository';
import type { Approval } from '../../../src/oms/approvals';
import { ApprovalService } from '../../../src/oms/approvalService';
import type { OrderBookBroker } from '../../../src/oms/brokerOrders';
import { BrokerExecution } from '../../../src/oms/brokerExecution';
import { replayFills } from '../../../src/oms/bookReplay';
import { RepositoryJournal } from '../../../src/oms/orderJournal';
import { SequentialOrderIds } from '../../../src/oms/orderIds';
import { OrderPipeline, type SubmitOptions } from '../../../src/oms/orderPipeline';
import { recoverOrders } from '../../../src/oms/orderRecovery';
import { MemoryOrderRepository, type OrderRepository } from '../../../src/core/ports/orderRepository';
import type { ApprovalPolicy, PendingLine } from '../../../src/oms/pipelinePorts';
import { PositionBook } from '../../../src/oms/positionBook';
import { OrderRateLimiter } from '../../../src/oms/rateLimiter';
import type { RulesLookup } from '../../../src/oms/orderValidation';
import type { BookMarket } from '../../../src/risk/bookSnapshot';
import { RiskEngine } from '../../../src/risk/riskEngine';
import type { RiskLimits } from '../../../src/risk/riskLimits';
import { approvalFacts } from './approvalFixtures';

export interface StackOptions {
  readonly repo?: OrderRepository;
  readonly rules?: RulesLookup;
  readonly limits?: RiskLimits;
  /** Prices of the mode's market (default: the book's marks). */
  readonly prices?: Map<string, number>;
  readonly market?: Partial<BookMarket>;
  readonly portfolioCash?: () => number;
  readonly policy?: ApprovalPolicy;
  /** An approval service over this repository (default: one in memory). */
  readonly approvals?: { readonly repo?: ApprovalRepository; readonly ttlMs?: number; readonly maxMovePct?: number };
  readonly idPrefix?: string;
  /** Paper on a feed, as the app wires it: the market's time, apart from the wall clock `clock` (default: none). */
  readonly marketClock?: Clock;
  readonly limiter?: OrderRateLimiter;
  /** Retries of a placement refused with 429 (default 5). */
  readonly maxRateRetries?: number;
}

export interface Stack {
  readonly broker: OrderBookBroker;
  readonly repo: OrderRepository;
  readonly book: PositionBook;
  readonly events: DomainEvents;
  readonly risk: RiskEngine;
  readonly pipeline: OrderPipeline;
  readonly journal: RepositoryJournal;
  readonly execution: BrokerExecution;
  readonly approvals: ApprovalService;
  readonly approvalRepo: ApprovalRepository;
  /** Lets every broker call, update and store write started so far finish. */
  idle(): Promise<void>;
  /** Start-up as the app does it: the book from the journal's fills, then reconciliation with the broker. */
  recover(): ReturnType<typeof recoverOrders>;
  /** Submits the intents for one approval (one order, or a batch); resolves with it once stored. */
  request(lines: readonly { readonly intent: OrderIntent; readonly sizingReason?: string; readonly signalPrice?: number }[]): Promise<{ approval?: Approval; refused: string[] }>;
  close(): void;
}

const SYMBOLS = /^[A-Z]{2,20}$/;

export function pipelineOn(broker: OrderBookBroker, clock: Clock, o: StackOptions = {}): Stack {
  const repo = o.repo ?? new MemoryOrderRepository();
  const rules: RulesLookup = o.rules ?? ((s) => (SYMBOLS.test(s) ? { tickSize: 0.05, lotSize: 1 } : undefined));
  const book = new PositionBook();
  const events = new DomainEvents();
  const journal = new RepositoryJournal(repo);
  const limiter = o.limiter ?? new OrderRateLimiter({ clock, sleep: async () => undefined, windows: [{ limit: 1_000_000, windowMs: 1 }] });
  const execution = new BrokerExecution({ broker, stored: (id) => journal.settled(id), limiter, clock, ...(o.maxRateRetries !== undefined ? { maxRateRetries: o.maxRateRetries } : {}), alert: (level, message) => events.emit({ type: 'alert', level, message, time: clock.now() }) });
  // The mode's market: the given prices, else the book's mark, else (these stacks test the OMS, not the market) ₹1,000.
  const known = (s: string): number | undefined => o.prices?.get(s) ?? (book.mark(s) > 0 ? book.mark(s) : undefined);
  const priceOf = (s: string): number | undefined => known(s) ?? 1000;
  const risk = new RiskEngine({
    book,
    ...(o.limits ? { limits: o.limits } : {}),
    market: {
      price: priceOf,
      equity: () => {
        let e = 10_000_000;
        for (const a of book.accounts()) e += a.equity() - a.capital;
        return e;
      },
      varPerRupee: () => 0.02,
      ...o.market,
    },
    squareOffTime: () => undefined,
    portfolioCash: o.portfolioCash ?? (() => 1e12),
  });
  const approvalRepo = o.approvals?.repo ?? new MemoryApprovalRepository();
  let pipeline: OrderPipeline | undefined;
  let n = 0;
  const approvals = new ApprovalService({
    repo: approvalRepo,
    orders: { release: (id, by, changed) => pipeline!.release(id, by, changed), drop: (id, to, cause, message) => pipeline!.drop(id, to, cause, message), get: (id) => pipeline!.get(id), preview: (id, changed) => pipeline!.preview(id, changed) },
    clock,
    facts: approvalFacts,
    // The approval's re-check against a moved price needs a real last price (none: no re-check).
    lastPrice: (s) => known(s),
    tickSize: () => 0.05,
    lotSize: () => 1,
    maxMovePct: o.approvals?.maxMovePct ?? 1,
    ttlMs: o.approvals?.ttlMs ?? 120_000,
    newBatchId: (): ApprovalId => approvalId(`b${o.idPrefix ?? 't'}${(++n).toString(36)}`),
    onEvent: (e) => events.emit(e),
  });
  pipeline = new OrderPipeline({
    book,
    risk,
    execution,
    ids: new SequentialOrderIds(o.idPrefix ?? 'o'),
    clock,
    events,
    rules,
    ...(o.policy ? { policy: o.policy } : {}),
    approvals,
    journal,
    marketPrice: known,
    ...(o.marketClock ? { marketClock: o.marketClock } : {}),
  });
  execution.connect(pipeline);
  events.on('order', (e) => approvals.handleOrder(e.order));
  const idle = async (): Promise<void> => {
    for (let i = 0; i < 6; i++) {
      await execution.idle();
      await journal.idle();
      await new Promise((r) => setImmediate(r));
    }
  };
  return {
    broker,
    repo,
    book,
    events,
    risk,
    pipeline,
    journal,
    execution,
    approvals,
    approvalRepo,
    idle,
    async recover() {
      replayFills(book, await repo.transitions({ fills: true }));
      return recoverOrders({ repo, broker, pipeline: pipeline!, execution, book, clock });
    },
    async request(lines) {
      const refused: string[] = [];
      const pending: PendingLine[] = [];
      for (const l of lines) {
        const opts: SubmitOptions = { approval: 'always', batch: true, ...(l.sizingReason ? { sizingReason: l.sizingReason } : {}), ...(l.signalPrice !== undefined ? { signalPrice: l.signalPrice } : {}) };
        const r = pipeline!.submit(l.intent, opts);
        if (r.ok) pending.push(pipeline!.pendingLine(r.value, opts));
        else refused.push(r.error.message);
      }
      const id = pipeline!.openBatch(pending);
      const approval = id === undefined ? undefined : await approvals.get(approvalId(id));
      return { ...(approval ? { approval } : {}), refused };
    },
    close() {
      execution.close();
    },
  };
}

/** The simulated (paper) broker with ₹10,00,000 and Zerodha charges, on `clock`, for `symbols`. */
export async function paperBroker(clock: Clock, symbols: readonly string[], over: Partial<Parameters<typeof SimulatedBroker.open>[0]> = {}): Promise<SimulatedBroker> {
  return SimulatedBroker.open({
    clock,
    charges: new SessionChargeBook(new ZerodhaEquityCostModel()),
    instruments: (s) => (symbols.includes(s) ? { exchange: 'NSE', tickSize: 0.05, lotSize: 1 } : undefined),
    repository: new MemoryPaperStateRepository(),
    startingCash: 1_000_000,
    ...over,
  });
}
