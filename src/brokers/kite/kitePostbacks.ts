/**
 * Kite postbacks as triggers only (issue 16). Kite's checksum covers order_id + order_timestamp and nothing else, so
 * every other field of a postback may have been edited by whoever relays or replays it: an OPEN order posted as
 * COMPLETE at ₹1, or another order's tag. A postback whose checksum holds only says "look at order N": the order's
 * history is fetched from Kite (GET /orders/{order_id}, kiteconnect `getOrderHistory`) and its latest state is
 * ingested, matched to our order by the Kite order id (kiteOrderFeed.ts).
 *
 * Postbacks for one order that arrive while its history is being fetched share that fetch (and at most one more
 * runs after it, so the latest state is not missed); an order Kite has finished (COMPLETE, CANCELLED, REJECTED)
 * changes no more, so a replayed postback of it costs no request at all.
 */
import { z } from 'zod';
import type { BrokerError, OrderUpdate } from '../../core/broker';
import type { OrderId } from '../../core/ids';
import { err, ok, type Result } from '../../core/result';

/** The statuses after which Kite changes an order no more. */
const FINAL = new Set(['COMPLETE', 'CANCELLED', 'REJECTED']);
/** How many finished order ids are remembered (oldest forgotten first). */
const FINISHED_KEPT = 10_000;

const historyRow = z.object({ order_id: z.coerce.string(), status: z.string() }).passthrough();

export interface PostbackTriggerPorts {
  /** Checksum check; the Kite order id the postback is about (KiteOrderFeed.verifyPostback). */
  verify(body: unknown): Result<OrderId, string>;
  /** The order's history from Kite, oldest state first (retried like every read). */
  history(id: OrderId): Promise<Result<unknown, BrokerError>>;
  /** The one ingest (KiteOrderFeed.ingest). */
  ingest(raw: unknown): Result<readonly OrderUpdate[], string>;
  readonly warn: (message: string) => void;
}

interface Refresh {
  /** Another postback came while fetching: fetch once more afterwards. */
  again: boolean;
  done?: Promise<Result<readonly OrderUpdate[], string>>;
}

export class PostbackTrigger {
  private readonly running = new Map<OrderId, Refresh>();
  private readonly finished = new Set<OrderId>();
  /** Kite history requests made for postbacks (for reports and the reliability suite). */
  fetches = 0;

  constructor(private readonly p: PostbackTriggerPorts) {}

  /** A postback body: checksum verified, then the order's state as Kite's history gives it. */
  async handle(body: unknown): Promise<Result<readonly OrderUpdate[], string>> {
    const id = this.p.verify(body);
    if (!id.ok) return id;
    if (this.finished.has(id.value)) return ok([]);
    const current = this.running.get(id.value);
    if (current?.done) {
      current.again = true;
      return current.done;
    }
    const refresh: Refresh = { again: false };
    this.running.set(id.value, refresh);
    refresh.done = this.refresh(id.value, refresh);
    return refresh.done;
  }

  private async refresh(id: OrderId, state: Refresh): Promise<Result<readonly OrderUpdate[], string>> {
    const all: OrderUpdate[] = [];
    try {
      do {
        state.again = false;
        const r = await this.fetchLatest(id);
        if (!r.ok) return r;
        all.push(...r.value);
      } while (state.again && !this.finished.has(id));
      return ok(all);
    } finally {
      this.running.delete(id);
    }
  }

  private async fetchLatest(id: OrderId): Promise<Result<readonly OrderUpdate[], string>> {
    this.fetches++;
    const h = await this.p.history(id);
    if (!h.ok) {
      const message = `A postback for order ${id} arrived, but Kite's order history could not be read (${h.error.message}); the order-book sync catches it up.`;
      this.p.warn(message);
      return err(message);
    }
    const rows = z.array(historyRow).safeParse(h.value);
    const latest = rows.success ? rows.data.at(-1) : undefined;
    if (!latest || latest.order_id !== id) {
      const message = `A postback for order ${id} arrived, but Kite's history of it is empty or unreadable; nothing was changed.`;
      this.p.warn(message);
      return err(message);
    }
    if (FINAL.has(latest.status)) this.markFinished(id);
    return this.p.ingest(latest);
  }

  private markFinished(id: OrderId): void {
    this.finished.add(id);
    if (this.finished.size > FINISHED_KEPT) this.finished.delete(this.finished.values().next().value as OrderId);
  }
}
