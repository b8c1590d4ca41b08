/**
 * The one ingest of Kite order updates (ticker `order_update`, verified HTTP postbacks, order-book rows):
 * cumulative fills become deltas (oms/fillIngest.ts), duplicates and stale updates change nothing, and the
 * deltas go to the broker's listeners. It also remembers which Kite order id belongs to which client id.
 *
 * After a restart the delta tracker must start from the stored fills, or a repeated update would be counted
 * again. With `holdUntilPrimed`, updates that arrive before `prime` are kept and replayed after it.
 *
 * An update is matched to our order by its Kite order id first (the id Kite gave us when we placed it), and only
 * for an order we do not know yet by its tag. HTTP postbacks are not ingested here at all: their checksum covers
 * order_id + order_timestamp only, so `verifyPostback` checks it and the broker fetches the order's history from
 * Kite and ingests that (kitePostbacks.ts, issue 16).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { OrderUpdate, OrderUpdateListener } from '../../core/broker';
import { clientOrderId, orderId, type ClientOrderId, type OrderId } from '../../core/ids';
import type { OrderSource } from '../../core/order';
import { err, ok, type Result } from '../../core/result';
import type { FillPrime } from '../../oms/brokerOrders';
import { CumulativeFillTracker } from '../../oms/fillIngest';
import { clip } from '../../log/clip';
import { parseKiteOrder } from './kiteOrderSnapshot';
import { postbackSchema } from './kiteSchemas';

const EXTERNAL: OrderSource = { kind: 'job', job: 'kite-external' };

export class KiteOrderFeed {
  private readonly listeners = new Set<OrderUpdateListener>();
  private readonly tracker = new CumulativeFillTracker();
  private readonly sources = new Map<string, OrderSource>();
  private readonly brokerIds = new Map<ClientOrderId, OrderId>();
  /** The other way round: Kite order id → our client id (the match that counts). */
  private readonly clientIds = new Map<OrderId, ClientOrderId>();
  /** Stand-in ids of untagged orders (placed outside, or fired GTT legs) → Kite order id. */
  private readonly untagged = new Map<ClientOrderId, OrderId>();
  private held: unknown[] | null;

  constructor(
    private readonly now: () => number,
    holdUntilPrimed = false,
    private readonly warn: (message: string) => void = () => undefined,
  ) {
    this.held = holdUntilPrimed ? [] : null;
  }

  onOrderUpdate(listener: OrderUpdateListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  remember(id: ClientOrderId, bid: OrderId, source?: OrderSource): void {
    this.brokerIds.set(id, bid);
    this.clientIds.set(bid, id);
    if (source) this.sources.set(id, source);
  }

  setSource(id: ClientOrderId, source: OrderSource): void {
    this.sources.set(id, source);
  }

  brokerIdOf(id: ClientOrderId): OrderId | undefined {
    return this.brokerIds.get(id);
  }

  /** The Kite order id behind the stand-in id of an untagged order this feed has seen. */
  untaggedOrderId(id: ClientOrderId): OrderId | undefined {
    return this.untagged.get(id);
  }

  /** Client ids by Kite order id (for the trade book). */
  tags(): Map<string, ClientOrderId> {
    const m = new Map<string, ClientOrderId>();
    for (const [c, b] of this.brokerIds) m.set(b, c);
    return m;
  }

  ingest(raw: unknown): Result<readonly OrderUpdate[], string> {
    if (this.held) {
      this.held.push(raw);
      return ok([]);
    }
    const snap = parseKiteOrder(raw, this.now());
    if (!snap.ok) {
      this.warn(snap.error);
      return snap;
    }
    const s = snap.value;
    const id = this.clientIds.get(s.brokerOrderId) ?? s.clientOrderId ?? clientOrderId(`X${s.brokerOrderId}`.replace(/[^A-Za-z0-9]/g, '').slice(0, 20));
    if (this.clientIds.has(s.brokerOrderId) || s.clientOrderId) this.remember(id, s.brokerOrderId);
    else this.untagged.set(id, s.brokerOrderId);
    const updates = this.tracker.observe(s, id, this.sources.get(id) ?? EXTERNAL);
    for (const u of updates) for (const l of [...this.listeners]) l(u);
    return ok(updates);
  }

  /**
   * Checks a postback's checksum, sha256(order_id + order_timestamp + api_secret) as exactly 64 lowercase hex
   * digits, and answers the Kite order id it is about. Nothing else in the body is believed or ingested.
   */
  verifyPostback(body: unknown, secret: string | undefined): Result<OrderId, string> {
    const refuse = (message: string): Result<never, string> => {
      this.warn(message);
      return err(message);
    };
    if (secret === undefined) return refuse('Postbacks are not enabled: no Kite API secret is configured.');
    const p = postbackSchema.safeParse(body);
    if (!p.success) {
      const field = String(p.error.issues[0]?.path[0] ?? 'body');
      return refuse(`The postback has no valid ${clip(field, 40)} (order_id: 1–32 letters or digits, order_timestamp, checksum: 64 lowercase hex digits); ignored.`);
    }
    const want = createHash('sha256').update(p.data.order_id + p.data.order_timestamp + secret).digest();
    const got = Buffer.from(p.data.checksum, 'hex');
    if (got.length !== want.length || !timingSafeEqual(got, want)) return refuse(`The postback for order ${p.data.order_id} has a checksum that does not match; ignored (check the API secret).`);
    return ok(orderId(p.data.order_id));
  }

  /** Starts the delta tracker from stored fills, then replays updates held until now. */
  prime(entries: readonly FillPrime[]): void {
    for (const e of entries) {
      this.remember(e.clientOrderId, e.brokerOrderId, e.source);
      this.tracker.prime(e.brokerOrderId, e.filledQuantity, e.averagePrice, true);
    }
    const held = this.held;
    this.held = null;
    for (const raw of held ?? []) this.ingest(raw);
  }
}
