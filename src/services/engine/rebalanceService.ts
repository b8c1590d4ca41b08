/**
 * Rebalancing from chat: target weights (the optimise group) over the held portfolio → a whole-share trade
 * list (src/portfolio/rebalance: cash buffer, costs, minimum trade size, sector caps, sells before buys) → one
 * batch approval in the OMS (every line a PENDING_APPROVAL order) and a `rebalance` snapshot of the portfolio
 * it started from. `submit` approves the batch (with per-line opt-out); the approval service places each order
 * exactly once, and a price that moved since the preview sends the batch back for review.
 */
import type { Clock } from '../../core/clock';
import type { CostModel } from '../../core/costs';
import { approvalId, type ApprovalId } from '../../core/ids';
import { roundPaise } from '../../core/money';
import { err, ok, type Result } from '../../core/result';
import type { Approval, Actor, Decision, LineRequest } from '../../oms/approvals';
import type { ApprovalRequested, ApprovalResult } from '../../oms/approvalService';
import { toOrderBatch } from '../../portfolio/rebalance/orderBatch';
import { buildTradeList, type Holding } from '../../portfolio/rebalance/tradeList';
import type { SectorMap } from '../../portfolio/sectors/sectorMap';
import { buildSnapshot, type SnapshotRepository } from '../../portfolio/snapshots/snapshot';
import type { OptimiseService } from '../api/optimise';
import type { RebalanceService } from '../api/rebalance';
import type { PortfolioBroker } from './portfolioService';
import type { PriceSource } from './priceSource';

/** What rebalancing needs of the OMS approval service (src/oms/approvalService.ts). */
export interface BatchApprovals {
  request(lines: readonly LineRequest[]): Promise<Result<ApprovalRequested, string>>;
  decide(id: ApprovalId, decision: Decision, actor: Actor): Promise<Result<ApprovalResult, string>>;
  get(id: ApprovalId): Promise<Approval | undefined>;
}

export interface RebalanceServiceOptions {
  readonly optimise: OptimiseService;
  readonly broker: PortfolioBroker;
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

interface Book {
  /** Delivery holdings, shares per symbol. */
  readonly held: Map<string, number>;
  /** Last prices of the held symbols. */
  readonly prices: Map<string, number>;
  /** Cash available, rupees (never below 0). */
  readonly cash: number;
}

/** The delivery portfolio as the broker reports it; intraday or short positions cannot be rebalanced. */
async function readBook(broker: PortfolioBroker): Promise<Result<Book, string>> {
  const [pos, margins] = await Promise.all([broker.positions(), broker.margins()]);
  if (!pos.ok) return err(pos.error.message);
  if (!margins.ok) return err(margins.error.message);
  const held = new Map<string, number>();
  const prices = new Map<string, number>();
  for (const p of pos.value) {
    if (p.quantity === 0) continue;
    if (p.quantity < 0 || p.product !== 'CNC') return err(`The ${p.product} ${p.quantity < 0 ? 'short ' : ''}position in ${p.symbol} is not a delivery holding; close it before rebalancing.`);
    held.set(p.symbol, (held.get(p.symbol) ?? 0) + p.quantity);
    prices.set(p.symbol, p.lastPrice);
  }
  return ok({ held, prices, cash: Math.max(0, margins.value.available) });
}

export function rebalanceService(o: RebalanceServiceOptions): RebalanceService {
  const portfolioId = o.portfolioId ?? 'main';
  let seq = 0;
  return {
    async snapshot(kind) {
      const book = await readBook(o.broker);
      if (!book.ok) return book;
      const { held, prices, cash } = book.value;
      const snap = buildSnapshot({ portfolioId, time: o.clock.now(), kind, cash, positions: [...held].map(([symbol, quantity]) => ({ symbol, quantity })), prices, sectors: o.sectors });
      const saved = await o.snapshots.save(snap);
      if (!saved.ok) return err(saved.error.message);
      return ok({ time: snap.time, equity: snap.equity, cash: snap.cash, positions: snap.positions.length });
    },

    async preview(method) {
      const book = await readBook(o.broker);
      if (!book.ok) return book;
      const { held, prices, cash } = book.value;
      const targets = await o.optimise.optimise(method, o.universe ? [...new Set([...held.keys(), ...o.universe])].sort() : undefined);
      if (!targets.ok) return targets;
      for (const { symbol } of targets.value.weights) {
        if (prices.has(symbol)) continue;
        const px = await o.prices.price(symbol);
        if (!px.ok) return err(px.error);
        prices.set(symbol, px.value);
      }
      const now = o.clock.now();
      const holdings: Holding[] = [...held].map(([symbol, quantity]) => ({ symbol, quantity }));
      const lotSizes = new Map([...prices.keys()].map((s) => [s, o.lotSize(s) ?? 1]));
      const list = buildTradeList({
        time: now,
        cash,
        holdings,
        prices,
        targets: new Map(targets.value.weights.map((w) => [w.symbol, w.weight])),
        lotSizes,
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
      if (list.value.lines.length === 0) return ok({ id: '', trades: [], turnover: 0, estimatedCharges: 0, notes, expiresAt: now, ...base });

      const prefix = `rb${now.toString(36)}${(seq++ % 36).toString(36)}`;
      const batch = toOrderBatch(list.value, { idPrefix: prefix, source: { kind: 'job', job: REBALANCE_JOB }, reason: `${method} rebalance` });
      if (!batch.ok) return err(batch.error);
      const intents = batch.value.intents;
      const lines = intents.map((intent, i) => {
        const l = list.value.lines[i]!;
        return { intent, signalPrice: l.price, sizingReason: `target ${(l.targetWeight * 100).toFixed(2)}% of equity (${method}): ${l.fromQuantity} → ${l.toQuantity} shares` };
      });
      const requested = await o.approvals.request(lines);
      if (!requested.ok) return err(requested.error);
      const approval = requested.value.approval;
      if (!approval) return err(`${requested.value.message} ${requested.value.refused.map((r) => `${r.symbol}: ${r.message}`).join(' ')}`.trim());
      const kept = new Set(approval.lines.map((l) => l.intent.clientOrderId));
      const trades = list.value.lines
        .filter((_, i) => kept.has(intents[i]!.clientOrderId))
        .map((l) => ({
          symbol: l.symbol,
          side: l.side,
          quantity: l.quantity,
          price: l.price,
          value: l.value,
          estimatedCharges: l.estimatedCosts,
          weightAfter: list.value.equityAfter > 0 ? ((list.value.positionsAfter.get(l.symbol) ?? 0) * l.price) / list.value.equityAfter : 0,
          targetWeight: l.targetWeight,
        }));
      return ok({
        id: approval.id,
        trades,
        turnover: roundPaise(trades.reduce((s, t) => s + t.value, 0)),
        estimatedCharges: list.value.estimatedCosts,
        notes: [...notes, ...requested.value.refused.map((r) => `${r.symbol}: refused by the checks (${r.message.replace(/\.$/, '')})`)],
        expiresAt: approval.expiresAt,
        ...base,
      });
    },

    async submit(previewId, user, skip = []) {
      const id = approvalId(previewId);
      const a = await o.approvals.get(id);
      if (!a || !a.lines.every((l) => l.intent.source.kind === 'job' && l.intent.source.job === REBALANCE_JOB)) {
        return err(`There is no rebalance ${previewId}; send /rebalance for a new preview.`);
      }
      const bad = skip.find((n) => !(Number.isInteger(n) && n >= 1 && n <= a.lines.length));
      if (bad !== undefined) return err(`Line ${bad} is not in rebalance ${previewId} (it has ${a.lines.length} lines); skip lines by their number in the preview.`);
      if (skip.length >= a.lines.length) return err(`Skipping every line leaves nothing to send; reject the batch with /reject or leave some lines in.`);
      const r = await o.approvals.decide(id, { kind: 'approve', optOut: skip.map((n) => n - 1) }, { userId: user.id, roles: [user.role] });
      if (!r.ok) return r;
      if (r.value.kind !== 'approved') return err(r.value.message);
      return ok({ orders: r.value.released.length, message: r.value.message });
    },
  };
}
