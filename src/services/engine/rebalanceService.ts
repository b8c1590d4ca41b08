/**
 * Rebalancing from chat and the scheduled job, through the one order pipeline. The portfolio's own book is
 * rebalanced (its delivery holdings, and the cash the strategy instances do not hold): target weights (the optimise
 * group) → a whole-share trade list (src/portfolio/rebalance: cash buffer, costs, minimum trade, sector caps, sells
 * before buys) → each line submitted to the pipeline as an order waiting for approval, in order, so the risk
 * engine checks every line against the limits with the lines before it counted (order value, position and sector
 * share, orders per day, trading state …): a line it resizes or refuses is said so in the preview's notes, and the
 * lines it lets through form one batch approval. `submit` approves the batch (per-line opt-out); each order is
 * checked once more when released, so a halt since the preview places nothing.
 * Prices are the mode's own (the feed, a Kite quote in live): never the demo history when trading live.
 */
import type { Clock } from '../../core/clock';
import type { CostModel } from '../../core/costs';
import { approvalId, type ApprovalId } from '../../core/ids';
import { roundPaise } from '../../core/money';
import type { Order } from '../../core/order';
import { err, ok, type Result } from '../../core/result';
import type { Approval, Actor, Decision } from '../../oms/approvals';
import type { ApprovalResult } from '../../oms/approvalService';
import type { OrderDraft, Refusal as OrderRefusal, SubmitOptions } from '../../oms/orderPipeline';
import type { PendingLine } from '../../oms/pipelinePorts';
import { buildTradeList, type Holding } from '../../portfolio/rebalance/tradeList';
import type { SectorMap } from '../../portfolio/sectors/sectorMap';
import { buildSnapshot, type SnapshotRepository } from '../../portfolio/snapshots/snapshot';
import type { OptimiseService } from '../api/optimise';
import type { RebalanceService } from '../api/rebalance';
import type { PriceSource } from './priceSource';
import { riskNoteOf } from '../../core/riskNote';

/** What rebalancing needs of the order pipeline. */
export interface RebalanceOrders {
  submit(draft: OrderDraft, opts: SubmitOptions): Result<Order, OrderRefusal>;
  pendingLine(order: Order, opts: SubmitOptions): PendingLine;
  openBatch(lines: readonly PendingLine[]): string | undefined;
  /** Lets the risk engine read what it needs of the symbols (their volatility) before the lines are checked. */
  prepare(symbols: Iterable<string>): Promise<void>;
}

/** What rebalancing needs of the approval service. */
export interface BatchApprovals {
  decide(id: ApprovalId, decision: Decision, actor: Actor): Promise<Result<ApprovalResult, string>>;
  get(id: ApprovalId): Promise<Approval | undefined>;
}

/** The portfolio's own book: its delivery holdings and the cash it may spend. */
export interface PortfolioHoldings {
  holdings(): { readonly held: ReadonlyMap<string, number>; readonly cash: number };
}

export interface RebalanceServiceOptions {
  readonly optimise: OptimiseService;
  readonly book: PortfolioHoldings;
  readonly orders: RebalanceOrders;
  readonly approvals: BatchApprovals;
  readonly snapshots: SnapshotRepository;
  readonly prices: PriceSource;
  readonly costModel: CostModel;
  readonly sectors: SectorMap;
  readonly clock: Clock;
  readonly lotSize: (symbol: string) => number | undefined;
  /** Sector → cap as a fraction of equity. */
  readonly sectorCaps?: Readonly<Record<string, number>>;
  /** Share of equity kept in cash (default 2%). */
  readonly cashBuffer?: number;
  /** Skip changes worth less than this, rupees (default 1,000). */
  readonly minTradeValue?: number;
  readonly portfolioId?: string;
  /** Symbols to spread the portfolio over besides those held (default: held and traded symbols). */
  readonly universe?: readonly string[];
}

export const REBALANCE_JOB = 'rebalance';

export function rebalanceService(o: RebalanceServiceOptions): RebalanceService {
  const portfolioId = o.portfolioId ?? 'main';
  const pricesOf = async (symbols: Iterable<string>): Promise<Result<Map<string, number>, string>> => {
    const prices = new Map<string, number>();
    for (const symbol of symbols) {
      const px = await o.prices.price(symbol);
      if (!px.ok) return err(px.error);
      prices.set(symbol, px.value);
    }
    return ok(prices);
  };
  return {
    async snapshot(kind) {
      const { held, cash } = o.book.holdings();
      const prices = await pricesOf(held.keys());
      if (!prices.ok) return prices;
      const snap = buildSnapshot({ portfolioId, time: o.clock.now(), kind, cash, positions: [...held].map(([symbol, quantity]) => ({ symbol, quantity })), prices: prices.value, sectors: o.sectors });
      const saved = await o.snapshots.save(snap);
      if (!saved.ok) return err(saved.error.message);
      return ok({ time: snap.time, equity: snap.equity, cash: snap.cash, positions: snap.positions.length });
    },

    async preview(method) {
      const { held, cash } = o.book.holdings();
      const targets = await o.optimise.optimise(method, o.universe ? [...new Set([...held.keys(), ...o.universe])].sort() : undefined);
      if (!targets.ok) return targets;
      const priced = await pricesOf(new Set([...held.keys(), ...targets.value.weights.map((w) => w.symbol)]));
      if (!priced.ok) return priced;
      const prices = priced.value;
      const now = o.clock.now();
      const holdings: Holding[] = [...held].map(([symbol, quantity]) => ({ symbol, quantity }));
      const list = buildTradeList({
        time: now,
        cash: Math.max(0, cash),
        holdings,
        prices,
        targets: new Map(targets.value.weights.map((w) => [w.symbol, w.weight])),
        lotSizes: new Map([...prices.keys()].map((s) => [s, o.lotSize(s) ?? 1])),
        cashBuffer: o.cashBuffer ?? 0.02,
        minTradeValue: o.minTradeValue ?? 1000,
        costModel: o.costModel,
        sectors: o.sectors,
        ...(o.sectorCaps ? { sectorCaps: o.sectorCaps } : {}),
        reason: `${method} rebalance`,
      });
      if (!list.ok) return err(list.error.message);
      const snap = buildSnapshot({ portfolioId, time: now, kind: 'rebalance', cash, positions: holdings, prices, sectors: o.sectors });
      const saved = await o.snapshots.save(snap);
      if (!saved.ok) return err(saved.error.message);
      const notes = list.value.skipped.map((s) => `${s.symbol}: ${s.reason}`);
      const base = { method, equityBefore: list.value.equityBefore, cashAfter: list.value.cashAfter, equityAfter: list.value.equityAfter };
      // Every line goes into the pipeline in order (sells first), so the risk engine sees the lines before it.
      const pending: PendingLine[] = [];
      const trades = [];
      await o.orders.prepare(list.value.lines.map((l) => l.symbol));
      for (const l of list.value.lines) {
        const sizing = `target ${(l.targetWeight * 100).toFixed(2)}% of equity (${method}): ${l.fromQuantity} → ${l.toQuantity} shares`;
        const opts: SubmitOptions = { approval: 'always', batch: true, sizingReason: sizing, signalPrice: l.price };
        const r = o.orders.submit({ symbol: l.symbol, side: l.side, quantity: l.quantity, orderType: 'MARKET', product: 'CNC', validity: 'DAY', source: { kind: 'job', job: REBALANCE_JOB }, reason: `${method} rebalance`, time: now }, opts);
        if (!r.ok) {
          notes.push(`${l.side} ${l.quantity} ${l.symbol}: cut by the risk checks (${r.error.message.replace(/\.$/, '')})`);
          continue;
        }
        const q = r.value.intent.quantity;
        if (q !== l.quantity) notes.push(`${l.side} ${l.symbol}: cut from ${l.quantity} to ${q} shares by the risk checks (${riskNoteOf(r.value.intent.reason) ?? 'no reason given'})`);
        pending.push(o.orders.pendingLine(r.value, opts));
        const value = roundPaise(q * l.price);
        trades.push({
          id: r.value.intent.clientOrderId,
          symbol: l.symbol,
          side: l.side,
          quantity: q,
          price: l.price,
          value,
          estimatedCharges: q === l.quantity ? l.estimatedCosts : roundPaise((l.estimatedCosts * q) / l.quantity),
          weightAfter: list.value.equityAfter > 0 ? ((list.value.positionsAfter.get(l.symbol) ?? 0) * l.price) / list.value.equityAfter : 0,
          targetWeight: l.targetWeight,
        });
      }
      if (trades.length === 0) return ok({ id: '', trades: [], turnover: 0, estimatedCharges: 0, notes, expiresAt: now, ...base });
      const id = o.orders.openBatch(pending);
      if (id === undefined) return err('Rebalancing needs the approval service, which is off in this process.');
      const opened = await o.approvals.get(approvalId(id));
      if (!opened) return err(`The approval for this rebalance could not be stored; nothing will be placed. Try /rebalance again.`);
      return ok({
        id,
        trades,
        turnover: roundPaise(trades.reduce((s, t) => s + t.value, 0)),
        estimatedCharges: roundPaise(trades.reduce((s, t) => s + t.estimatedCharges, 0)),
        notes,
        expiresAt: opened.expiresAt,
        ...base,
      });
    },

    async submit(previewId, user, skip = []) {
      const id = approvalId(previewId);
      const a = await o.approvals.get(id);
      if (!a || !a.lines.every((l) => l.intent.source.kind === 'job' && l.intent.source.job === REBALANCE_JOB)) {
        return err(`There is no rebalance ${previewId}; send /rebalance for a new preview.`);
      }
      if (a.status !== 'PENDING') return err(`Rebalance ${previewId} is ${a.status.toLowerCase()}${a.note ? ` (${a.note.replace(/\.$/, '')})` : ''}; nothing was placed — send /rebalance for a new preview.`);
      const bad = skip.find((n) => !(Number.isInteger(n) && n >= 1 && n <= a.lines.length));
      if (bad !== undefined) return err(`Line ${bad} is not in rebalance ${previewId} (it has ${a.lines.length} lines); skip lines by their number in the preview.`);
      if (skip.length >= a.lines.length) return err(`Skipping every line leaves nothing to send; reject the batch with /reject or leave some lines in.`);
      const r = await o.approvals.decide(id, { kind: 'approve', optOut: skip.map((n) => n - 1) }, { userId: user.id, roles: [user.role], ...(user.name !== undefined ? { name: user.name } : {}) });
      if (!r.ok) return r;
      if (r.value.kind !== 'approved') return err(r.value.message);
      if (r.value.released.length === 0) return err(r.value.message);
      return ok({ orders: r.value.released.length, message: r.value.message });
    },
  };
}
