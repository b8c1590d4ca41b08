/**
 * Reads a Bot API request body the three ways Telegram accepts it: JSON, URL-encoded form, and multipart/form-data
 * (uploads). Multipart is decoded by the platform's own parser (`Request.formData()`), so file bytes arrive intact.
 * Query-string parameters are merged in first, as the Bot API also accepts GET-style parameters.
 */
import type { IncomingMessage } from 'node:http';

export interface UploadedFile {
  readonly field: string;
  readonly filename: string;
  readonly contentType: string;
  readonly bytes: Buffer;
}

export interface RequestBody {
  readonly params: Record<string, unknown>;
  readonly files: ReadonlyMap<string, UploadedFile>;
}

export type BodyResult = { readonly ok: true; readonly body: RequestBody } | { readonly ok: false; readonly error: string };

export function readRaw(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

async function parseMultipart(raw: Buffer, contentType: string, params: Record<string, unknown>): Promise<Map<string, UploadedFile>> {
  const request = new Request('http://fake.local/', { method: 'POST', headers: { 'content-type': contentType }, body: raw });
  const form = await request.formData();
  const files = new Map<string, UploadedFile>();
  for (const [field, value] of form.entries()) {
    if (typeof value === 'string') {
      params[field] = value;
    } else {
      const bytes = Buffer.from(await value.arrayBuffer());
      files.set(field, { field, filename: value.name, contentType: value.type || 'application/octet-stream', bytes });
    }
  }
  return files;
}

export async function parseBody(raw: Buffer, contentType: string, query: URLSearchParams): Promise<BodyResult> {
  const params: Record<string, unknown> = Object.fromEntries(query.entries());
  let files = new Map<string, UploadedFile>();
  const type = (contentType.split(';')[0] ?? '').trim().toLowerCase();
  try {
    if (raw.length === 0) {
      // no body: parameters (if any) came in the query string
    } else if (type === 'application/json') {
      const json: unknown = JSON.parse(raw.toString('utf8'));
      if (typeof json !== 'object' || json === null || Array.isArray(json)) return { ok: false, error: 'Bad Request: invalid JSON body' };
      Object.assign(params, json);
    } else if (type === 'application/x-www-form-urlencoded') {
      Object.assign(params, Object.fromEntries(new URLSearchParams(raw.toString('utf8')).entries()));
    } else if (type === 'multipart/form-data') {
      files = await parseMultipart(raw, contentType, params);
    } else {
      return { ok: false, error: `Bad Request: unsupported content type "${type}"` };
    }
  } catch {
    return { ok: false, error: 'Bad Request: the request body could not be parsed' };
  }
  return { ok: true, body: { params, files } };
}
