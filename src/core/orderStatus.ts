import { err, ok, type Result } from './result';

/**
 * Order lifecycle (DESIGN.md, after NautilusTrader): an explicit transition table. Anything not in
 * the table is an illegal transition and comes back as an error value. CANCELLED → PARTIALLY_FILLED
 * / FILLED is allowed on purpose: a fill can cross a cancel at the exchange and arrive late.
 *
 * UNKNOWN: the placement went out but its outcome is not known — the broker never answered and its order book
 * did not show the order's tag for as long as the broker may take to place one. The order may or may not exist
 * at the broker, so it is never sent again: its shares stay booked as working (no cash or holdings are promised
 * twice), the risk engine refuses new orders for its symbol, and an admin decides (`/resolve <id> check` looks
 * the tag up again; `/resolve <id> giveup` ends it CANCELLED when the broker still does not show it). Any word
 * from the broker (an acknowledgement, a fill, a rejection, found in the book) moves it on like a SUBMITTED order.
 */
export const ORDER_STATUSES = [
  'PENDING_APPROVAL',
  'APPROVED',
  'SUBMITTED',
  'OPEN',
  'PARTIALLY_FILLED',
  'FILLED',
  'REJECTED',
  'CANCELLED',
  'EXPIRED',
  'DENIED',
  'UNKNOWN',
] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

const TRANSITIONS: Readonly<Record<OrderStatus, readonly OrderStatus[]>> = {
  PENDING_APPROVAL: ['APPROVED', 'EXPIRED', 'DENIED', 'CANCELLED'],
  APPROVED: ['SUBMITTED', 'DENIED', 'CANCELLED'],
  SUBMITTED: ['OPEN', 'PARTIALLY_FILLED', 'FILLED', 'REJECTED', 'CANCELLED', 'UNKNOWN'],
  UNKNOWN: ['OPEN', 'PARTIALLY_FILLED', 'FILLED', 'REJECTED', 'CANCELLED'],
  OPEN: ['PARTIALLY_FILLED', 'FILLED', 'CANCELLED', 'REJECTED', 'EXPIRED'],
  PARTIALLY_FILLED: ['PARTIALLY_FILLED', 'FILLED', 'CANCELLED', 'EXPIRED'],
  FILLED: [],
  REJECTED: [],
  CANCELLED: ['PARTIALLY_FILLED', 'FILLED'],
  EXPIRED: [],
  DENIED: [],
};

export interface IllegalTransition {
  readonly kind: 'illegal-transition';
  readonly from: OrderStatus;
  readonly to: OrderStatus;
  readonly message: string;
}

/** Whether the table allows `from → to` (a switch, not a keyed lookup: it runs for every fill). */
export function canTransition(from: OrderStatus, to: OrderStatus): boolean {
  switch (from) {
    case 'SUBMITTED':
      return to === 'OPEN' || to === 'FILLED' || to === 'PARTIALLY_FILLED' || to === 'REJECTED' || to === 'CANCELLED' || to === 'UNKNOWN';
    case 'UNKNOWN':
      return to === 'OPEN' || to === 'FILLED' || to === 'PARTIALLY_FILLED' || to === 'REJECTED' || to === 'CANCELLED';
    case 'OPEN':
      return to === 'FILLED' || to === 'PARTIALLY_FILLED' || to === 'CANCELLED' || to === 'REJECTED' || to === 'EXPIRED';
    case 'PARTIALLY_FILLED':
      return to === 'PARTIALLY_FILLED' || to === 'FILLED' || to === 'CANCELLED' || to === 'EXPIRED';
    case 'CANCELLED':
      return to === 'PARTIALLY_FILLED' || to === 'FILLED';
    case 'PENDING_APPROVAL':
      return to === 'APPROVED' || to === 'EXPIRED' || to === 'DENIED' || to === 'CANCELLED';
    case 'APPROVED':
      return to === 'SUBMITTED' || to === 'DENIED' || to === 'CANCELLED';
    default:
      return false;
  }
}

/** The table as data (for documentation, listings and tests). */
export function allowedTransitions(from: OrderStatus): readonly OrderStatus[] {
  return TRANSITIONS[from];
}

/** The next status, or an error value naming the illegal move. */
export function transition(from: OrderStatus, to: OrderStatus): Result<OrderStatus, IllegalTransition> {
  if (canTransition(from, to)) return ok(to);
  return err({ kind: 'illegal-transition', from, to, message: `An order cannot go from ${from} to ${to}.` });
}

/** Statuses after which no further update is expected in the normal course. */
export function isTerminal(s: OrderStatus): boolean {
  return s === 'FILLED' || s === 'REJECTED' || s === 'EXPIRED' || s === 'DENIED' || s === 'CANCELLED';
}

/** Statuses of an order not finished yet: waiting for a person, about to go out, at the broker, or UNKNOWN there. */
export const OPEN_ORDER_STATUSES = ['PENDING_APPROVAL', 'APPROVED', 'SUBMITTED', 'UNKNOWN', 'OPEN', 'PARTIALLY_FILLED'] as const satisfies readonly OrderStatus[];

/** Statuses in which the order may still (or again) fill (an UNKNOWN order may exist at the broker). */
export function isWorking(s: OrderStatus): boolean {
  return s === 'SUBMITTED' || s === 'OPEN' || s === 'PARTIALLY_FILLED' || s === 'UNKNOWN';
}
