/**
 * Who may do what on Discord: a role per Discord user id (a snowflake), from DISCORD_ALLOWED_USERS (parsed and
 * validated by src/config). Anybody not listed may do nothing.
 */
import type { DiscordUser } from '../../config/types';
import type { UserRole } from '../../services/user';

/** Discord user id → role. */
export type DiscordRoles = Readonly<Record<string, UserRole>>;

export function discordRolesFrom(users: readonly DiscordUser[]): DiscordRoles {
  return Object.fromEntries(users.map((u) => [u.discordId, u.role]));
}
