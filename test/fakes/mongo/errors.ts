/** Command failures answered as `{ok: 0, errmsg, code, codeName, ...extra}`, as MongoDB does. */
import type { Document } from 'bson';

export class CommandError extends Error {
  constructor(
    readonly code: number,
    readonly codeName: string,
    message: string,
    readonly extra: Document = {},
  ) {
    super(message);
  }

  toReply(): Document {
    return { ok: 0, errmsg: this.message, code: this.code, codeName: this.codeName, ...this.extra };
  }
}

export const badValue = (message: string): CommandError => new CommandError(2, 'BadValue', message);
export const failedToParse = (message: string): CommandError => new CommandError(9, 'FailedToParse', message);
export const typeMismatch = (message: string): CommandError => new CommandError(14, 'TypeMismatch', message);
export const namespaceNotFound = (message: string): CommandError => new CommandError(26, 'NamespaceNotFound', message);
