/** Who may use the bot: Telegram user ids from TELEGRAM_ALLOWED_USERS with their roles (never a chat id). */
import { userId } from '../../core/ids';
import type { User, UserRole } from '../../services/user';

export interface AllowedTelegramUser {
  readonly telegramId: number;
  readonly role: UserRole;
}

export interface TelegramSender {
  readonly id: number;
  readonly first_name?: string;
  readonly username?: string;
}

/** The service-level id of a Telegram user (also the notification address `telegram:<id>`). */
export const telegramUserId = (telegramId: number): User['id'] => userId(`telegram:${telegramId}`);

export class TelegramUsers {
  private readonly byId = new Map<number, UserRole>();
  /** Display names of the allowed users seen since the start (their Telegram name, not kept in any store). */
  private readonly names = new Map<string, string>();

  constructor(allowed: readonly AllowedTelegramUser[]) {
    for (const u of allowed) this.byId.set(u.telegramId, u.role);
  }

  /** The user behind a Telegram sender, or undefined for someone not on the list. */
  user(from: TelegramSender | undefined): User | undefined {
    if (!from) return undefined;
    const role = this.byId.get(from.id);
    if (!role) return undefined;
    const name = from.username ? `@${from.username}` : from.first_name;
    const id = telegramUserId(from.id);
    if (name) this.names.set(id, name);
    return { id, role, ...(name ? { name } : {}) };
  }

  /** How to show a service-level user id (`telegram:<id>`) to people: the name last seen, else the id itself. */
  displayName(id: string): string {
    return this.names.get(id) ?? id;
  }

  roleOf(telegramId: number): UserRole | undefined {
    return this.byId.get(telegramId);
  }

  /** Telegram ids with at least one of `roles`, in configuration order. */
  withRole(...roles: readonly UserRole[]): number[] {
    return [...this.byId].filter(([, r]) => roles.includes(r)).map(([id]) => id);
  }

  all(): number[] {
    return [...this.byId.keys()];
  }
}
