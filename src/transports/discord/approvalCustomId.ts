/**
 * The custom_id of an approval button: `ap1.<action>.<approval id>.<price in paise>.<mac>` in at most 100 characters,
 * where mac is an HMAC-SHA256 (first 16 bytes, base64url) over the channel, action, id and price. A click is
 * acted on only when the mac matches for the channel it came from, so nobody can make up a button (another
 * id, another price, a 2× on a card that offered ½×) or carry one to another channel. Replays of a real
 * button are harmless: the approval service decides each approval once.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { err, ok, type Result } from '../../core/result';

export const BUTTON_ACTIONS = ['approve', 'reject', 'half', 'double', 'limit'] as const;
export type ButtonAction = (typeof BUTTON_ACTIONS)[number];

const CODE: Readonly<Record<ButtonAction, string>> = { approve: 'a', reject: 'r', half: 'h', double: 'd', limit: 'l' };
const ACTION_OF: Readonly<Record<string, ButtonAction>> = { a: 'approve', r: 'reject', h: 'half', d: 'double', l: 'limit' };

const PREFIX = 'ap1';
const MAX_CUSTOM_ID = 100;
const MAC_BYTES = 16;
/** Approval ids are what the OMS makes (letters, digits, - and _); '.' separates the parts. */
const ID_PATTERN = /^[A-Za-z0-9_-]{1,60}$/;

export interface ButtonClaim {
  readonly action: ButtonAction;
  readonly approvalId: string;
  /** The limit price shown on the button (limit only). */
  readonly price?: number;
}

export class ApprovalButtonCodec {
  constructor(private readonly key: Uint8Array) {
    if (key.byteLength < 16) throw new Error('the approval button key must have at least 16 bytes');
  }

  /** The custom_id for `claim` on a card in `channelId`; an error when the id cannot be carried. */
  encode(channelId: string, claim: ButtonClaim): Result<string, string> {
    if (!ID_PATTERN.test(claim.approvalId)) return err(`approval id ${JSON.stringify(claim.approvalId.slice(0, 80))} cannot be put on a button`);
    const price = claim.action === 'limit' ? priceText(claim.price) : '';
    if (claim.action === 'limit' && price === '') return err('a limit button needs a positive price');
    const body = `${PREFIX}.${CODE[claim.action]}.${claim.approvalId}.${price}`;
    const id = `${body}.${this.mac(channelId, body)}`;
    return id.length <= MAX_CUSTOM_ID ? ok(id) : err('the approval id is too long for a button');
  }

  /** True when the custom_id is one of ours by its shape (it may still be forged). */
  static isApprovalButton(customId: string): boolean {
    return customId.startsWith(`${PREFIX}.`);
  }

  /** The claim of a genuine button clicked in `channelId`, or why it is not one. */
  decode(channelId: string, customId: string): Result<ButtonClaim, string> {
    const parts = customId.split('.');
    if (customId.length > MAX_CUSTOM_ID || parts.length !== 5 || parts[0] !== PREFIX) return err('This button is not an AutoPPM approval button; nothing was changed.');
    const [, code, approvalId, paise, mac] = parts as [string, string, string, string, string];
    const body = parts.slice(0, 4).join('.');
    // compared as text: base64 decoding ignores the last character's spare bits, the string does not
    const expected = Buffer.from(this.mac(channelId, body), 'utf8');
    const given = Buffer.from(mac, 'utf8');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      return err('This button failed its authenticity check (forged, altered or from another channel); nothing was changed — use /pending to see what waits.');
    }
    const action = ACTION_OF[code];
    if (!action || !ID_PATTERN.test(approvalId)) return err('This button is malformed; nothing was changed.');
    if (action !== 'limit') return ok({ action, approvalId });
    const price = /^[1-9][0-9]{0,11}$/.test(paise) ? Number(paise) / 100 : NaN;
    return price > 0 ? ok({ action, approvalId, price }) : err('This button carries no valid price; nothing was changed.');
  }

  private mac(channelId: string, body: string): string {
    return createHmac('sha256', this.key).update(`${channelId}|${body}`).digest().subarray(0, MAC_BYTES).toString('base64url');
  }
}

/** The price in whole paise (1234.55 → "123455"); prices are on a tick grid of at least a paisa. */
function priceText(price: number | undefined): string {
  if (price === undefined || !Number.isFinite(price) || price <= 0) return '';
  const paise = Math.round(price * 100);
  return paise > 0 && paise < 1e12 ? String(paise) : '';
}
