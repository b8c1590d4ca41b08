/**
 * The HTTP request pipeline: log → fault → X-Kite-Version → auth → rate limit → route handler → reply.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Faults, FaultAction } from './faults';
import type { RateLimiter } from './rateLimiter';
import { failure, inputError, notFound, tokenError, tooManyRequests, writeReply, type KiteErrorType, type Reply } from './reply';
import type { RequestContext } from './requestContext';
import { queryRecord, type LoggedRequest, type RequestLog } from './requestLog';
import { matchRoute, type CompiledRoute, type RouteMatch } from './router';
import type { SessionStore } from './sessions';

export interface DispatchDeps {
  readonly routes: readonly CompiledRoute[];
  readonly sessions: SessionStore;
  readonly faults: Faults;
  readonly log: RequestLog;
  readonly limiter: () => RateLimiter | null;
  readonly now: () => number;
  /** The account's IP whitelist for order requests (null: not enforced). */
  readonly orderIps?: () => readonly string[] | null;
}

/**
 * The 2026 static-IP rule: order requests (the `orders` group: place, modify, cancel) from an IP not on the account's
 * whitelist are refused. Kite's exact wording is not published in the sources we found; this sentence is the fake's.
 */
function ipRefusal(deps: DispatchDeps, req: IncomingMessage): Reply | null {
  const allowed = deps.orderIps?.();
  if (!allowed) return null;
  const ip = (req.socket.remoteAddress ?? '').replace(/^::ffff:/, '');
  return allowed.includes(ip) ? null : failure(403, 'PermissionException', `Order request from IP ${ip}, which is not a registered static IP. Add it under IP Whitelist on the Kite Connect developer console.`);
}

/** Unref'd: a reply held back past the end of a test does not keep the test process alive. */
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms).unref());

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function injectedError(status: number, errorType: KiteErrorType | undefined, message: string | undefined): Reply {
  if (status === 429 && errorType === undefined && message === undefined) return tooManyRequests();
  const type = errorType ?? (status === 500 ? 'GeneralException' : 'NetworkException');
  return failure(status, type, message ?? `The fake Kite server answered ${status} (injected fault); try again later.`);
}

async function handleRoute(deps: DispatchDeps, req: IncomingMessage, match: RouteMatch, url: URL, body: string, now: number): Promise<Reply> {
  if (req.headers['x-kite-version'] !== '3') return inputError('Send the header `X-Kite-Version: 3`.');
  const session = deps.sessions.fromAuthorization(req.headers.authorization);
  if (match.def.auth && !session) return tokenError();
  const refusedIp = match.def.group === 'orders' ? ipRefusal(deps, req) : null;
  if (refusedIp) return refusedIp;
  const limiter = deps.limiter();
  if (limiter && !limiter.allow(match.def.group)) return tooManyRequests();
  const isJson = (req.headers['content-type'] ?? '').includes('application/json');
  let json: unknown;
  if (isJson && body.length > 0) {
    try {
      json = JSON.parse(body);
    } catch {
      return inputError('The request body is not valid JSON.');
    }
  }
  const ctx: RequestContext = {
    method: match.def.method,
    path: url.pathname,
    query: url.searchParams,
    form: isJson ? new URLSearchParams() : new URLSearchParams(body),
    json,
    pathParams: match.pathParams,
    session,
    now,
  };
  try {
    return await match.def.handle(ctx);
  } catch (e) {
    // A handler threw: a bug in the fake; answer 500 so the test sees it instead of hanging.
    return failure(500, 'GeneralException', `Fake Kite handler failed: ${e instanceof Error ? e.message : String(e)}`);
  }
}

function send(res: ServerResponse, entry: LoggedRequest, reply: Reply): void {
  entry.status = reply.kind === 'csv' ? 200 : reply.status;
  if (!res.destroyed) writeReply(res, reply);
}

async function dispatch(deps: DispatchDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const body = await readBody(req);
  const now = deps.now();
  const method = req.method ?? 'GET';
  const url = new URL(req.url ?? '/', 'http://fake');
  const match = matchRoute(deps.routes, method, url.pathname);
  const entry = deps.log.add({
    time: now, method, path: url.pathname, route: match?.def.name ?? null, query: queryRecord(url.searchParams), body, status: null, fault: null,
  });
  if (!match) return send(res, entry, notFound());
  const fault: FaultAction | null = deps.faults.take(match.def.name, method);
  entry.fault = fault?.kind ?? null;
  switch (fault?.kind) {
    case 'hang':
      return;
    case 'dropConnection':
      req.socket.destroy();
      return;
    case 'error':
      return send(res, entry, injectedError(fault.status, fault.errorType, fault.message));
    case 'tokenException':
      return send(res, entry, tokenError('Token is invalid or has expired.'));
    case 'rawStatus':
      entry.status = fault.status;
      res.writeHead(fault.status, { 'Content-Type': 'text/html' });
      res.end(`<html><body>${fault.status}</body></html>`);
      return;
    case 'delay':
      await sleep(fault.ms);
      return send(res, entry, await handleRoute(deps, req, match, url, body, now));
    case 'lostReply': {
      const reply = await handleRoute(deps, req, match, url, body, now);
      if (fault.afterMs === undefined) {
        req.socket.destroy();
        return;
      }
      await sleep(fault.afterMs);
      return send(res, entry, reply);
    }
    default:
      return send(res, entry, await handleRoute(deps, req, match, url, body, now));
  }
}

export const createRequestHandler =
  (deps: DispatchDeps) =>
  (req: IncomingMessage, res: ServerResponse): void => {
    dispatch(deps, req, res).catch(() => {
      if (!res.headersSent && !res.destroyed) writeReply(res, failure(500, 'GeneralException', 'Fake Kite failed to read the request.'));
    });
  };
