/**
 * The Telegram webhook's front door, before telegraf sees a request (issue 16): method, path and secret token are
 * checked first (403, as telegraf answers), then the body is read up to `WEBHOOK_BODY_LIMIT` (413 beyond), parsed,
 * and checked to be an update — a JSON object with a whole `update_id`. Anything else (`null`, an array, a number,
 * text that is not JSON) is the sender's mistake and answers 400; telegraf would have thrown on `null` and the
 * server answered 500. The parsed update is handed to telegraf's own handler as `req.body`.
 */
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';

/** Largest webhook body read, bytes. A Bot API update is one message or button press (a few KB). */
export const WEBHOOK_BODY_LIMIT = 256 * 1024;

type Handler<B> = (req: IncomingMessage & { body?: B }, res: ServerResponse, next?: () => void) => Promise<void>;

const updateSchema = z.looseObject({ update_id: z.number().int().nonnegative() });

const same = (a: string, b: string | undefined): boolean => {
  if (b === undefined) return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

function answer(res: ServerResponse, status: number, message?: string): void {
  if (res.headersSent || res.writableEnded) return;
  if (message === undefined) {
    res.writeHead(status).end();
    return;
  }
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: false, error: message }));
}

/** Reads the body, or null once it passes `limit` bytes (the rest is not read). */
async function readLimited(req: IncomingMessage, limit: number): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const b = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    size += b.length;
    if (size > limit) return null;
    chunks.push(b);
  }
  return Buffer.concat(chunks);
}

/** `B` is the update type telegraf's handler takes; the body is checked to be an update before it is handed on as one. */
export function guardedWebhook<B>(path: string, secret: string | undefined, inner: Handler<B>, limit = WEBHOOK_BODY_LIMIT): Handler<B> {
  return async (req, res) => {
    if (req.method !== 'POST' || req.url !== path || (secret !== undefined && !same(secret, headerOf(req)))) return answer(res, 403);
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) return answer(res, 413, 'the update is larger than a Bot API update can be');
    const raw = await readLimited(req, limit);
    if (raw === null) return answer(res, 413, 'the update is larger than a Bot API update can be');
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw.toString('utf8'));
    } catch {
      return answer(res, 400, 'the body is not JSON');
    }
    if (!updateSchema.safeParse(parsed).success) return answer(res, 400, 'the body is not a Bot API update (an object with a whole update_id)');
    req.body = parsed as B;
    await inner(req, res);
  };
}

function headerOf(req: IncomingMessage): string | undefined {
  const h = req.headers['x-telegram-bot-api-secret-token'];
  return Array.isArray(h) ? h[0] : h;
}
