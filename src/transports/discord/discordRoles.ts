/**
 * Who may do what on Discord: a role per Discord user id (a snowflake). There is no DISCORD_ALLOWED_USERS
 * setting in the configuration yet, so the composition root passes the mapping in; `parseDiscordUsers` reads the
 * same `id:role,id:role` form as TELEGRAM_ALLOWED_USERS for when the setting is added.
 */
import { z } from 'zod';
import { err, ok, type Result } from '../../core/result';
import { USER_ROLES, type UserRole } from '../../services/user';

/** Discord user id → role; anybody not listed may do nothing. */
export type DiscordRoles = Readonly<Record<string, UserRole>>;

const entry = z.tuple([z.string().regex(/^\d{15,21}$/), z.enum(USER_ROLES)]);

export function parseDiscordUsers(text: string): Result<DiscordRoles, string> {
  const roles: Record<string, UserRole> = {};
  for (const raw of text.split(',').map((s) => s.trim()).filter((s) => s !== '')) {
    const parsed = entry.safeParse(raw.split(':').map((s) => s.trim()));
    if (!parsed.success) {
      return err(`"${raw.slice(0, 40)}" is not a discordUserId:role pair; write e.g. 300000000000000001:admin,300000000000000002:viewer (roles admin, trader, viewer).`);
    }
    roles[parsed.data[0]] = parsed.data[1];
  }
  return ok(roles);
}
