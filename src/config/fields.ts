/** zod building blocks for environment variables: every value arrives as a string (or not at all). */
import { isIP } from 'node:net';
import { z } from 'zod';
import { ROLES, type AllowedUser, type DiscordUser, type Role } from './types';

/** Blank values (`FOO=` in .env) count as unset; surrounding whitespace is ignored. */
function blankToUndefined(v: unknown): unknown {
  if (typeof v !== 'string') return v;
  const t = v.trim();
  return t === '' ? undefined : t;
}

export const optional = <T extends z.ZodType>(schema: T) => z.preprocess(blankToUndefined, schema.optional());

export const withDefault = <T extends z.ZodType>(schema: T, value: z.output<T>) =>
  z.preprocess(blankToUndefined, schema.default(value as never));


export const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
export const num = (minExclusive: number, max: number) => z.coerce.number().gt(minExclusive).max(max);
export const pct = () => num(0, 100);
/** A percent within [min, max] (both inclusive). */
export const pctBetween = (min: number, max: number) => z.coerce.number().min(min).max(max);

export const timeZone = () =>
  z.string().refine((tz) => {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  });

/** Telegram bot token: `<bot id>:<secret>`. */
export const telegramToken = () => z.string().regex(/^\d+:[A-Za-z0-9_-]+$/);

/** Telegram webhook secret_token: 1–256 characters of A–Z, a–z, 0–9, _ and -. */
export const webhookSecret = () => z.string().regex(/^[A-Za-z0-9_-]{1,256}$/);

/** `12345:admin,67890:trader` → [{telegramId, role}], each id at most once. */
export const allowedUsers = () =>
  z.string().transform((text, ctx): AllowedUser[] => {
    const users: AllowedUser[] = [];
    const seen = new Set<number>();
    for (const raw of text.split(',')) {
      const entry = raw.trim();
      if (entry === '') continue;
      const m = /^(\d{1,15}):([a-z]+)$/i.exec(entry);
      const role = m?.[2]?.toLowerCase();
      if (!m || !(ROLES as readonly string[]).includes(role ?? '')) {
        ctx.addIssue({ code: 'custom', message: `bad entry "${entry}"` });
        return z.NEVER;
      }
      const id = Number(m[1]);
      if (seen.has(id)) {
        ctx.addIssue({ code: 'custom', message: `user ${id} listed twice` });
        return z.NEVER;
      }
      seen.add(id);
      users.push({ telegramId: id, role: role as Role });
    }
    return users;
  });

/** `112233445566778899:trader,…` → [{discordId, role}]: Discord ids are snowflakes (17–20 digits), kept as text. */
export const discordUsers = () =>
  z.string().transform((text, ctx): DiscordUser[] => {
    const users: DiscordUser[] = [];
    const seen = new Set<string>();
    for (const raw of text.split(',')) {
      const entry = raw.trim();
      if (entry === '') continue;
      const m = /^(\d{17,20}):([a-z]+)$/i.exec(entry);
      const role = m?.[2]?.toLowerCase();
      if (!m || !(ROLES as readonly string[]).includes(role ?? '')) {
        ctx.addIssue({ code: 'custom', message: `bad entry "${entry}"` });
        return z.NEVER;
      }
      const id = m[1]!;
      if (seen.has(id)) {
        ctx.addIssue({ code: 'custom', message: `user ${id} listed twice` });
        return z.NEVER;
      }
      seen.add(id);
      users.push({ discordId: id, role: role as Role });
    }
    return users;
  });

/** A Discord channel id (snowflake). */
export const snowflake = () => z.string().regex(/^\d{17,20}$/);

/** 32 bytes as 64 hex digits or as base64 (44 characters with padding). */
export const encryptionKey = () =>
  z.string().transform((text, ctx): Buffer => {
    let key: Buffer | undefined;
    if (/^[0-9a-fA-F]{64}$/.test(text)) key = Buffer.from(text, 'hex');
    else if (/^[A-Za-z0-9+/]{43}=?$/.test(text) || /^[A-Za-z0-9_-]{43}=?$/.test(text)) {
      key = Buffer.from(text.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
    }
    if (!key || key.length !== 32) {
      ctx.addIssue({ code: 'custom', message: 'not 32 bytes' });
      return z.NEVER;
    }
    return key;
  });

/**
 * KITE_STATIC_IPS: `203.0.113.7` or `203.0.113.7,2001:db8::7`: the static IPs (IPv4 or IPv6) this bot sends orders
 * from, as whitelisted on the Kite Connect developer console. Kite takes at most two (a primary and an optional
 * secondary): Zerodha support, "Static IP" (Kite API), effective 1 April 2026; IPv6 allowed (kite.trade forum,
 * March 2026).
 */
export const staticIps = () =>
  z.string().transform((text, ctx): string[] => {
    const ips = text.split(',').map((s) => s.trim()).filter((s) => s !== '');
    for (const ip of ips) {
      if (isIP(ip) === 0) {
        ctx.addIssue({ code: 'custom', message: `"${ip.slice(0, 60)}" is not an IPv4 or IPv6 address` });
        return z.NEVER;
      }
    }
    if (new Set(ips).size !== ips.length) {
      ctx.addIssue({ code: 'custom', message: 'an IP is listed twice' });
      return z.NEVER;
    }
    if (ips.length > 2) {
      ctx.addIssue({ code: 'custom', message: 'Kite whitelists at most two IPs' });
      return z.NEVER;
    }
    return ips;
  });
