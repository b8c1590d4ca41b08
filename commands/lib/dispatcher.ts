/**
 * The command dispatcher, shared by every transport: parse → find the command → check the sender's
 * role → check the arguments → (confirmation for dangerous commands) → run. Whatever happens the
 * answer is a Reply; a command that throws is logged and answered with one sentence.
 */
import { randomInt } from 'node:crypto';
import type { Reply } from '../../src/core/reply';
import type { Services } from '../../src/services/services';
import { roleAllows, type User } from '../../src/services/user';
import { usageOf, type BoundCommand, type Command } from './command';
import { parseCommandLine } from './parser';
import type { CommandRegistry } from './registry';

/** Structurally a pino logger. */
export interface DispatchLog {
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface DispatcherOptions {
  readonly registry: CommandRegistry;
  readonly services: Services;
  readonly log?: DispatchLog;
  readonly now?: () => number;
  /** How long a confirmation code stays valid (default 30 s). */
  readonly confirmTtlMs?: number;
}

interface PendingConfirmation {
  readonly bound: BoundCommand;
  readonly userId: string;
  readonly expiresAt: number;
}

export const CONFIRM_TTL_MS = 30_000;
const silent: DispatchLog = { warn: () => undefined, error: () => undefined };

export class CommandDispatcher {
  private readonly confirmations = new Map<string, PendingConfirmation>();
  private readonly refused = new Set<string>();
  private readonly log: DispatchLog;
  private readonly now: () => number;

  constructor(private readonly o: DispatcherOptions) {
    this.log = o.log ?? silent;
    this.now = o.now ?? Date.now;
  }

  get services(): Services {
    return this.o.services;
  }

  /** Handles one command line from a known user. Never throws. */
  async handle(text: string, user: User): Promise<Reply> {
    const line = parseCommandLine(text);
    if (!line.ok) return { kind: 'error', message: line.error };
    if (line.value.name === 'confirm') return this.confirm(line.value.positional[0], user);
    const command = this.o.registry.find(line.value.name);
    if (!command) return { kind: 'error', message: `There is no command /${line.value.name}; send /help to see the commands.` };
    if (!roleAllows(user.role, command.role)) {
      this.log.warn({ user: user.id, role: user.role, command: command.name }, 'command refused: role too low');
      return { kind: 'error', message: `/${command.name} needs the ${command.role} role and you are a ${user.role}; ask an admin if you need it.` };
    }
    let bound: Awaited<ReturnType<Command['bind']>>;
    try {
      bound = await command.bind(line.value, this.o.services);
    } catch (e) {
      return this.failed(e, command.name, user);
    }
    if (!bound.ok) return { kind: 'error', message: `Wrong arguments for /${command.name}: ${bound.error}; ${usageOf(command)}.` };
    if (bound.value.confirmPrompt !== undefined) return this.askConfirmation(bound.value, user);
    return this.run(bound.value, user);
  }

  /**
   * The one answer for a sender who is not a user (logged every time, answered once per sender so
   * strangers cannot make the bot talk); undefined when the sender was already told.
   */
  refuseUnknown(senderId: string, detail: object = {}): Reply | undefined {
    this.log.warn({ sender: senderId, ...detail }, 'message from an unknown user refused');
    if (this.refused.has(senderId)) return undefined;
    this.refused.add(senderId);
    return { kind: 'error', message: `Sorry, this is a private bot and you are not on its list of users; ask its owner to add your user id: ${senderId}.` };
  }

  private askConfirmation(bound: BoundCommand, user: User): Reply {
    const now = this.now();
    for (const [code, p] of this.confirmations) if (p.expiresAt <= now) this.confirmations.delete(code);
    let code: string;
    do code = String(randomInt(100_000, 1_000_000));
    while (this.confirmations.has(code));
    const expiresAt = now + (this.o.confirmTtlMs ?? CONFIRM_TTL_MS);
    this.confirmations.set(code, { bound, userId: user.id, expiresAt });
    return { kind: 'confirm', prompt: bound.confirmPrompt ?? `Run /${bound.command.name}?`, code, expiresAt };
  }

  private async confirm(raw: unknown, user: User): Promise<Reply> {
    const code = typeof raw === 'string' ? raw.trim() : '';
    const pending = this.confirmations.get(code);
    if (!pending || pending.userId !== user.id) {
      if (pending) this.log.warn({ user: user.id, code }, 'confirmation by another user refused');
      return { kind: 'error', message: 'That confirmation code is unknown or not yours; send the command again to get a new code.' };
    }
    this.confirmations.delete(code);
    if (this.now() >= pending.expiresAt) {
      return { kind: 'error', message: `The confirmation for /${pending.bound.command.name} expired (codes last ${(this.o.confirmTtlMs ?? CONFIRM_TTL_MS) / 1000} s); send the command again.` };
    }
    // Roles can change between request and confirmation only through a restart, but check anyway.
    if (!roleAllows(user.role, pending.bound.command.role)) return { kind: 'error', message: `/${pending.bound.command.name} needs the ${pending.bound.command.role} role; ask an admin.` };
    return this.run(pending.bound, user);
  }

  private async run(bound: BoundCommand, user: User): Promise<Reply> {
    const name = bound.command.name;
    try {
      return this.guard(await bound.run(this.o.services, user), name, user);
    } catch (e) {
      return this.failed(e, name, user);
    }
  }

  /** Progress replies run later, in the transport: their failures get the same treatment. */
  private guard(reply: Reply, name: string, user: User): Reply {
    if (reply.kind === 'progress') {
      const { run } = reply;
      return { ...reply, run: (p) => run(p).then((r) => this.guard(r, name, user), (e: unknown) => this.failed(e, name, user)) };
    }
    if (reply.kind === 'many') return { kind: 'many', replies: reply.replies.map((r) => this.guard(r, name, user)) };
    return reply;
  }

  private failed(e: unknown, name: string, user: User): Reply {
    this.log.error({ err: e, command: name, user: user.id }, 'command failed');
    return { kind: 'error', message: `Something went wrong while running /${name} (it was logged); try again, and check the logs if it keeps failing.` };
  }
}

export type { Command };
