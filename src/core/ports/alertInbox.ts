/**
 * Where incoming alerts are kept (MongoDB collection `alerts_in`, src/store/alertsIn): every alert an authenticated
 * source sent — accepted (with what became of its orders), a repeat (placing nothing) or not understood — for
 * /alerts_in and for the duplicate check, which survives a restart (TradingView resends on timeouts).
 */
/** What became of one order an alert asked for. */
export interface AlertOrderView {
  readonly symbol: string;
  readonly action: 'buy' | 'sell' | 'exit';
  readonly side?: 'BUY' | 'SELL';
  readonly quantity?: number;
  /** The order's id (the card's, /order's, Kite's tag) when one was made. */
  readonly orderId?: string;
  /** The order's state now (PENDING_APPROVAL, FILLED, DENIED …). */
  readonly status?: string;
  /** Why nothing was placed, or why the order ended without a fill (a risk refusal, a rejection). */
  readonly refused?: string;
}

export interface AlertView {
  readonly id: string;
  readonly source: string;
  readonly receivedAt: number;
  /** accepted: it became orders (or refusals); duplicate: a repeat within the window, nothing placed; invalid: not understood. */
  readonly status: 'accepted' | 'duplicate' | 'invalid';
  readonly format?: 'tradingview' | 'chartink' | 'text';
  /** What the alert said (one line), or for an invalid one why it was refused. */
  readonly message: string;
  /** A duplicate: the alert it repeats. */
  readonly repeatOf?: string;
  readonly orders: readonly AlertOrderView[];
}

/** One stored alert; `key` is the alert's id (`id:…`) or, without one, its content's fingerprint (`sha:…`). */
export interface InboundAlert extends Omit<AlertView, 'orders'> {
  readonly key?: string;
  /** What became of each order at receipt (its state now is read from the order book). */
  readonly orders: AlertView['orders'];
}

export interface AlertInbox {
  add(a: InboundAlert): Promise<void>;
  /** Records what became of an accepted alert's orders. */
  settle(id: string, orders: InboundAlert['orders']): Promise<void>;
  /** The accepted alert of `source` with `key` received at or after `since`, if any. */
  accepted(source: string, key: string, since: number): Promise<InboundAlert | undefined>;
  /** The latest alerts, newest first (of one source, if given). */
  recent(limit: number, source?: string): Promise<InboundAlert[]>;
}

/** In memory (tests, and a process without MongoDB). */
export class MemoryAlertInbox implements AlertInbox {
  private readonly alerts: InboundAlert[] = [];

  async add(a: InboundAlert): Promise<void> {
    this.alerts.push(a);
  }

  async settle(id: string, orders: InboundAlert['orders']): Promise<void> {
    const i = this.alerts.findIndex((a) => a.id === id);
    if (i >= 0) this.alerts[i] = { ...this.alerts[i]!, orders };
  }

  async accepted(source: string, key: string, since: number): Promise<InboundAlert | undefined> {
    return this.alerts.find((a) => a.source === source && a.key === key && a.status === 'accepted' && a.receivedAt >= since);
  }

  async recent(limit: number, source?: string): Promise<InboundAlert[]> {
    // Newest first; alerts of the same instant in the reverse of their arrival.
    return [...this.alerts]
      .reverse()
      .filter((a) => source === undefined || a.source === source)
      .sort((a, b) => b.receivedAt - a.receivedAt)
      .slice(0, limit);
  }
}
