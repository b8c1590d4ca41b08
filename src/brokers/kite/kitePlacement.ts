/**
 * One placement on Kite, never sent twice (issue 16). A 429 is Kite refusing the request, so it waits and is tried
 * again. Any other failure without Kite's word on the order — a timeout, a dropped connection, a 5xx — leaves its
 * outcome unknown: Kite may have placed it (a slow Kite places an order seconds after the client gave up). The order
 * is then looked up by its tag in Kite's order book, with backoff, for as long as Kite may take
 * (`PLACEMENT_LOOKUP_MS`); found, it is acknowledged; still missing, the answer is `unknown-outcome` and the OMS
 * marks the order UNKNOWN for an admin to resolve. A blind second placement would double the position.
 */
import type { BrokerError, OrderAck } from '../../core/broker';
import type { ClientOrderId, OrderId } from '../../core/ids';
import { err, ok, type Result } from '../../core/result';
import { findByClientId, type BrokerOrderSnapshot } from '../../oms/brokerOrders';
import { toBrokerError, type KiteFailure } from './kiteErrors';

/**
 * Waits before each order-book look-up after a placement without an answer: 0.5 s doubling to 30 s, 90.5 s in all.
 * Kite's order book shows an order its OMS has taken within a second or two; a placement Kite answers late (the
 * client's 7 s timeout passed) was seen placed up to about 15 s after it was sent (issue 16's fault run). The 90 s
 * bound is ours: several times the longest delay seen, short enough for an admin to hear of it while it matters.
 */
export const PLACEMENT_LOOKUP_MS: readonly number[] = [500, 1_000, 2_000, 4_000, 8_000, 15_000, 30_000, 30_000];

export interface PlacementPorts {
  /** Sends the placement once (kiteconnect `placeOrder`); resolves with Kite's order id or throws Kite's error. */
  readonly send: () => Promise<OrderId>;
  /** Counts and classifies a failure (a TokenException halts the session). */
  readonly fail: (e: unknown) => KiteFailure;
  readonly error: (f: KiteFailure) => BrokerError;
  /** Kite's order book now. */
  readonly orders: () => Promise<Result<readonly BrokerOrderSnapshot[], BrokerError>>;
  /** The Kite order id the update feed (ticker, postbacks) has already seen for this tag, if any. */
  readonly seen: () => OrderId | undefined;
  readonly sleep: (ms: number) => Promise<void>;
  /** Retries of a 429 and their backoff. */
  readonly rateRetries: number;
  readonly backoff: (n: number) => number;
  readonly lookupDelaysMs: readonly number[];
}

/** Places `id` once; an unknown outcome is reconciled by tag, never sent again. */
export async function placeOnce(id: ClientOrderId, p: PlacementPorts): Promise<Result<OrderAck, BrokerError>> {
  for (let rateRetries = 0; ; ) {
    try {
      return ok({ clientOrderId: id, brokerOrderId: await p.send() });
    } catch (e) {
      const f = p.fail(e);
      if (f.kind === 'token') return err(toBrokerError(f));
      if (f.kind === 'rejected' || f.kind === 'ip-not-whitelisted') return err(p.error(f));
      if (f.kind === 'rate-limited') {
        if (rateRetries++ >= p.rateRetries) return err(toBrokerError(f));
        await p.sleep(p.backoff(rateRetries));
        continue;
      }
      return lookUp(id, f, p);
    }
  }
}

async function lookUp(id: ClientOrderId, f: KiteFailure, p: PlacementPorts): Promise<Result<OrderAck, BrokerError>> {
  let lastProblem = `${f.errorType}: ${f.message}`;
  let looked = 0;
  for (const wait of p.lookupDelaysMs) {
    await p.sleep(wait);
    const seen = p.seen();
    if (seen !== undefined) return ok({ clientOrderId: id, brokerOrderId: seen });
    const book = await p.orders();
    if (!book.ok) {
      lastProblem = book.error.message;
      // Without a session the book cannot be read again; the order stays unknown.
      if (book.error.kind === 'session-expired') break;
      continue;
    }
    looked++;
    const found = findByClientId(book.value, id);
    if (found) return ok({ clientOrderId: id, brokerOrderId: found.brokerOrderId });
  }
  const seconds = Math.round(p.lookupDelaysMs.reduce((a, b) => a + b, 0) / 1000);
  return err({
    kind: 'unknown-outcome',
    message:
      `Kite did not answer the placement (${lastProblem.replace(/\.$/, '')}) and its order book did not show the order's tag ${id} ` +
      `in ${looked} look-up(s) over ${seconds} s, so Kite may or may not have it; it was not sent again.`,
  });
}
