/**
 * One REST route as data: method, path, zod schemas for params/query/body, and a handler over the services.
 * The same table registers the fastify routes and builds the OpenAPI description, so they cannot drift apart.
 */
import type { z } from 'zod';
import type { Result } from '../core/result';
import type { User } from '../services/user';

export type HttpMethod = 'GET' | 'POST';

export interface ApiReply {
  readonly status: number;
  readonly body: unknown;
}

export interface ApiInput<P, Q, B> {
  readonly params: P;
  readonly query: Q;
  readonly body: B;
  readonly user: User;
}

export interface RouteSpec<P, Q, B> {
  readonly method: HttpMethod;
  /** Fastify style: `/api/v1/orders/:id`. */
  readonly path: string;
  readonly summary: string;
  readonly tag: string;
  readonly params?: z.ZodType<P>;
  readonly query?: z.ZodType<Q>;
  readonly body?: z.ZodType<B>;
  /** The success status documented (default 200). */
  readonly okStatus?: number;
  handle(input: ApiInput<P, Q, B>): Promise<ApiReply>;
}

/** A route with its types erased (what the server and the OpenAPI builder see). */
export interface ApiRoute {
  readonly method: HttpMethod;
  readonly path: string;
  readonly summary: string;
  readonly tag: string;
  readonly params?: z.ZodType;
  readonly query?: z.ZodType;
  readonly body?: z.ZodType;
  readonly okStatus: number;
  /** Validates the raw parts, then handles; a validation failure is a 400 naming the field. */
  run(raw: { params: unknown; query: unknown; body: unknown; user: User }): Promise<ApiReply>;
}

function check<T>(schema: z.ZodType<T> | undefined, raw: unknown, part: string): Result<T | undefined, string> {
  if (!schema) return { ok: true, value: undefined };
  const p = schema.safeParse(raw ?? {});
  if (p.success) return { ok: true, value: p.data };
  const issue = p.error.issues[0];
  const where = [part, ...(issue?.path ?? []).map(String)].join('.');
  return { ok: false, error: `Invalid request: ${where}: ${issue?.message ?? 'invalid'}; see /openapi.json for the expected shape.` };
}

export function defineRoute<P = undefined, Q = undefined, B = undefined>(spec: RouteSpec<P, Q, B>): ApiRoute {
  return {
    method: spec.method,
    path: spec.path,
    summary: spec.summary,
    tag: spec.tag,
    ...(spec.params ? { params: spec.params } : {}),
    ...(spec.query ? { query: spec.query } : {}),
    ...(spec.body ? { body: spec.body } : {}),
    okStatus: spec.okStatus ?? 200,
    async run(raw) {
      const params = check(spec.params, raw.params, 'params');
      if (!params.ok) return bad(params.error);
      const query = check(spec.query, raw.query, 'query');
      if (!query.ok) return bad(query.error);
      const body = check(spec.body, raw.body, 'body');
      if (!body.ok) return bad(body.error);
      return spec.handle({ params: params.value as P, query: query.value as Q, body: body.value as B, user: raw.user });
    },
  };
}

export const bad = (error: string): ApiReply => ({ status: 400, body: { error } });

/** 501 for a service group this build does not offer. */
export const unavailable = (what: string): ApiReply => ({ status: 501, body: { error: `This bot has no ${what} service in this mode; start it with the configuration that enables it.` } });

/** A service Result as a reply: ok → 200 (or `okStatus`), a refusal → `refusalStatus` (default 422) with its sentence. */
export function fromResult<T>(r: Result<T, string>, okStatus = 200, refusalStatus = 422, view: (v: T) => unknown = (v) => v): ApiReply {
  return r.ok ? { status: okStatus, body: view(r.value) } : { status: refusalStatus, body: { error: r.error } };
}
