/**
 * Command buttons (Reply `buttons`): the command line a tap runs can be longer than Telegram's 64-byte callback
 * data, so the button carries `b:<random token>` and the command stays here, bound to the chat it was sent to.
 * A token is random (unguessable), works only in its chat and lapses after `ttlMs`. The pressing user's role is
 * checked by the dispatcher when the command runs, as if typed.
 */
import { randomBytes } from 'node:crypto';

interface Entry {
  readonly action: string;
  readonly chatId: number;
  readonly expiresAt: number;
  /** The reply replaces the message the button is on (a Refresh). */
  readonly refresh: boolean;
}

export class ButtonTokens {
  private readonly tokens = new Map<string, Entry>();

  constructor(
    private readonly now: () => number,
    private readonly ttlMs = 24 * 3_600_000,
    private readonly max = 5000,
  ) {}

  issue(action: string, chatId: number, refresh = false): string {
    const t = this.now();
    if (this.tokens.size >= this.max) {
      for (const [k, e] of this.tokens) if (e.expiresAt <= t || this.tokens.size >= this.max) this.tokens.delete(k);
    }
    const token = randomBytes(12).toString('base64url');
    this.tokens.set(token, { action, chatId, expiresAt: t + this.ttlMs, refresh });
    return `b:${token}`;
  }

  /** The command line of a pressed button, or why it cannot run. */
  resolve(data: string, chatId: number): { ok: true; action: string; refresh: boolean } | { ok: false; reason: 'unknown' | 'expired' | 'other-chat' } {
    const e = this.tokens.get(data.slice(2));
    if (!data.startsWith('b:') || !e) return { ok: false, reason: 'unknown' };
    if (e.chatId !== chatId) return { ok: false, reason: 'other-chat' };
    if (e.expiresAt <= this.now()) {
      this.tokens.delete(data.slice(2));
      return { ok: false, reason: 'expired' };
    }
    return { ok: true, action: e.action, refresh: e.refresh };
  }
}
