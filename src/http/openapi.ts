/** The OpenAPI 3 description of the REST API, built from the same route table and zod schemas the server uses. */
import { z } from 'zod';
import type { ApiRoute } from './apiRoute';

type JsonSchema = Record<string, unknown>;

const toSchema = (schema: z.ZodType): JsonSchema => {
  const { $schema: _drop, ...rest } = z.toJSONSchema(schema, { target: 'openapi-3.0', io: 'input', unrepresentable: 'any' }) as JsonSchema;
  return rest;
};

function parameters(schema: z.ZodType | undefined, where: 'path' | 'query'): JsonSchema[] {
  if (!schema) return [];
  const s = toSchema(schema);
  const props = (s.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((s.required as string[] | undefined) ?? []);
  return Object.entries(props).map(([name, p]) => ({ name, in: where, required: where === 'path' || required.has(name), schema: p }));
}

const ERROR = { $ref: '#/components/schemas/Error' };
const errorResponse = (description: string): JsonSchema => ({ description, content: { 'application/json': { schema: ERROR } } });

export interface OpenApiInfo {
  readonly title?: string;
  readonly version: string;
}

export function buildOpenApi(routes: readonly ApiRoute[], info: OpenApiInfo): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const r of routes) {
    const path = r.path.replace(/:([A-Za-z_]\w*)/g, '{$1}');
    const op: JsonSchema = {
      summary: r.summary,
      tags: [r.tag],
      operationId: `${r.method.toLowerCase()}${path.replace(/[{}]/g, '').replace(/\/(\w)/g, (_m, c: string) => c.toUpperCase()).replace(/\W/g, '')}`,
      security: [{ bearer: [] }],
      parameters: [...parameters(r.params, 'path'), ...parameters(r.query, 'query')],
      responses: {
        [String(r.okStatus)]: { description: 'Success', content: { 'application/json': { schema: {} } } },
        '400': errorResponse('The request did not validate; the error names the field.'),
        '401': errorResponse('Missing or wrong API token.'),
        '404': errorResponse('Not found.'),
        '422': errorResponse('The service refused; the error says why and what to do.'),
        '501': errorResponse('This bot does not offer the service in its mode.'),
      },
    };
    if (r.body) op.requestBody = { required: true, content: { 'application/json': { schema: toSchema(r.body) } } };
    (paths[path] ??= {})[r.method.toLowerCase()] = op;
  }
  paths['/health'] = { get: { summary: 'Health checks (200 when all are up, 503 otherwise)', tags: ['ops'], security: [], responses: { '200': { description: 'All checks up' }, '503': { description: 'A check is down' } } } };
  paths['/metrics'] = { get: { summary: 'Prometheus metrics (text exposition format); needs the API token', tags: ['ops'], security: [{ bearer: [] }], responses: { '200': { description: 'Metrics', content: { 'text/plain': { schema: { type: 'string' } } } }, '401': { description: 'Missing or wrong API token' }, '503': { description: 'No API_TOKEN configured' } } } };
  paths['/kite/callback'] = {
    get: {
      summary: 'Kite Connect login redirect: exchanges the request token and stores the session',
      tags: ['kite'],
      security: [],
      parameters: [
        { name: 'request_token', in: 'query', required: true, schema: { type: 'string' } },
        { name: 'status', in: 'query', required: true, schema: { type: 'string' } },
      ],
      responses: { '200': { description: 'An HTML page saying trading is ready' }, '400': { description: 'Login not completed' }, '502': { description: 'Kite refused the token' } },
    },
  };
  paths['/kite/postback'] = {
    post: {
      summary: 'Kite order postback (checksum verified, then ingested by the OMS)',
      tags: ['kite'],
      security: [],
      requestBody: { required: true, content: { 'application/json': { schema: { type: 'object' } } } },
      responses: { '200': { description: 'Ingested' }, '400': errorResponse('Bad checksum or body') },
    },
  };
  return {
    openapi: '3.0.3',
    info: { title: info.title ?? 'AutoPPM REST API', version: info.version },
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'The API_TOKEN of the bot' } },
      schemas: { Error: { type: 'object', properties: { error: { type: 'string' } }, required: ['error'] } },
    },
    paths,
  };
}
