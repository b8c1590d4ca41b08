/**
 * Idempotent client order ids. Every order gets one before anything leaves the process; it travels to
 * Kite in the order's `tag` (1–20 ASCII letters and digits), so after a timeout or a crash the order can be
 * found again in the broker's order book instead of being placed twice.
 *
 * Shape: prefix (≤ 4) + time in base 36 (8) + sequence (3) + random (≤ 5) = at most 20 characters.
 */
import { randomInt } from 'node:crypto';
import type { Clock } from '../core/clock';
import { clientOrderId, type ClientOrderId } from '../core/ids';

export const MAX_TAG_LENGTH = 20;
/** Whether `s` fits Kite's `tag` field (and so can be a client order id): 1–20 ASCII letters and digits. */
export function isValidTag(s: string): boolean {
  // A loop over the char codes rather than a regular expression: every order passes here (backtests included).
  const n = s.length;
  if (n < 1 || n > MAX_TAG_LENGTH) return false;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (!((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122))) return false;
  }
  return true;
}

export function parseClientOrderId(s: string): ClientOrderId | undefined {
  return isValidTag(s) ? clientOrderId(s) : undefined;
}

export interface ClientIdOptions {
  /** 1–4 letters/digits naming the process or mode (e.g. `lv`, `pp`). Default `ap`. */
  readonly prefix?: string;
  readonly clock: Clock;
  /** Random integer in [0, max): injectable for deterministic tests. */
  readonly random?: (max: number) => number;
}

export class ClientOrderIdFactory {
  private readonly prefix: string;
  private readonly random: (max: number) => number;
  private seq = 0;

  constructor(private readonly o: ClientIdOptions) {
    const prefix = o.prefix ?? 'ap';
    if (!/^[A-Za-z0-9]{1,4}$/.test(prefix)) throw new RangeError(`client id prefix must be 1–4 letters or digits, got "${prefix}"`);
    this.prefix = prefix;
    this.random = o.random ?? ((max) => randomInt(max));
  }

  next(): ClientOrderId {
    const time = Math.max(0, Math.floor(this.o.clock.now())).toString(36).padStart(8, '0').slice(-8);
    const seq = (this.seq++ % 46_656).toString(36).padStart(3, '0');
    const room = MAX_TAG_LENGTH - this.prefix.length - 11;
    const rand = this.random(36 ** room).toString(36).padStart(room, '0');
    return clientOrderId(`${this.prefix}${time}${seq}${rand}`);
  }
}
