/** API key, secret and access tokens of the fake's one Kite Connect app and user. */
import { createHash, randomBytes } from 'node:crypto';
import { err, ok, type Result } from '../../../src/core/result';

export interface FakeUser {
  readonly user_id: string;
  readonly user_name: string;
  readonly user_shortname: string;
  readonly email: string;
}

export interface SessionInfo {
  readonly apiKey: string;
  readonly accessToken: string;
  readonly publicToken: string;
  readonly loginTime: number;
}

export const sha256Hex = (text: string): string => createHash('sha256').update(text).digest('hex');

const randomToken = (): string => randomBytes(16).toString('hex');

export class SessionStore {
  private readonly requestTokens = new Set<string>();
  private readonly sessions = new Map<string, SessionInfo>();
  private readonly expired = new Set<string>();

  constructor(
    readonly apiKey: string,
    readonly apiSecret: string,
    readonly user: FakeUser,
  ) {}

  /** What Kite's login redirect would hand the app: a single-use request token. */
  issueRequestToken(): string {
    const token = randomToken();
    this.requestTokens.add(token);
    return token;
  }

  /** Registers an access token as valid (as if a login had happened earlier). */
  addAccessToken(accessToken: string, now: number): SessionInfo {
    const session = { apiKey: this.apiKey, accessToken, publicToken: randomToken(), loginTime: now };
    this.sessions.set(accessToken, session);
    this.expired.delete(accessToken);
    return session;
  }

  /** POST /session/token: checksum = sha256(api_key + request_token + api_secret). */
  exchange(apiKey: string, requestToken: string, checksum: string, now: number): Result<SessionInfo, string> {
    if (apiKey !== this.apiKey) return err('Invalid `api_key`.');
    if (!this.requestTokens.has(requestToken)) return err('Token is invalid or has expired.');
    if (checksum !== sha256Hex(apiKey + requestToken + this.apiSecret)) return err('Invalid `checksum`.');
    this.requestTokens.delete(requestToken);
    return ok(this.addAccessToken(randomToken(), now));
  }

  /** The session of `Authorization: token api_key:access_token`, or null. */
  fromAuthorization(header: string | undefined): SessionInfo | null {
    const m = /^token ([^:\s]+):(\S+)$/.exec(header ?? '');
    return m ? this.validate(m[1]!, m[2]!) : null;
  }

  validate(apiKey: string, accessToken: string): SessionInfo | null {
    if (apiKey !== this.apiKey || this.expired.has(accessToken)) return null;
    return this.sessions.get(accessToken) ?? null;
  }

  /** Makes one token (or every token) answer TokenException from now on, like the 06:00 IST expiry. */
  expire(accessToken?: string): void {
    for (const t of accessToken === undefined ? [...this.sessions.keys()] : [accessToken]) this.expired.add(t);
  }

  invalidate(accessToken: string): boolean {
    return this.sessions.delete(accessToken);
  }
}
