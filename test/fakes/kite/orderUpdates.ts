/**
 * Fan-out of order updates to the ticker websocket (`{"type":"order","data":…}`) and to the postback URL (raw JSON
 * POST with checksum = sha256(order_id + order_timestamp + api_secret)). Fault switches: `duplicate` sends every update
 * twice; `outOfOrder` sends the updates of one operation (e.g. OPEN then COMPLETE) in reverse.
 */
import type { KiteOrder, OrderUpdate, UpdateStatus } from './orderTypes';
import { sha256Hex } from './sessions';

export type OrderUpdatePayload = Record<string, unknown> & { readonly order_id: string; readonly status: UpdateStatus };

export function updatePayload(order: KiteOrder, status: UpdateStatus, userId: string, apiSecret: string | null): OrderUpdatePayload {
  return {
    ...order,
    status,
    user_id: userId,
    app_id: 1,
    unfilled_quantity: order.pending_quantity,
    checksum: apiSecret === null ? '' : sha256Hex(order.order_id + order.order_timestamp + apiSecret),
  };
}

export class PostbackSender {
  private readonly pending = new Set<Promise<void>>();
  sent = 0;
  failed = 0;

  constructor(private readonly url: string) {}

  send(payload: OrderUpdatePayload): void {
    const p = fetch(this.url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(payload) })
      .then(async (res) => {
        await res.arrayBuffer();
        if (res.ok) this.sent++;
        else this.failed++;
      })
      .catch(() => {
        this.failed++;
      })
      .finally(() => this.pending.delete(p));
    this.pending.add(p);
  }

  /** Resolves when every postback sent so far has been answered (or failed). */
  async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }
}

export class OrderUpdateFeed {
  duplicate = false;
  outOfOrder = false;
  /** Every update published, in the order it was sent (after duplicate/out-of-order faults). */
  readonly published: { readonly order_id: string; readonly status: UpdateStatus; readonly filled_quantity: number }[] = [];

  constructor(
    private readonly userId: string,
    private readonly apiSecret: string,
    private readonly toTicker: (payload: OrderUpdatePayload) => void,
    private readonly postbacks: () => PostbackSender | null,
  ) {}

  publish(batch: readonly OrderUpdate[]): void {
    const ordered = this.outOfOrder ? [...batch].reverse() : batch;
    for (const u of ordered) for (let i = 0; i < (this.duplicate ? 2 : 1); i++) this.send(u.order, u.status);
  }

  /** Sends one update as given: tests use it to replay an old state late. */
  send(order: KiteOrder, status: UpdateStatus): void {
    this.published.push({ order_id: order.order_id, status, filled_quantity: order.filled_quantity });
    this.toTicker(updatePayload(order, status, this.userId, null));
    this.postbacks()?.send(updatePayload(order, status, this.userId, this.apiSecret));
  }
}
