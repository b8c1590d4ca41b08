/**
 * The kill switch, over the risk engine's trading state (one state for every order source):
 *  - HALTED: no new order goes out, whoever asks (strategies, rebalances, manual orders, alerts; approvals tapped
 *    after the halt are refused when released). Every pending approval is cancelled at once (its cards say so).
 *    Working orders at the broker STAY: `cancelWorking` (asked for with a confirmation) cancels them, except the
 *    engine's own exits. Risk exits that shrink a position — the MIS square-off, stop legs — still go through.
 *  - REDUCING: only orders that shrink the account's position without crossing zero go out.
 *  - ACTIVE: normal.
 * The change takes effect at once; it is saved (so it survives a restart) and announced as a `trading-state` event.
 * `restoreTradingState` puts the saved state back at start.
 */
import type { Clock } from '../../core/clock';
import type { DomainEvent } from '../../core/events';
import type { ClientOrderId } from '../../core/ids';
import type { Order } from '../../core/order';
import { isWorking } from '../../core/orderStatus';
import type { TradingState } from '../../core/tradingState';
import type { TradingStateStore } from '../../core/ports/tradingStateStore';
import type { OrderCause } from '../../core/ports/orderRepository';
import type { CancelReport, SquareOffReport, TradingService, TradingStateChange } from '../api/trading';
import type { User } from '../user';

/** What holds the trading state (the risk engine). */
export interface TradingStateHolder {
  readonly state: TradingState;
  setState(state: TradingState): void;
}

export interface KillSwitchOptions {
  readonly store?: TradingStateStore;
  readonly clock: Clock;
  /** Announces the change and the outcome of saving it (the one event bus). */
  readonly emit: (e: DomainEvent) => void;
  /** Cancels every pending approval with a reason; resolves with how many. */
  readonly cancelApprovals?: (reason: string) => Promise<number>;
  /** Closes every open MIS position through the pipeline (absent: nothing to square off in this build). */
  readonly squareOff?: () => SquareOffReport;
  /** The open orders, and how to cancel one (the order pipeline). */
  readonly orders?: {
    openOrders(): readonly Order[];
    cancel(id: ClientOrderId, cause: OrderCause, message?: string): { readonly ok: boolean; readonly error?: { readonly message: string } };
  };
}

export interface KillSwitchService extends TradingService {
  /** Resolves when every save started so far has finished. */
  settled(): Promise<void>;
}

export function tradingService(holder: TradingStateHolder, o: KillSwitchOptions): KillSwitchService {
  let queue: Promise<void> = Promise.resolve();
  const alert = (level: 'warning' | 'critical', message: string): void => o.emit({ type: 'alert', level, message, time: o.clock.now() });
  const working = (): readonly Order[] => (o.orders?.openOrders() ?? []).filter((x) => isWorking(x.status));
  const save = (state: TradingState, by: string, reason: string): void => {
    const time = o.clock.now();
    queue = queue.then(async () => {
      if (!o.store) return;
      try {
        await o.store.save({ state, by, reason, time });
      } catch (e) {
        alert('critical', `Trading is ${state} but saving that failed (${e instanceof Error ? e.message : String(e)}), so it would not survive a restart; check MongoDB and set the state again.`);
      }
    });
  };
  const set = async (state: TradingState, user: User): Promise<TradingStateChange> => {
    const previous = holder.state;
    const by = user.name ?? user.id;
    let cancelledApprovals = 0;
    if (previous !== state) {
      const reason = `set to ${state} by ${by}`;
      holder.setState(state);
      o.emit({ type: 'trading-state', state, reason, time: o.clock.now() });
      save(state, by, reason);
    }
    if (state === 'HALTED' && o.cancelApprovals) cancelledApprovals = await o.cancelApprovals(`Cancelled: trading was halted by ${by}; nothing was placed.`);
    return { previous, state: holder.state, by, cancelledApprovals, workingOrders: working().length };
  };
  return {
    state: () => holder.state,
    halt: (user) => set('HALTED', user),
    reduce: (user) => set('REDUCING', user),
    resume: (user) => set('ACTIVE', user),
    workingOrders: () => working().length,
    async cancelWorking(user): Promise<CancelReport> {
      const by = user.name ?? user.id;
      const cancelled: string[] = [];
      const kept: string[] = [];
      const failed: { id: string; message: string }[] = [];
      for (const order of working()) {
        const id = order.intent.clientOrderId;
        if (order.intent.source.kind === 'risk') {
          kept.push(id);
          continue;
        }
        const r = o.orders!.cancel(id, { kind: 'system', detail: `kill switch (${by})` }, `Cancelled with the kill switch by ${by}.`);
        if (r.ok) cancelled.push(id);
        else failed.push({ id, message: r.error?.message ?? 'not cancelled' });
      }
      for (const f of failed) alert('critical', `Kill switch: order ${f.id} could not be cancelled (${f.message}); cancel it with your broker.`);
      return { cancelled, kept, failed };
    },
    async squareOff(): Promise<SquareOffReport> {
      return o.squareOff?.() ?? { orders: [], refused: [] };
    },
    settled: () => queue,
  };
}

/** At start: puts the saved state back (nothing saved: it stays as it is) and announces it. */
export async function restoreTradingState(holder: TradingStateHolder, store: TradingStateStore, emit: { emit(e: DomainEvent): void }, clock: Clock): Promise<TradingState> {
  const saved = await store.load();
  if (saved && saved.state !== holder.state) {
    holder.setState(saved.state);
    emit.emit({ type: 'trading-state', state: saved.state, reason: `restored after restart (${saved.reason})`, time: clock.now() });
  }
  return holder.state;
}
