/** Shared bits of the Discord transport tests: a silent logger, a tiny PNG, a discord config over the fake. */
import { deflateSync } from 'node:zlib';
import type { Config } from '../../../src/config/types';
import { createLogger, SecretScrubber } from '../../../src/log';

export const logger = createLogger({ level: 'silent', format: 'json', scrubber: new SecretScrubber() });

function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const b of buf) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}

/** A valid 2×2 RGB PNG (a stand-in for a chart). */
export function tinyPng(): Uint8Array {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(2, 0);
  ihdr.writeUInt32BE(2, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // RGB
  const rows = Buffer.from([0, 255, 0, 0, 0, 255, 0, 0, 0, 0, 255, 255, 255, 255]);
  const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(rows)), chunk('IEND', Buffer.alloc(0))]);
  return new Uint8Array(png);
}

export function discordConfig(over: Partial<Config['discord']> & { urls?: Partial<Config['discord']['webhookUrls']> }): Config['discord'] {
  const webhookUrl = over.webhookUrl;
  const u = over.urls ?? {};
  return {
    webhookUrl,
    webhookUrls: {
      risk: u.risk ?? webhookUrl,
      fills: u.fills ?? webhookUrl,
      summary: u.summary ?? webhookUrl,
      system: u.system ?? webhookUrl,
    },
    botToken: over.botToken,
    apiRoot: over.apiRoot ?? 'https://discord.com/api',
    allowedUsers: over.allowedUsers ?? [],
    approvalChannelId: over.approvalChannelId,
  };
}

export async function until(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
