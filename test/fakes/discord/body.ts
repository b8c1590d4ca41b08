/** Request bodies as discord.js sends them: JSON, or multipart with `payload_json` and `files[n]` parts. */
import type { IncomingMessage } from 'node:http';

export interface UploadedFile {
  readonly field: string;
  readonly filename: string;
  readonly contentType: string;
  readonly bytes: Buffer;
}

export type ParsedBody = { readonly ok: true; readonly json: unknown; readonly files: UploadedFile[] } | { readonly ok: false };

export function readRaw(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export async function parseBody(raw: Buffer, contentType: string): Promise<ParsedBody> {
  const type = (contentType.split(';')[0] ?? '').trim().toLowerCase();
  try {
    if (raw.length === 0) return { ok: true, json: undefined, files: [] };
    if (type === 'application/json') return { ok: true, json: JSON.parse(raw.toString('utf8')) as unknown, files: [] };
    if (type === 'multipart/form-data') {
      const form = await new Request('http://fake.local/', { method: 'POST', headers: { 'content-type': contentType }, body: raw }).formData();
      let json: unknown = undefined;
      const files: UploadedFile[] = [];
      for (const [field, v] of form.entries()) {
        if (typeof v === 'string') {
          if (field === 'payload_json') json = JSON.parse(v) as unknown;
        } else {
          files.push({ field, filename: v.name, contentType: v.type || 'application/octet-stream', bytes: Buffer.from(await v.arrayBuffer()) });
        }
      }
      return { ok: true, json, files };
    }
  } catch {
    return { ok: false };
  }
  return { ok: false };
}
