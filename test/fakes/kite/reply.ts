/** Kite's reply envelope: every JSON reply is success {data} or error {message, error_type}; instruments are CSV. */
import type { ServerResponse } from 'node:http';

export type KiteErrorType =
  | 'TokenException'
  | 'UserException'
  | 'OrderException'
  | 'InputException'
  | 'MarginException'
  | 'HoldingException'
  | 'PermissionException'
  | 'NetworkException'
  | 'DataException'
  | 'GeneralException';

export type Reply =
  | { readonly kind: 'json'; readonly status: number; readonly data: unknown }
  | { readonly kind: 'error'; readonly status: number; readonly errorType: KiteErrorType; readonly message: string }
  | { readonly kind: 'csv'; readonly body: string };

export const success = (data: unknown): Reply => ({ kind: 'json', status: 200, data });

export const failure = (status: number, errorType: KiteErrorType, message: string): Reply => ({
  kind: 'error',
  status,
  errorType,
  message,
});

export const inputError = (message: string): Reply => failure(400, 'InputException', message);

export const tokenError = (message = 'Incorrect `api_key` or `access_token`.'): Reply =>
  failure(403, 'TokenException', message);

/** Kite answers an exceeded rate limit with HTTP 429 and this body. */
export const tooManyRequests = (): Reply => failure(429, 'NetworkException', 'Too many requests');

export const notFound = (): Reply => failure(404, 'GeneralException', 'Route not found');

/** Writes a reply with exactly the content types the kiteconnect client recognises. */
export function writeReply(res: ServerResponse, reply: Reply): void {
  if (reply.kind === 'csv') {
    res.writeHead(200, { 'Content-Type': 'text/csv' });
    res.end(reply.body);
    return;
  }
  const body =
    reply.kind === 'json'
      ? { status: 'success', data: reply.data }
      : { status: 'error', message: reply.message, error_type: reply.errorType, data: null };
  res.writeHead(reply.status, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(body));
}
