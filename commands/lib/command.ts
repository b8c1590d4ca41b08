/**
 * One chat command: its name, aliases, summary, usage with an example, the role it needs, a zod
 * schema for its arguments and `run(args, services, user) → Reply`. Commands never see a chat
 * library; `defineCommand` binds parsed arguments to the schema so the dispatcher can treat every
 * command alike.
 */
import { z } from 'zod';
import type { Reply } from '../../src/core/reply';
import { err, ok, type Result } from '../../src/core/result';
import type { Services } from '../../src/services/services';
import type { User, UserRole } from '../../src/services/user';
import type { ArgValue, ParsedLine } from './parser';

export interface CommandSpec<S extends z.ZodObject> {
  readonly name: string;
  readonly aliases?: readonly string[];
  /** One line for /help. */
  readonly summary: string;
  /** e.g. `/chart <symbol> [interval] [days]`. */
  readonly usage: string;
  /** A complete example, e.g. `/chart RELIANCE 15m 5`. */
  readonly example: string;
  readonly role: UserRole;
  /** Names of the positional arguments, in order (each may also be given as name=value). */
  readonly positional?: readonly string[];
  /** Field that collects key=value pairs the schema does not name (e.g. strategy parameters). */
  readonly extra?: string;
  readonly args: S;
  /** A prompt when these arguments need a confirmation tap first (dangerous commands). */
  readonly confirm?: (args: z.output<S>, services: Services) => string | undefined | Promise<string | undefined>;
  run(args: z.output<S>, services: Services, user: User): Promise<Reply>;
}

/** A command with its arguments checked, ready to run. */
export interface BoundCommand {
  readonly command: Command;
  readonly confirmPrompt?: string;
  run(services: Services, user: User): Promise<Reply>;
}

export interface Command {
  readonly name: string;
  readonly aliases: readonly string[];
  readonly summary: string;
  readonly usage: string;
  readonly example: string;
  readonly role: UserRole;
  /** Checks the parsed line against the schema; the error names the bad argument. */
  bind(line: ParsedLine, services: Services): Promise<Result<BoundCommand, string>>;
}

export function defineCommand<S extends z.ZodObject>(spec: CommandSpec<S>): Command {
  const known = new Set(Object.keys(spec.args.shape));
  const positional = spec.positional ?? [];
  const command: Command = {
    name: spec.name,
    aliases: spec.aliases ?? [],
    summary: spec.summary,
    usage: spec.usage,
    example: spec.example,
    role: spec.role,
    async bind(line, services) {
      const input = Object.create(null) as Record<string, unknown>;
      const extra = Object.create(null) as Record<string, ArgValue>;
      if (line.positional.length > positional.length) {
        const first = line.positional[positional.length]!;
        return err(`there is one argument too many ("${show(first)}")`);
      }
      line.positional.forEach((v, i) => (input[positional[i]!] = v));
      for (const [k, v] of Object.entries(line.named)) {
        if (known.has(k) && k !== spec.extra) {
          if (k in input) return err(`${k} is given twice (by position and as ${k}=)`);
          input[k] = v;
        } else if (spec.extra) extra[k] = v;
        else return err(`${k} is not an argument of /${spec.name}`);
      }
      if (spec.extra) input[spec.extra] = extra;
      const parsed = spec.args.safeParse({ ...input });
      if (!parsed.success) return err(describeIssue(parsed.error, input));
      const args = parsed.data;
      const prompt = await spec.confirm?.(args, services);
      return ok({ command, ...(prompt !== undefined ? { confirmPrompt: prompt } : {}), run: (s, u) => spec.run(args, s, u) });
    },
  };
  return command;
}

const show = (v: ArgValue): string => (typeof v === 'string' ? v : v.join(',')).slice(0, 40);

function describeIssue(e: z.ZodError, input: Readonly<Record<string, unknown>>): string {
  const issue = e.issues[0];
  if (!issue) return 'the arguments are not valid';
  const field = issue.path.map(String).join('.');
  const msg = issue.message.replace(/^Invalid input: /, '');
  if (issue.path.length === 1 && input[String(issue.path[0])] === undefined) return `${field} is missing`;
  return field ? `${field}: ${msg}` : msg;
}

/** The usage line with its example, for error replies and /help. */
export const usageOf = (c: Pick<Command, 'usage' | 'example'>): string => `usage: ${c.usage} (e.g. ${c.example})`;
