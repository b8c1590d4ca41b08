import { err, ok, type Result } from './result';

/**
 * Order lifecycle (DESIGN.md, after NautilusTrader): an explicit transition table. Anything not in
 * the table is an illegal transition and comes back as an error value. CANCELLED → PARTIALLY_FILLED
 * / FILLED is allowed on purpose: a fill can cross a cancel at the exchange and arrive late.
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
] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

const TRANSITIONS: Readonly<Record<OrderStatus, readonly OrderStatus[]>> = {
  PENDING_APPROVAL: ['APPROVED', 'EXPIRED', 'DENIED', 'CANCELLED'],
  APPROVED: ['SUBMITTED', 'DENIED', 'CANCELLED'],
  SUBMITTED: ['OPEN', 'PARTIALLY_FILLED', 'FILLED', 'REJECTED', 'CANCELLED'],
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

export function canTransition(from: OrderStatus, to: OrderStatus): boolean {
  return TRANSITIONS[from].includes(to);
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

/** Statuses in which the order may still (or again) fill. */
export function isWorking(s: OrderStatus): boolean {
  return s === 'SUBMITTED' || s === 'OPEN' || s === 'PARTIALLY_FILLED';
}
