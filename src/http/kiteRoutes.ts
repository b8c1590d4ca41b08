/**
 * Kite Connect's two calls into the bot: the login redirect (GET /kite/callback?request_token=…&status=success&state=…,
 * the state being the one-time value /login put in Kite's `redirect_params`; without it 403 → the token is exchanged
 * and stored, the steps after a login run — in the bot, the readiness check that the admins get in the chat — and a
 * small HTML page answers) and order postbacks (POST /kite/postback: checksum verified, then the order's state read
 * from Kite — the postback is only a trigger; 400 when the checksum does not match). The postback URL must be
 * public, so its body is capped (`POSTBACK_BODY_LIMIT`, 413 beyond) and nothing a stranger sent is logged beyond a
 * clipped field.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Result } from '../core/result';
import { clip } from '../log/clip';
import type { Logger } from '../log/logger';

/**
 * Exchanges a request token for a session and stores it (brokers/kite session + KiteSessionManager.login), only with
 * the one-time `state` that /login put in the link (Kite's `redirect_params` bring it back on the redirect).
 */
export interface KiteLoginPort {
  completeLogin(requestToken: string, state: string | undefined): Promise<Result<{ readonly userId?: string; readonly userName?: string }, string>>;
}

/** Verifies a postback's checksum and applies what Kite's order history says (KiteBroker.handlePostback fits). */
export interface PostbackPort {
  handlePostback(body: unknown): Promise<Result<readonly unknown[], string>>;
}

/**
 * Largest postback body accepted, bytes. Kite's postback is one order as JSON (about 1.5 KB, see Kite Connect's
 * postback docs); 16 KB leaves room for long status messages and refuses a flood early (413).
 */
export const POSTBACK_BODY_LIMIT = 16 * 1024;

export interface KiteRoutesOptions {
  readonly login?: KiteLoginPort;
  readonly postbacks?: PostbackPort;
  readonly logger: Logger;
}

const callbackQuery = z.object({
  request_token: z.string().trim().min(1).max(200).optional(),
  status: z.string().max(50).optional(),
  state: z.string().max(100).optional(),
});

const escapeHtml = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

export function page(title: string, message: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem;line-height:1.5}</style></head>
<body><h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p></body></html>`;
}

export function registerKiteRoutes(app: FastifyInstance, o: KiteRoutesOptions): void {
  const log = o.logger.child({ component: 'http', route: 'kite' });
  const html = (code: number, title: string, message: string) => ({ code, body: page(title, message) });

  app.get('/kite/callback', async (request, reply) => {
    const answer = await (async () => {
      if (!o.login) return html(503, 'Kite login is off', 'This bot has no Kite API key configured; set KITE_API_KEY and KITE_API_SECRET, restart, then use /login.');
      const q = callbackQuery.safeParse(request.query);
      if (!q.success || q.data.status !== 'success' || !q.data.request_token) {
        const status = q.success ? (q.data.status ?? 'missing') : 'unreadable';
        log.warn({ status: clip(status, 50) }, 'Kite login redirect without success');
        return html(400, 'Kite login not completed', `Kite did not report a successful login (status: ${status}); start again with /login in the chat.`);
      }
      if (!q.data.state) {
        log.warn({}, 'Kite login redirect without the state /login gives; refused');
        return html(403, 'Kite login refused', 'This login was not started from /login in the chat; send /login there and use the link it gives.');
      }
      const r = await o.login.completeLogin(q.data.request_token, q.data.state);
      if (!r.ok) {
        log.warn({ reason: clip(r.error, 300) }, 'Kite token exchange failed');
        return html(502, 'Kite login failed', r.error);
      }
      const who = r.value.userName ?? r.value.userId;
      log.info({ userId: r.value.userId }, 'Kite session stored');
      return html(200, 'Kite login complete', `Logged in to Kite${who ? ` as ${who}` : ''}. The readiness check (profile, margins, instruments, ticker) is in the chat; you can close this page.`);
    })();
    return reply.code(answer.code).type('text/html; charset=utf-8').send(answer.body);
  });

  app.post('/kite/postback', { bodyLimit: POSTBACK_BODY_LIMIT }, async (request, reply) => {
    if (!o.postbacks) return reply.code(503).send({ error: 'Postbacks are not enabled on this bot; configure Kite in live mode.' });
    const r = await o.postbacks.handlePostback(request.body);
    if (!r.ok) {
      log.warn({ reason: clip(r.error, 300) }, 'postback refused');
      return reply.code(400).send({ error: clip(r.error, 300) });
    }
    return reply.code(200).send({ ok: true, updates: r.value.length });
  });
}
