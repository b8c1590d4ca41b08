/**
 * The kill switch over the kernel's trading state. A change takes effect in the kernel at once
 * (the answer is synchronous); saving it (so it survives a restart) and, on HALT, cancelling open
 * orders through the OMS run right after, in order. Their outcome is reported as `alert` events;
 * `settled()` resolves when they are done. `restoreTradingState` puts the saved state back at start.
 */
import type { Clock } from '../../core/clock';
import type { DomainEvent } from '../../core/events';
import type { ClientOrderId } from '../../core/ids';
import type { TradingState } from '../../core/tradingState';
import type { TradingStateStore } from '../../engine/tradingStateStore';
import type { OrderManager } from '../../oms/orderManager';
import type { OrderRepository } from '../../oms/orderRepository';
import type { TradingService, TradingStateChange } from '../api/trading';
import type { User } from '../user';

/** What the kernel offers for the kill switch. */
export interface TradingStateHolder {
  readonly tradingState: TradingState;
  setTradingState(state: TradingState, reason: string): void;
}

export interface CancelReport {
  readonly cancelled: readonly ClientOrderId[];
  readonly failed: readonly { readonly id: ClientOrderId; readonly message: string }[];
}

export interface KillSwitchOptions {
  readonly store?: TradingStateStore;
  readonly clock?: Clock;
  /** Called on HALT: cancels every open order (see `openOrderCanceller`). */
  readonly cancelOpenOrders?: () => Promise<CancelReport>;
  /** Where the outcome of saving and cancelling is reported (the kernel's event emitter). */
  readonly emit?: (e: DomainEvent) => void;
}

export interface KillSwitchService extends TradingService {
  /** Resolves when every save and cancellation started so far has finished. */
  settled(): Promise<void>;
}

/** Order statuses that can still trade. */
const OPEN = ['PENDING_APPROVAL', 'APPROVED', 'SUBMITTED', 'OPEN', 'PARTIALLY_FILLED'] as const;

/** Cancels every open order through the OMS (pending approvals are dropped, working orders cancelled at the broker). */
export function openOrderCanceller(oms: Pick<OrderManager, 'cancel'>, repo: Pick<OrderRepository, 'withStatus'>): () => Promise<CancelReport> {
  return async () => {
    const cancelled: ClientOrderId[] = [];
    const failed: { id: ClientOrderId; message: string }[] = [];
    for (const order of await repo.withStatus(OPEN)) {
      const id = order.intent.clientOrderId;
      const r = await oms.cancel(id);
      if (r.ok) cancelled.push(id);
      else failed.push({ id, message: r.error.message });
    }
    return { cancelled, failed };
  };
}

export function tradingService(kernel: TradingStateHolder, o: KillSwitchOptions = {}): KillSwitchService {
  let queue: Promise<void> = Promise.resolve();
  const now = (): number => o.clock?.now() ?? Date.now();
  const alert = (level: 'warning' | 'critical', message: string): void => o.emit?.({ type: 'alert', level, message, time: now() });
  const after = (state: TradingState, by: string, reason: string): Promise<void> => {
    const time = now();
    return (async () => {
      if (o.store) {
        try {
          await o.store.save({ state, by, reason, time });
        } catch (e) {
          alert('critical', `Trading is ${state} but saving that failed (${messageOf(e)}), so it would not survive a restart; check MongoDB and set the state again.`);
        }
      }
      if (state !== 'HALTED' || !o.cancelOpenOrders) return;
      try {
        const r = await o.cancelOpenOrders();
        if (r.cancelled.length > 0) alert('warning', `Kill switch: cancelled ${r.cancelled.length} open order${r.cancelled.length === 1 ? '' : 's'} (${r.cancelled.join(', ')}).`);
        for (const f of r.failed) alert('critical', `Kill switch: order ${f.id} could not be cancelled (${f.message}); cancel it with your broker.`);
      } catch (e) {
        alert('critical', `Kill switch: cancelling open orders failed (${messageOf(e)}); cancel them with your broker.`);
      }
    })();
  };
  const set = (state: TradingState, user: User): TradingStateChange => {
    const previous = kernel.tradingState;
    const by = user.name ?? user.id;
    if (previous !== state) {
      const reason = `set to ${state} by ${by}`;
      kernel.setTradingState(state, reason);
      queue = queue.then(() => after(state, by, reason));
    }
    return { previous, state: kernel.tradingState, by };
  };
  return {
    state: () => kernel.tradingState,
    halt: (user) => set('HALTED', user),
    reduce: (user) => set('REDUCING', user),
    resume: (user) => set('ACTIVE', user),
    settled: () => queue,
  };
}

/** At start: puts the saved state back into the kernel (nothing saved: it stays as it is). */
export async function restoreTradingState(kernel: TradingStateHolder, store: TradingStateStore): Promise<TradingState> {
  const saved = await store.load();
  if (saved && saved.state !== kernel.tradingState) kernel.setTradingState(saved.state, `restored after restart (${saved.reason})`);
  return kernel.tradingState;
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
