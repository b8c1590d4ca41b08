/**
 * The Kite session on MongoDB (`kite_sessions`, one document per API key): the access token sealed with
 * AES-256-GCM under ENCRYPTION_KEY (brokers/kite/kiteSession.ts), its 06:00 IST expiry, the user id and the
 * login instant. The plain token exists only in memory; a document that does not decrypt (another key,
 * tampering) or has expired reads back as "log in again".
 */
import { Schema, type Connection, type Model } from 'mongoose';
import { openToken, sealToken, type KiteSession, type KiteSessionRepository } from '../../brokers/kite/kiteSession';
import { err, ok, type Result } from '../../core/result';

interface SessionDoc {
  _id: string;
  iv: string;
  tag: string;
  data: string;
  expiresAt: number;
  loginAt: Date;
  userId?: string;
}

const sessionSchema = new Schema<SessionDoc>(
  {
    _id: { type: String, required: true },
    iv: { type: String, required: true },
    tag: { type: String, required: true },
    data: { type: String, required: true },
    expiresAt: { type: Number, required: true },
    loginAt: { type: Date, required: true },
    userId: { type: String, required: false },
  },
  { versionKey: false },
);

function sessionModel(connection: Connection): Model<SessionDoc> {
  return (connection.models.KiteSession as Model<SessionDoc> | undefined) ?? connection.model<SessionDoc>('KiteSession', sessionSchema, 'kite_sessions');
}

export class MongoSessionRepository implements KiteSessionRepository {
  private readonly model: Model<SessionDoc>;

  /** `key`: the 32-byte ENCRYPTION_KEY (parseEncryptionKey); `account`: the Kite API key the session belongs to. */
  constructor(
    connection: Connection,
    private readonly key: Buffer,
    private readonly account: string,
  ) {
    if (key.length !== 32) throw new RangeError('the session encryption key must be 32 bytes');
    this.model = sessionModel(connection);
  }

  async save(accessToken: string, loginAt: number, userId?: string): Promise<KiteSession> {
    const sealed = sealToken(accessToken, this.key, loginAt);
    const doc: SessionDoc = { _id: this.account, ...sealed, loginAt: new Date(loginAt), ...(userId !== undefined ? { userId } : {}) };
    await this.model.replaceOne({ _id: this.account }, doc, { upsert: true }).exec();
    return { accessToken, loginAt, expiresAt: sealed.expiresAt, ...(userId !== undefined ? { userId } : {}) };
  }

  async load(now: number): Promise<Result<KiteSession, string>> {
    const d = await this.model.findById(this.account).lean<SessionDoc>().exec();
    if (!d) return err('There is no stored Kite session; log in to Kite to start trading.');
    const token = openToken({ iv: d.iv, tag: d.tag, data: d.data, expiresAt: d.expiresAt }, this.key, now);
    if (!token.ok) return token;
    return ok({ accessToken: token.value, loginAt: new Date(d.loginAt).getTime(), expiresAt: d.expiresAt, ...(d.userId ? { userId: d.userId } : {}) });
  }

  async clear(): Promise<void> {
    await this.model.deleteOne({ _id: this.account }).exec();
  }
}
