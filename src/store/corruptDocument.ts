/**
 * A stored document that does not read back as the type it holds (hand-edited, or written by an incompatible
 * version). Store mappers parse what they read with zod and refuse such a document with this error, naming the
 * document and the first field that is wrong, rather than hand back a silently wrong object.
 */
import type { z } from 'zod';

export class CorruptDocumentError extends Error {
  override readonly name: string = 'CorruptDocumentError';
}

/** `what` (e.g. `order X in orders`) and the first problem zod found, as one readable phrase. */
export function unreadable(what: string, error: z.ZodError): string {
  const issue = error.issues[0];
  return `${what} is unreadable: ${issue ? `${issue.path.join('.') || '(document)'}: ${issue.message}` : error.message}`;
}
