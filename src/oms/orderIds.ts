/**
 * Order ids: one id per order, the same in the approval card, the fill notice, /orders, /order, REST, the logs and
 * Kite's `tag` (1–20 letters or digits). The live mint gives 8 lowercase characters from an alphabet without look-
 * alikes (no 0/o, 1/l/i), typeable on a phone: the time in seconds times 961 plus a per-second sequence, in base 31 —
 * increasing, and resumed after the greatest id stored at a start, so never repeated across restarts of one bot (a
 * burst of more than 961 orders in a second borrows from the next second). Batch approvals take their ids from the
 * same mint (`b` + id). Backtests and tests use a sequential mint.
 */
import type { Clock } from '../core/clock';
import { clientOrderId, type ClientOrderId } from '../core/ids';
import type { OrderIdMint } from './pipelinePorts';

const ALPHABET = '23456789abcdefghjkmnpqrstuvwxyz';
const BASE = ALPHABET.length;
const PER_SECOND = BASE * BASE;
/** 2025-01-01T00:00:00Z: ids count seconds from here (8 base-31 digits last until the 2050s). */
const EPOCH_S = 1_735_689_600;
const LENGTH = 8;

/** Whether `s` has the shape of a minted order id (a quick check for commands that take ids). */
export const ORDER_ID_PATTERN = /^[a-z0-9]{1,20}$/i;
/** Exactly what `LiveOrderIds` mints: 8 characters of its alphabet (their text order is their number's order). */
export const MINTED_ID_PATTERN = /^[2-9a-hjkmnp-z]{8}$/;

/** The number a minted id encodes, or undefined for any other id. */
export function mintedNumber(id: string): number | undefined {
  if (!MINTED_ID_PATTERN.test(id)) return undefined;
  let n = 0;
  for (const ch of id) n = n * BASE + ALPHABET.indexOf(ch);
  return n;
}

export class LiveOrderIds implements OrderIdMint {
  private last = -1;

  constructor(private readonly clock: Clock) {}

  /**
   * A start: minting continues after `id`, the greatest this bot minted before (a restart within the same second,
   * or after a burst that borrowed from later seconds, repeats nothing). Other ids are ignored.
   */
  resumeAfter(id: string | undefined): void {
    const n = id === undefined ? undefined : mintedNumber(id);
    if (n !== undefined && n > this.last) this.last = n;
  }

  next(): ClientOrderId {
    const seconds = Math.max(0, Math.floor(this.clock.now() / 1000) - EPOCH_S);
    const n = Math.max(seconds * PER_SECOND, this.last + 1);
    this.last = n;
    let x = n;
    let out = '';
    for (let k = 0; k < LENGTH; k++) {
      out = ALPHABET[x % BASE]! + out;
      x = Math.floor(x / BASE);
    }
    return clientOrderId(out);
  }
}

/** `prefix` + 1, 2, 3 … (backtests: cheap and deterministic). */
export class SequentialOrderIds implements OrderIdMint {
  private n = 0;

  constructor(private readonly prefix = 'o') {}

  next(): ClientOrderId {
    return clientOrderId(this.prefix + ++this.n);
  }
}
