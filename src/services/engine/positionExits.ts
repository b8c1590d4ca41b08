/**
 * `/exit SYMBOL|INSTANCE|all` through the one order pipeline: each position is closed for the account that holds it
 * (the portfolio's own book, or a strategy instance's — the order carries the instance, so the book, the strategy
 * and /positions agree), sized from the book: the shares the account holds and has not already promised to a working
 * order that closes them (a short: the shares it owes and is not already buying back). The exits are market orders
 * of source `user`; when the approval policy asks for a decision they wait in one card together.
 */
import type { Clock } from '../../core/clock';
import { strategyInstanceId } from '../../core/ids';
import type { Order, Product } from '../../core/order';
import { err, ok, type Result } from '../../core/result';
import type { AccountLedger } from '../../oms/accountLedger';
import type { SubmitOptions } from '../../oms/orderPipeline';
import type { PendingLine } from '../../oms/pipelinePorts';
import { PORTFOLIO_ACCOUNT } from '../../oms/positionBook';
import { guardedShares } from '../../oms/protectiveExits';
import { orList, suggestSymbols } from '../../data/kite/symbolSuggestions';
import type { ExitPlan, ExitReport, ManualTradingService, PlacedOrder } from '../api/manual';
import { normaliseSymbol } from '../symbols';
import type { Refusal } from '../user';
import type { ManualPipeline } from './manualPipeline';
import { byName, placedView, riskNote } from './manualOrderViews';

/** What exits read of the position book. */
export interface ExitBook {
  accounts(): Iterable<AccountLedger>;
  account(id: string): AccountLedger | undefined;
}

const EVERY = 'every position';

interface OpenSlot {
  readonly ledger: AccountLedger;
  readonly j: number;
  /** Signed shares to close (guarded: not already promised to a working exit). */
  readonly shares: number;
}

export interface PositionExitsOptions {
  readonly pipeline: ManualPipeline;
  readonly book: ExitBook;
  readonly price: (symbol: string) => number | undefined;
  readonly clock: Clock;
}

export function positionExits(o: PositionExitsOptions): Pick<ManualTradingService, 'exitPlan' | 'exit'> {
  const held = (ledger: AccountLedger): OpenSlot[] => {
    const out: OpenSlot[] = [];
    for (let j = 0; j < ledger.size; j++) if (ledger.position[j] !== 0) out.push({ ledger, j, shares: guardedShares(ledger, j) });
    return out;
  };
  const all = (): OpenSlot[] => [...o.book.accounts()].flatMap(held);

  /** The open positions `target` names, or why it names none. */
  const slotsOf = (target: string): Result<{ readonly what: string; readonly slots: OpenSlot[] }, Refusal> => {
    const t = target.trim();
    if (t.toLowerCase() === 'all') return ok({ what: EVERY, slots: all() });
    const account = o.book.account(t) ?? o.book.account(t.toLowerCase());
    if (account) return ok({ what: account.id === PORTFOLIO_ACCOUNT ? 'the portfolio’s own positions' : `the positions of ${account.id}`, slots: held(account) });
    const symbol = normaliseSymbol(t);
    const slots = all().filter((s) => s.ledger.symbols[s.j] === symbol);
    if (slots.length > 0) return ok({ what: symbol, slots });
    const names = new Set<string>();
    for (const s of all()) names.add(s.ledger.symbols[s.j]!);
    for (const a of o.book.accounts()) if (a.id !== PORTFOLIO_ACCOUNT) names.add(a.id.toUpperCase());
    const near = suggestSymbols(symbol, names).map((n) => (o.book.account(n.toLowerCase()) ? n.toLowerCase() : n));
    return err(`There is no open position in ${symbol} and no strategy instance ${t}${near.length > 0 ? `; did you mean ${orList(near)}?` : '; /positions lists what is held.'}`);
  };

  const describe = (s: OpenSlot): ExitPlan['positions'][number] => ({ account: s.ledger.id, symbol: s.ledger.symbols[s.j]!, product: s.ledger.products[s.j]! as Product, quantity: s.shares });

  return {
    async exitPlan(target) {
      const r = slotsOf(target);
      return r.ok ? ok({ positions: r.value.slots.filter((s) => s.shares !== 0).map(describe) }) : r;
    },

    async exit(target, user) {
      const r = slotsOf(target);
      if (!r.ok) return r;
      const { what, slots } = r.value;
      const refused: { what: string; message: string }[] = [];
      for (const s of slots) if (s.shares === 0) refused.push({ what: `${s.ledger.symbols[s.j]} (${s.ledger.id})`, message: 'every share is already promised to a working order that closes it; /orders lists it.' });
      const toClose = slots.filter((s) => s.shares !== 0);
      if (toClose.length === 0) return err(refused.length > 0 ? `Nothing left to close in ${what}: ${refused.map((x) => `${x.what}: ${x.message}`).join(' ')}` : `${what === EVERY ? 'There are no open positions' : `There is no open position in ${what}`}; /positions lists what is held.`);
      await o.pipeline.prepare(new Set(toClose.map((s) => s.ledger.symbols[s.j]!)));
      const orders: PlacedOrder[] = [];
      const pending: PendingLine[] = [];
      for (const s of toClose) {
        // Read again: an exit submitted just before may have promised shares of the same slot (never oversell).
        const shares = guardedShares(s.ledger, s.j);
        const symbol = s.ledger.symbols[s.j]!;
        if (shares === 0) continue;
        const q = Math.abs(shares);
        const price = o.price(symbol) ?? s.ledger.mark(s.j);
        const sizing = `the ${q} ${q === 1 ? 'share' : 'shares'} ${s.ledger.id} ${shares > 0 ? 'holds' : 'owes'} and ${shares > 0 ? 'has not promised to another sell' : 'is not already buying back'}, closed by ${byName(user)}`;
        const opts: SubmitOptions = { approval: 'policy', batch: true, sizingReason: sizing, signalPrice: price };
        const placed = o.pipeline.submit(
          {
            symbol,
            side: shares > 0 ? 'SELL' : 'BUY',
            quantity: q,
            orderType: 'MARKET',
            product: s.ledger.products[s.j]!,
            validity: 'DAY',
            source: { kind: 'user', userId: user.id },
            ...(s.ledger.id !== PORTFOLIO_ACCOUNT ? { instanceId: strategyInstanceId(s.ledger.id) } : {}),
            reason: `exit by ${byName(user)}`,
            time: o.clock.now(),
          },
          opts,
        );
        if (!placed.ok) {
          refused.push({ what: `${symbol} (${s.ledger.id})`, message: placed.error.message });
          continue;
        }
        const order: Order = placed.value;
        if (order.status === 'PENDING_APPROVAL') pending.push(o.pipeline.pendingLine(order, opts));
        orders.push(placedView(order, sizing, order.intent.quantity * price, riskNote(order.intent)));
      }
      const approvalId = o.pipeline.openBatch(pending);
      const report: ExitReport = { orders, refused, ...(approvalId !== undefined ? { approvalId } : {}) };
      return ok(report);
    },
  };
}
