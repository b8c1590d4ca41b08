/** One parsed request as route handlers see it. */
import type { SessionInfo } from './sessions';

export interface RequestContext {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  /** Form body of POST/PUT (`application/x-www-form-urlencoded`); empty otherwise. */
  readonly form: URLSearchParams;
  /** JSON body (margins and charges endpoints), or undefined. */
  readonly json: unknown;
  readonly pathParams: Readonly<Record<string, string>>;
  /** The authenticated session; null only on routes that need none (POST /session/token). */
  readonly session: SessionInfo | null;
  /** The fake's clock at arrival, epoch ms. */
  readonly now: number;
}

/** A parameter from the path, then the form body, then the query string (the client repeats path params). */
export function param(ctx: RequestContext, name: string): string | undefined {
  return ctx.pathParams[name] ?? ctx.form.get(name) ?? ctx.query.get(name) ?? undefined;
}

/** A `:name` segment of the route's path (the router fills every one; a handler asking for another is a bug). */
export function pathParam(ctx: RequestContext, name: string): string {
  const v = ctx.pathParams[name];
  if (v === undefined) throw new Error(`route ${ctx.method} ${ctx.path} has no :${name} in its path`);
  return v;
}

/** A session that must exist on an authenticated route (the router guarantees it). */
export function sessionOf(ctx: RequestContext): SessionInfo {
  if (!ctx.session) throw new Error(`route ${ctx.method} ${ctx.path} ran without a session`);
  return ctx.session;
}
