/**
 * The Kite access token at rest: AES-256-GCM (node:crypto) under ENCRYPTION_KEY (32 bytes, hex or base64), with
 * the instant it stops being valid — 06:00 IST on the day after login (Kite's daily expiry).
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { z } from 'zod';
import { err, ok, type Result } from '../../core/result';

const IST_OFFSET_MS = 5.5 * 3_600_000;

/** The next 06:00 IST strictly after `loginTime` (epoch ms). */
export function kiteTokenExpiry(loginTime: number): number {
  const ist = loginTime + IST_OFFSET_MS;
  const day = Math.floor(ist / 86_400_000) * 86_400_000;
  const six = day + 6 * 3_600_000;
  return (ist < six ? six : six + 86_400_000) - IST_OFFSET_MS;
}

export function parseEncryptionKey(raw: string): Result<Buffer, string> {
  const s = raw.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(s) ? Buffer.from(s, 'hex') : Buffer.from(s, 'base64');
  return key.length === 32 ? ok(key) : err('ENCRYPTION_KEY must be 32 bytes as 64 hex characters or base64; generate one with `openssl rand -hex 32`.');
}

export const storedTokenSchema = z.object({ iv: z.string(), tag: z.string(), data: z.string(), expiresAt: z.number() });
export type StoredToken = z.infer<typeof storedTokenSchema>;

export function sealToken(accessToken: string, key: Buffer, loginTime: number): StoredToken {
  const iv = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', key, iv);
  const data = Buffer.concat([c.update(accessToken, 'utf8'), c.final()]);
  return { iv: iv.toString('base64'), tag: c.getAuthTag().toString('base64'), data: data.toString('base64'), expiresAt: kiteTokenExpiry(loginTime) };
}

/** The token, or why it cannot be used (expired, wrong key, tampered). */
export function openToken(stored: unknown, key: Buffer, now: number): Result<string, string> {
  const s = storedTokenSchema.safeParse(stored);
  if (!s.success) return err('The stored Kite session is unreadable; log in to Kite again.');
  if (now >= s.data.expiresAt) return err('The Kite session expired at 06:00 IST; log in to Kite again.');
  try {
    const d = createDecipheriv('aes-256-gcm', key, Buffer.from(s.data.iv, 'base64'));
    d.setAuthTag(Buffer.from(s.data.tag, 'base64'));
    return ok(Buffer.concat([d.update(Buffer.from(s.data.data, 'base64')), d.final()]).toString('utf8'));
  } catch {
    return err('The stored Kite session cannot be decrypted with this ENCRYPTION_KEY; log in to Kite again.');
  }
}

/** A usable Kite session as the session repository gives it back (decrypted in memory only). */
export interface KiteSession {
  readonly accessToken: string;
  readonly userId?: string;
  readonly loginAt: number;
  readonly expiresAt: number;
}

/**
 * Where the session lives between restarts (src/store/session implements it on MongoDB). Implementations
 * encrypt the token with `sealToken` before it leaves the process and decrypt with `openToken`: the plain token
 * is never written anywhere.
 */
export interface KiteSessionRepository {
  save(accessToken: string, loginAt: number, userId?: string): Promise<KiteSession>;
  /** The stored session, or why there is none usable (none stored, expired at 06:00 IST, wrong key). */
  load(now: number): Promise<Result<KiteSession, string>>;
  clear(): Promise<void>;
}
