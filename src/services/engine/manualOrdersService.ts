/**
 * A person's orders from chat, through the one order pipeline (src/oms/orderPipeline.ts): `/buy` and `/sell` are
 * intents of source `{ kind: 'user' }` for the portfolio's own book, submitted after `prepare` (the risk engine reads
 * a live quote and the symbol's volatility first) with the approval policy deciding whether a card waits — the same
 * card as every other order. Exits (positionExits.ts), cancels and modifications take the same road: a cancel asks
 * the pipeline (which asks the broker), a pending order's approval is rejected so its cards say so, and a
 * modification is re-checked by the risk engine before the broker is asked.
 */
import type { Clock } from '../../core/clock';
import { clientOrderId } from '../../core/ids';
import { floorToLot, formatInr, isOnTick } from '../../core/money';
import type { Order } from '../../core/order';
import { isTerminal, isWorking } from '../../core/orderStatus';
import { plural } from '../../core/plural';
import { err, ok, type Result } from '../../core/result';
import type { OrderDraft, Refusal as OrderRefusal } from '../../oms/orderPipeline';
import type { OrderCause } from '../../core/ports/orderRepository';
import type { ApprovalsService } from '../api/approvals';
import type { CancelOutcome, ManualOrderRequest, ManualTradingService, OrderChangeRequest } from '../api/manual';
import type { TradingService } from '../api/trading';
import type { SymbolUniverse } from '../symbols';
import type { Refusal, User } from '../user';
import { byName, placedView, riskNote } from './manualOrderViews';
import type { ManualPipeline } from './manualPipeline';
import { positionExits, type ExitBook } from './positionExits';


export interface ManualTradingOptions {
  readonly pipeline: ManualPipeline;
  readonly book: ExitBook;
  readonly universe: SymbolUniverse;
  /** The mode's price of a symbol (the feed, a Kite quote in live), read after `prepare`. */
  readonly price: (symbol: string) => number | undefined;
  readonly rules: (symbol: string) => { readonly tickSize: number; readonly lotSize: number } | undefined;
  /** Orders finished before this start (the pipeline keeps only this run's). */
  readonly stored: (id: string) => Promise<Order | undefined>;
  /** Pending orders are cancelled by rejecting their approval (every copy of the card says so). */
  readonly approvals?: Pick<ApprovalsService, 'pending' | 'decide'>;
  /** Working orders are cancelled the way the kill switch cancels them (the engine's own exits stay). */
  readonly trading: Pick<TradingService, 'cancelWorking'>;
  readonly clock: Clock;
}

export function manualTradingService(o: ManualTradingOptions): ManualTradingService {
  const tickOf = (symbol: string): number => o.rules(symbol)?.tickSize ?? 0.05;
  const offTick = (what: string, p: number | undefined, symbol: string): string | undefined => {
    const tick = tickOf(symbol);
    if (p === undefined || isOnTick(p, tick)) return undefined;
    const down = Math.floor(p / tick) * tick;
    return `The ${what} ${p} is not on ${symbol}'s tick grid of ${tick}; use ${down.toFixed(2)} or ${(down + tick).toFixed(2)}.`;
  };
  const userCause = (user: User): OrderCause => ({ kind: 'user', userId: user.id });

  const levels = (req: ManualOrderRequest, ref: number, product: string): string | undefined => {
    if (req.stop === undefined && req.target === undefined) return undefined;
    if (req.side === 'SELL' && product === 'CNC') return 'stop= and target= guard a position you open; a CNC sell closes shares you hold, so leave them out (or sell MIS to go short).';
    const long = req.side === 'BUY';
    if (req.stop !== undefined && (long ? req.stop >= ref : req.stop <= ref)) return `The stop ${formatInr(req.stop)} must be ${long ? 'below' : 'above'} the price ${formatInr(ref)} the order is ${req.limit !== undefined ? 'limited to' : 'sized at'}.`;
    if (req.target !== undefined && (long ? req.target <= ref : req.target >= ref)) return `The target ${formatInr(req.target)} must be ${long ? 'above' : 'below'} the price ${formatInr(ref)} the order is ${req.limit !== undefined ? 'limited to' : 'sized at'}.`;
    return undefined;
  };

  const cancelOne = async (id: string, user: User): Promise<Result<CancelOutcome, Refusal>> => {
    const order = o.pipeline.get(clientOrderId(id)) ?? (await o.stored(id));
    if (!order) return err(`There is no order ${id}; /orders lists the open ones.`);
    if (order.status === 'PENDING_APPROVAL') {
      if (!o.approvals) return err(`Order ${id} waits for approval and approvals are off in this process; it ends when its approval expires.`);
      const r = await o.approvals.decide({ id, choice: { kind: 'reject' } }, user);
      return r.ok ? ok({ cancelled: [], rejected: [id], kept: [], failed: [] }) : r;
    }
    if (isTerminal(order.status)) return err(`Order ${id} is ${order.status}; there is nothing to cancel.`);
    if (order.intent.source.kind === 'risk') {
      return err(`Order ${id} is the engine's own exit (${order.intent.source.rule}): it closes risk, so it is not cancelled from chat; /halt cancel leaves it too.`);
    }
    const r = o.pipeline.cancel(order.intent.clientOrderId, userCause(user), `Cancelled by ${byName(user)}.`);
    return r.ok ? ok({ cancelled: [id], rejected: [], kept: [], failed: [] }) : err(r.error.message);
  };

  return {
    async place(req, user) {
      const known = await o.universe.check([req.symbol]);
      if (!known.ok) return known;
      const symbol = known.value[0]!;
      const product = req.product ?? 'CNC';
      const tickProblem = offTick('limit price', req.limit, symbol) ?? offTick('stop', req.stop, symbol) ?? offTick('target', req.target, symbol);
      if (tickProblem) return err(tickProblem);
      await o.pipeline.prepare([symbol]);
      const last = o.price(symbol);
      const ref = req.limit ?? last;
      if (ref === undefined || !(ref > 0)) return err(`There is no price for ${symbol} yet, so the order cannot be sized or checked; wait for market data or give a limit price.`);
      const bad = levels(req, ref, product);
      if (bad) return err(bad);
      const lot = o.rules(symbol)?.lotSize ?? 1;
      let quantity: number;
      let sizing: string;
      if ('quantity' in req.size) {
        quantity = req.size.quantity;
        if (quantity % lot !== 0) return err(`${symbol} trades in lots of ${lot}; ask for a multiple of ${lot}.`);
        sizing = `${plural(quantity, 'share')} as asked by ${byName(user)}`;
      } else {
        quantity = floorToLot(req.size.rupees / ref, lot);
        if (quantity <= 0) return err(`${formatInr(req.size.rupees)} buys no share of ${symbol} at ${formatInr(ref)}; give at least ${formatInr(ref * lot)}.`);
        sizing = `${formatInr(req.size.rupees)} at ${formatInr(ref)} (${req.limit !== undefined ? 'the limit' : 'the last price'}) → ${plural(quantity, 'share')}, asked by ${byName(user)}`;
      }
      const draft: OrderDraft = {
        symbol,
        side: req.side,
        quantity,
        orderType: req.limit !== undefined ? 'LIMIT' : 'MARKET',
        ...(req.limit !== undefined ? { price: req.limit } : {}),
        product,
        validity: 'DAY',
        source: { kind: 'user', userId: user.id },
        reason: `manual ${req.side.toLowerCase()} by ${byName(user)}`,
        ...(req.stop !== undefined ? { stop: req.stop } : {}),
        ...(req.target !== undefined ? { takeProfit: req.target } : {}),
        time: o.clock.now(),
      };
      const r = o.pipeline.submit(draft, { approval: 'policy', sizingReason: sizing, signalPrice: last ?? ref });
      if (!r.ok) return err(r.error.message);
      return ok(placedView(r.value, sizing, r.value.intent.quantity * ref, riskNote(r.value.intent)));
    },

    ...positionExits(o),

    async cancel(id, user) {
      if (id.toLowerCase() !== 'all') return cancelOne(id, user);
      const rejected: string[] = [];
      const failed: { id: string; message: string }[] = [];
      for (const approval of new Set((await o.approvals?.pending())?.map((p) => p.approvalId ?? p.id) ?? [])) {
        const r = await o.approvals!.decide({ id: approval, choice: { kind: 'reject' } }, user);
        if (r.ok) rejected.push(approval);
        else failed.push({ id: approval, message: r.error });
      }
      const working = await o.trading.cancelWorking(user);
      return ok({ cancelled: working.cancelled, rejected, kept: working.kept, failed: [...failed, ...working.failed] });
    },

    cancellable() {
      return o.pipeline.openOrders().filter((x) => x.status === 'PENDING_APPROVAL' || (isWorking(x.status) && x.intent.source.kind !== 'risk')).length;
    },

    async modify(id, change: OrderChangeRequest, user) {
      const order = o.pipeline.get(clientOrderId(id)) ?? (await o.stored(id));
      if (!order) return err(`There is no order ${id}; /orders lists the open ones.`);
      const tickProblem = offTick('price', change.price, order.intent.symbol);
      if (tickProblem) return err(tickProblem);
      const lot = o.rules(order.intent.symbol)?.lotSize ?? 1;
      if (change.quantity !== undefined && change.quantity % lot !== 0) return err(`${order.intent.symbol} trades in lots of ${lot}; ask for a multiple of ${lot}.`);
      await o.pipeline.prepare([order.intent.symbol]);
      const done = await new Promise<Result<Order, OrderRefusal>>((resolve) => o.pipeline.modify(order.intent.clientOrderId, change, userCause(user), resolve));
      if (!done.ok) return err(done.error.message);
      const i = done.value.intent;
      return ok(placedView(done.value, `modified by ${byName(user)}`, i.quantity * (i.price ?? o.price(i.symbol) ?? NaN), done.value.message));
    },
  };
}
