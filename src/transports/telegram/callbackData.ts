/**
 * Callback data for approval buttons: `a:<approval id>:<version>:<action>:<mac>` in at most 64 bytes.
 * The MAC is HMAC-SHA256 (truncated to 96 bits, base64url) over the approval id, the approval version the card
 * showed, the action and the Telegram user id the card was sent to, with a key derived from ENCRYPTION_KEY (or a
 * configured secret). So a button cannot be forged, cannot be used by someone it was not sent to, and goes stale
 * as soon as the approval changes (a replayed ½× from an older card changes nothing).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const CALLBACK_DATA_LIMIT = 64;
export const APPROVAL_ACTIONS = { approve: 'y', reject: 'n', half: 'h', double: 'd', limit: 'l' } as const;
export type ApprovalAction = keyof typeof APPROVAL_ACTIONS;
const BY_CODE = new Map<string, ApprovalAction>(Object.entries(APPROVAL_ACTIONS).map(([k, v]) => [v, k as ApprovalAction]));

export interface ApprovalButton {
  readonly approvalId: string;
  readonly version: number;
  readonly action: ApprovalAction;
  /** The Telegram user the card was sent to. */
  readonly recipient: number;
}

/** Derives the callback signing key from a master secret (ENCRYPTION_KEY or TELEGRAM callback secret). */
export const callbackKey = (secret: Uint8Array | string): Buffer => createHmac('sha256', secret).update('autoppm/telegram/callback-data/v1').digest();

const ID = /^[A-Za-z0-9_.-]{1,32}$/;

function mac(key: Buffer, b: ApprovalButton): string {
  return createHmac('sha256', key).update(`${b.approvalId}|${b.version}|${APPROVAL_ACTIONS[b.action]}|${b.recipient}`).digest().subarray(0, 12).toString('base64url');
}

export function signApprovalButton(key: Buffer, b: ApprovalButton): string {
  if (!ID.test(b.approvalId)) throw new Error(`approval id ${JSON.stringify(b.approvalId)} cannot be put in callback data`);
  const data = `a:${b.approvalId}:${b.version.toString(36)}:${APPROVAL_ACTIONS[b.action]}:${mac(key, b)}`;
  if (Buffer.byteLength(data) > CALLBACK_DATA_LIMIT) throw new Error('approval callback data longer than 64 bytes');
  return data;
}

export type ButtonCheck =
  | { readonly ok: true; readonly button: ApprovalButton }
  | { readonly ok: false; readonly reason: 'malformed' | 'forged' | 'other-user'; readonly approvalId?: string };

/**
 * Reads and checks approval callback data pressed by `presser`. A MAC that verifies for another recipient is
 * "other-user" (a card forwarded or shown to someone else); a MAC that verifies for nobody is "forged".
 */
export function verifyApprovalButton(key: Buffer, data: string, presser: number, recipients: readonly number[]): ButtonCheck {
  const m = /^a:([A-Za-z0-9_.-]{1,32}):([0-9a-z]{1,8}):([a-z]):([A-Za-z0-9_-]{16})$/.exec(data);
  const action = m ? BY_CODE.get(m[3]!) : undefined;
  if (!m || !action) return { ok: false, reason: 'malformed' };
  const approvalId = m[1]!;
  const version = parseInt(m[2]!, 36);
  const given = Buffer.from(m[4]!, 'base64url');
  const matches = (recipient: number): boolean => {
    const want = Buffer.from(mac(key, { approvalId, version, action, recipient }), 'base64url');
    return want.length === given.length && timingSafeEqual(want, given);
  };
  if (matches(presser)) return { ok: true, button: { approvalId, version, action, recipient: presser } };
  if (recipients.some((r) => r !== presser && matches(r))) return { ok: false, reason: 'other-user', approvalId };
  return { ok: false, reason: 'forged', approvalId };
}
