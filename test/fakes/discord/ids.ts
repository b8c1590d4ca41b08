/** Discord-shaped identifiers: snowflakes (ms since 2015-01-01 << 22 | counter) and 68-character webhook tokens. */
import { randomBytes } from 'node:crypto';

const DISCORD_EPOCH = 1420070400000n;

export class Snowflakes {
  private counter = 0n;
  constructor(private readonly now: () => number) {}

  next(): string {
    this.counter = (this.counter + 1n) & 0x3fffffn;
    return (((BigInt(Math.floor(this.now())) - DISCORD_EPOCH) << 22n) | this.counter).toString();
  }
}

/** 51 random bytes in base64url are exactly 68 characters of [A-Za-z0-9_-], what discord.js's URL pattern wants. */
export const webhookToken = (): string => randomBytes(51).toString('base64url');

export const interactionToken = (): string => `aW50ZXJhY3Rpb246${randomBytes(48).toString('base64url')}`;
