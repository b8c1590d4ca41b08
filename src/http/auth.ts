/**
 * Bearer-token protection for the REST API: `Authorization: Bearer <API_TOKEN>`, compared in constant time
 * (both sides hashed to 32 bytes first, so neither the length nor the content leaks through timing).
 */
import { createHash, timingSafeEqual } from 'node:crypto';

const digest = (s: string): Buffer => createHash('sha256').update(s, 'utf8').digest();

/** True when `header` is `Bearer <token>` for exactly `token`. */
export function bearerMatches(header: string | undefined, token: string): boolean {
  const m = /^Bearer[ ]+(\S+)\s*$/i.exec(header ?? '');
  const given = digest(m?.[1] ?? '');
  const same = timingSafeEqual(given, digest(token));
  return m !== null && same;
}

export const UNAUTHORIZED_MESSAGE = 'Missing or wrong API token; send the header "Authorization: Bearer <API_TOKEN>".';
