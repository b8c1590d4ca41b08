/**
 * Start-up reconciliation of the pipeline with the broker (paper and live), after the book was rebuilt from the
 * journal's fills (bookReplay.ts):
 *  1. orders stored open (pending approval, approved, at the broker) are open again in the pipeline;
 *  2. the broker's cumulative→delta tracker starts from the stored fills (`primeFills`);
 *  3. the broker's order book is compared with them (found by broker id or by tag) and every difference is
 *     replayed through the pipeline as the broker's updates (fills made while the bot was down reach the book);
 *  4. SUBMITTED orders the broker never saw are declared lost after the grace period (never re-sent blindly; one
 *     still inside it is looked at again when it ends: `recheckInMs`); APPROVED orders that never went out are
 *     sent now;
 *  5. exits attached before the stop guard their positions again;
 *  6. the book's positions are compared with the broker's; every difference is an alert.
 */
import type { BrokerError } from '../core/broker';
import type { Clock } from '../core/clock';
import type { ClientOrderId } from '../core/ids';
import type { Order } from '../core/order';
import { OPEN_ORDER_STATUSES } from '../core/orderStatus';
import { err, ok, type Result } from '../core/result';
import type { OrderBookBroker } from './brokerOrders';
import type { BrokerExecution } from './brokerExecution';
import type { OrderPipeline } from './orderPipeline';
import type { OrderRepository } from '../core/ports/orderRepository';
import type { PositionBook } from './positionBook';
import { reconcileOrders, type PositionDifference, type ReconcileReport } from './reconciliation';

export interface RecoveryOptions {
  readonly repo: OrderRepository;
  readonly broker: OrderBookBroker;
  readonly pipeline: OrderPipeline;
  /** `placing`: an order whose placement call this process is still making is not judged (it may yet land). */
  readonly execution: Pick<BrokerExecution, 'rememberExit'> & Partial<Pick<BrokerExecution, 'placing' | 'cancelExit'>>;
  readonly book: PositionBook;
  readonly clock: Clock;
  /** How long a SUBMITTED order may be missing from the broker's book before it is declared lost (default 60 s). */
  readonly lostAfterMs?: number;
}


export async function recoverOrders(o: RecoveryOptions): Promise<Result<ReconcileReport, BrokerError>> {
  const stored = await o.repo.withStatus(OPEN_ORDER_STATUSES);
  o.broker.primeFills?.(
    stored.flatMap((s) => (s.brokerOrderId === undefined ? [] : [{ clientOrderId: s.intent.clientOrderId, brokerOrderId: s.brokerOrderId, filledQuantity: s.filledQuantity, averagePrice: s.averagePrice, source: s.intent.source }])),
  );
  for (const s of stored) o.pipeline.restore(s);
  // Every order that filled at all (a partly filled entry's stop guards what it bought, as a filled one's does).
  restoreExits(o, (await o.repo.withStatus(['FILLED', 'PARTIALLY_FILLED', 'CANCELLED', 'EXPIRED'])).filter((x) => x.filledQuantity > 0));
  const book = await o.broker.orders();
  if (!book.ok) return err(book.error);
  const known = new Set<string>(stored.map((s) => s.intent.clientOrderId));
  for (const s of book.value) if (s.clientOrderId !== undefined && !known.has(s.clientOrderId) && (await o.repo.get(s.clientOrderId))) known.add(s.clientOrderId);
  const now = o.clock.now();
  const judged = stored.filter((s) => !o.execution.placing?.(s.intent.clientOrderId));
  const report = reconcileOrders(judged, book.value, now, o.lostAfterMs ?? 60_000, (id: ClientOrderId) => known.has(id));
  for (const r of report.repairs) for (const u of r.updates) o.pipeline.handleOrderUpdate(u, { kind: 'reconciliation', detail: `broker book ${r.snapshot.status}` });
  for (const lost of report.lost) o.pipeline.lost(lost.intent.clientOrderId, 'The broker never received this order.');
  for (const s of stored) if (s.status === 'APPROVED') o.pipeline.resend(s.intent.clientOrderId);
  const positions: PositionDifference[] = [];
  const pos = await o.broker.positions();
  if (pos.ok) {
    const expected = new Map<string, number>();
    for (const p of o.book.totals()) expected.set(p.symbol, (expected.get(p.symbol) ?? 0) + p.quantity);
    const at = new Map<string, number>();
    for (const p of pos.value) at.set(p.symbol, (at.get(p.symbol) ?? 0) + p.quantity);
    for (const symbol of new Set([...expected.keys(), ...at.keys()])) {
      const e = expected.get(symbol) ?? 0;
      const b = at.get(symbol) ?? 0;
      if (e !== b) positions.push({ symbol, expected: e, broker: b });
    }
  }
  const alerts = [...report.alerts, ...positions.map((d) => `Position in ${d.symbol} is ${d.broker} at the broker but ${d.expected} in the bot's book; check for trades made outside the bot.`)];
  return ok({ ...report, positions, alerts });
}

/**
 * The exits guarding positions after a restart: per account and slot, the latest (partly) filled entry with a stop or a
 * take-profit, by update time (a fill's and an exit's note are both the market's, on a replayed feed too). Its exit,
 * when one was attached, guards again; when none was (a stop between the fill and the attach), it is attached now —
 * once: the next start finds it noted on the entry.
 * At most one exit guards a slot, and it is the one noted last; so every exit noted at the slot's latest note instant
 * is kept only when it is exactly the latest entry's — otherwise those exits are cancelled (a spent or cancelled one
 * answers not-found, silently) and the latest entry's levels attach one for the whole position. That covers:
 *  - two fills in one tick: the exit attached for the first is replaced by one for both, noted on the second; both
 *    entries carry the same instant, and the one with the note is the later (restoring the other left the noted exit
 *    active beside a new one: a CNC oversell found by test/oms/pipeline.property.test.ts, seed -1964300610);
 *  - two entries noted at the same instant with different exits: which one guards cannot be told, both go;
 *  - a stop between an entry's fill and its exit's replacement (the old exit is cancelled first, then one for the
 *    whole position attached): the latest entry has no note, and the exit noted last on an earlier one may still be
 *    active.
 */
function restoreExits(o: RecoveryOptions, filled: readonly Order[]): void {
  const latest = new Map<string, Order>();
  /** Per slot, the latest instant an entry with a noted exit was updated, and the exits noted at it. */
  const notedAt = new Map<string, number>();
  const noted = new Map<string, Set<string>>();
  for (const f of filled) {
    if (f.intent.stop === undefined && f.intent.takeProfit === undefined && f.exitId === undefined) continue;
    if (f.intent.source.kind === 'risk') continue;
    // An entry of the position held now (a sell with a stop that reduced a long brought no levels for it).
    const ledger = o.book.accountOf(f.intent);
    const j = ledger.find(f.intent.symbol, f.intent.product);
    if (j < 0 || Math.sign(ledger.position[j]!) !== (f.intent.side === 'BUY' ? 1 : -1)) continue;
    const key = `${f.intent.instanceId ?? ''}\u0000${f.intent.symbol}\u0000${f.intent.product}`;
    if (f.exitId !== undefined) {
      const at = notedAt.get(key) ?? -Infinity;
      if (f.updatedAt > at) {
        notedAt.set(key, f.updatedAt);
        noted.set(key, new Set([f.exitId]));
      } else if (f.updatedAt === at) noted.get(key)!.add(f.exitId);
    }
    const cur = latest.get(key);
    // At the same instant the entry with a noted exit is the later one.
    if (!cur || cur.updatedAt < f.updatedAt || (cur.updatedAt === f.updatedAt && cur.exitId === undefined && f.exitId !== undefined)) latest.set(key, f);
  }
  for (const [key, f] of latest) {
    const exits = noted.get(key);
    if (f.exitId !== undefined && exits?.size === 1 && exits.has(f.exitId)) {
      o.execution.rememberExit(f.exitId, f.intent.instanceId);
      o.pipeline.restoreExit(f);
      continue;
    }
    for (const id of exits ?? []) o.execution.cancelExit?.(id);
    o.pipeline.restoreExit(f.exitId === undefined ? f : { ...f, exitId: undefined });
  }
}
