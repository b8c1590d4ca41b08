/** Who is asking: identified by a transport-specific id (Telegram user id, "console"), with one role. */
import type { UserId } from '../core/ids';

export const USER_ROLES = ['viewer', 'trader', 'admin'] as const;
export type UserRole = (typeof USER_ROLES)[number];

export interface User {
  readonly id: UserId;
  readonly role: UserRole;
  readonly name?: string;
}

const RANK: Record<UserRole, number> = { viewer: 0, trader: 1, admin: 2 };

/** viewer < trader < admin: a higher role may do everything a lower one may. */
export const roleAllows = (have: UserRole, need: UserRole): boolean => RANK[have] >= RANK[need];

/** A Result error for services: one sentence for people (what was wrong and what to do). */
export type Refusal = string;
