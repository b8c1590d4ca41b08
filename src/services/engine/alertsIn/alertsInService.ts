/**
 * Incoming alerts → orders, on the one road (issue 19). For each delivery, in this order:
 *
 *  1. the source and its secret (the path's or the header's, else the JSON body's), compared in constant time —
 *     an unknown source and a wrong secret look alike: `unauthorized`, nothing stored;
 *  2. the source's rate (ALERT_RATE_PER_MINUTE, or its own `perMinute`): beyond it `rate-limited` and an admin
 *     notice (one per source and cause every few minutes, counting the ones held back);
 *  3. the payload (TradingView JSON, ChartInk's scan, a text line; alertPayloads.ts): not understood → `invalid` with
 *     the reason, stored for /alerts_in, and an admin notice (rate-limited the same way);
 *  4. a repeat — the same id, or the same content without one, within ALERT_DUPLICATE_WINDOW_SECONDS — places
 *     nothing and answers `duplicate` (TradingView resends on timeouts); the check reads the stored alerts, so it
 *     holds across a restart, and one source's alerts are handled one after another;
 *  5. the alert is stored first (nothing lost on a crash), then each order it asks for is sized (alertOrders.ts),
 *     the risk engine reads what it needs (`prepare`) and the order is submitted to the OrderPipeline — the risk
 *     gate, then approval by the source's policy (`always`: a card; `policy`: the mode's policy; `below:N`: no card
 *     under ₹N when the mode's policy agrees), the OMS and the broker. Several orders waiting for a person (a ChartInk
 *     scan) share one batch card. What became of each is stored with the alert.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { AlertSourceConfig } from '../../../config/types';
import type { Clock } from '../../../core/clock';
import type { DomainEvent } from '../../../core/events';
import type { ClientOrderId } from '../../../core/ids';
import type { Order } from '../../../core/order';
import type { Result } from '../../../core/result';
import { clip } from '../../../log/clip';
import type { OrderDraft, Refusal, SubmitOptions } from '../../../oms/orderPipeline';
import type { PendingLine } from '../../../oms/pipelinePorts';
import { OrderRateLimiter } from '../../../oms/rateLimiter';
import type { AlertDelivery, AlertOrderView, AlertReceipt, AlertsInService, AlertView } from '../../api/alertsIn';
import type { AlertInbox, InboundAlert } from '../../../core/ports/alertInbox';
import { alertOrder, type AlertMarket } from './alertOrders';
import { bodySecret, parseAlert, type ParsedAlert } from './alertPayloads';

/** What the alerts need of the order pipeline (OrderPipeline has it). */
export interface AlertOrders {
  submit(draft: OrderDraft, opts: SubmitOptions): Result<Order, Refusal>;
  pendingLine(order: Order, opts: SubmitOptions): PendingLine;
  openBatch(lines: readonly PendingLine[]): string | undefined;
  prepare(symbols: Iterable<string>): Promise<void>;
}

export interface AlertsInOptions {
  readonly sources: readonly AlertSourceConfig[];
  /** Alerts a minute per source unless the source sets its own. */
  readonly perMinute: number;
  readonly duplicateWindowMs: number;
  readonly inbox: AlertInbox;
  readonly orders: AlertOrders;
  /** An order's state now (the pipeline's, else the stored one), for /alerts_in. */
  readonly order: (id: ClientOrderId) => Promise<Order | undefined>;
  readonly market: AlertMarket;
  readonly clock: Clock;
  /** The one event bus: admin notices go out as `alert` events (notifications, /alerts). */
  readonly emit: (e: DomainEvent) => void;
  /** At most one notice per source and cause within this time (default 5 minutes). */
  readonly noticeEveryMs?: number;
}

const digest = (s: string): Buffer => createHash('sha256').update(s, 'utf8').digest();
/** Compared whatever the source: an unknown source costs what a known one does. */
const NO_SECRET = digest(randomBytes(32).toString('hex'));

/** True when `given` is exactly `expected`; constant time (both hashed to 32 bytes first, so neither length nor content leaks). */
export function secretMatches(given: string | undefined, expected: Buffer): boolean {
  const same = timingSafeEqual(digest(given ?? ''), expected);
  return given !== undefined && same;
}

interface Source {
  readonly config: AlertSourceConfig;
  readonly secret: Buffer;
  readonly limiter: OrderRateLimiter;
  /** One alert of this source at a time (the duplicate check, then the orders). */
  tail: Promise<unknown>;
}

type Notice = 'invalid' | 'rate';

export function alertsInService(o: AlertsInOptions): AlertsInService {
  const sources = new Map<string, Source>(
    o.sources.map((config) => [
      config.name,
      {
        config,
        secret: digest(config.secret),
        limiter: new OrderRateLimiter({ clock: o.clock, windows: [{ limit: config.perMinute ?? o.perMinute, windowMs: 60_000 }], marginMs: 0 }),
        tail: Promise.resolve(),
      },
    ]),
  );
  const noticeEvery = o.noticeEveryMs ?? 5 * 60_000;
  const notices = new Map<string, { at: number; held: number }>();
  const newId = (): string => randomBytes(4).toString('hex');

  /** An admin notice, at most one per source and cause within `noticeEvery` (the next one counts those held back). */
  const notice = (source: string, cause: Notice, message: string): void => {
    const now = o.clock.now();
    const key = `${source}:${cause}`;
    const last = notices.get(key);
    if (last && now - last.at < noticeEvery) {
      last.held++;
      return;
    }
    const held = last?.held ?? 0;
    notices.set(key, { at: now, held: 0 });
    o.emit({ type: 'alert', level: 'warning', message: `${message}${held > 0 ? ` (${held} more like it since the last notice)` : ''}`, time: now });
  };

  const view = (a: InboundAlert): AlertView => {
    const { key: _key, ...v } = a;
    return v;
  };

  async function handle(s: Source, body: string, now: number): Promise<AlertReceipt> {
    const src = s.config;
    const parsed = parseAlert(body, { action: src.action });
    if (!parsed.ok) {
      await o.inbox.add({ id: newId(), source: src.name, receivedAt: now, status: 'invalid', message: parsed.error, orders: [] });
      notice(src.name, 'invalid', `An alert from ${src.name} was refused (400): ${parsed.error}`);
      return { kind: 'invalid', reason: parsed.error };
    }
    const alert = parsed.value;
    const key = alert.id !== undefined ? `id:${clip(alert.id, 100)}` : `sha:${alert.fingerprint}`;
    const first = await o.inbox.accepted(src.name, key, now - o.duplicateWindowMs);
    if (first) {
      const repeat: InboundAlert = { id: newId(), source: src.name, receivedAt: now, status: 'duplicate', format: alert.format, message: alert.message, repeatOf: first.id, orders: [] };
      await o.inbox.add(repeat);
      return { kind: 'duplicate', alert: view(repeat) };
    }
    // Stored before any order exists: a crash from here on leaves the alert (and its key) behind, never a second order.
    const stored: InboundAlert = { id: newId(), source: src.name, receivedAt: now, status: 'accepted', format: alert.format, message: alert.message, key, orders: [] };
    await o.inbox.add(stored);
    const orders = await place(src, alert, now);
    await o.inbox.settle(stored.id, orders);
    return { kind: 'accepted', alert: view({ ...stored, orders }) };
  }

  /** Each order through the pipeline; several waiting for a person share one card. */
  async function place(src: AlertSourceConfig, alert: ParsedAlert, now: number): Promise<AlertOrderView[]> {
    await o.orders.prepare(new Set(alert.orders.map((i) => i.symbol)));
    const out: AlertOrderView[] = [];
    const batch: PendingLine[] = [];
    const always = alert.orders.length > 1;
    for (const i of alert.orders) {
      const sized = await alertOrder(i, alert, src, o.market, now);
      if (!sized.ok) {
        out.push({ symbol: i.symbol, action: i.action, refused: sized.error });
        continue;
      }
      const { draft, sizingReason, signalPrice } = sized.value;
      const approval = approvalOf(src, draft.quantity * (draft.price ?? signalPrice ?? Number.NaN));
      const opts: SubmitOptions = { approval, sizingReason, ...(signalPrice !== undefined ? { signalPrice } : {}), ...(always && approval === 'always' ? { batch: true } : {}) };
      const r = o.orders.submit(draft, opts);
      const base = { symbol: i.symbol, action: i.action, side: draft.side, quantity: r.ok ? r.value.intent.quantity : draft.quantity };
      if (!r.ok) {
        out.push({ ...base, refused: r.error.message });
        continue;
      }
      if (opts.batch) batch.push(o.orders.pendingLine(r.value, opts));
      out.push({ ...base, orderId: r.value.intent.clientOrderId, status: r.value.status });
    }
    o.orders.openBatch(batch);
    return out;
  }

  return {
    async receive(d: AlertDelivery): Promise<AlertReceipt> {
      const s = sources.get(d.source);
      const given = d.secret ?? bodySecret(d.body);
      if (!secretMatches(given, s?.secret ?? NO_SECRET) || !s) return { kind: 'unauthorized' };
      const now = o.clock.now();
      const wait = s.limiter.delayAt(now);
      if (wait > 0) {
        const limit = s.config.perMinute ?? o.perMinute;
        const message = `Alert source ${s.config.name} sent more than ${limit} alerts in a minute; the rest are refused (429) until the minute has passed.`;
        notice(s.config.name, 'rate', message);
        return { kind: 'rate-limited', retryAfterSeconds: Math.max(1, Math.ceil(wait / 1000)), message };
      }
      s.limiter.record(now);
      const turn = s.tail.then(() => handle(s, d.body, now));
      s.tail = turn.catch(() => undefined);
      return turn;
    },

    async recent(q = {}): Promise<AlertView[]> {
      const list = await o.inbox.recent(q.limit ?? 20, q.source);
      return Promise.all(list.map(async (a) => ({ ...view(a), orders: await Promise.all(a.orders.map(async (x) => now(x))) })));
    },

    sources: () => [...sources.keys()],
  };

  /** An order line with its order's state now (a refusal or rejection after receipt says why). */
  async function now(x: AlertOrderView): Promise<AlertOrderView> {
    if (x.orderId === undefined) return x;
    const order = await o.order(x.orderId as ClientOrderId);
    if (!order) return x;
    const failed = order.status === 'DENIED' || order.status === 'REJECTED' || order.status === 'CANCELLED' || order.status === 'EXPIRED';
    return { ...x, quantity: order.intent.quantity, status: order.status, ...(failed && order.message ? { refused: order.message } : {}) };
  }
}

/** The approval an order of this source needs at value `value` (₹; NaN when no price is known: ask a person). */
function approvalOf(src: AlertSourceConfig, value: number): 'always' | 'policy' {
  const a = src.approval;
  if (a.kind === 'always') return 'always';
  if (a.kind === 'policy') return 'policy';
  return Number.isFinite(value) && value < a.rupees ? 'policy' : 'always';
}
