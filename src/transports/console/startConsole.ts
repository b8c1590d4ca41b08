/**
 * The console transport: the chat commands on a terminal (node:readline). A leading slash is
 * optional; replies go to `output`. With piped input it reads one command per line, answers each in
 * order and resolves at the end of input, so it can be scripted:
 *   printf '/status\n/strategies\n' | autoppm console
 * The console user is the local operator (admin).
 */
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { createDispatcher, type CommandDispatcher, type DispatchLog } from '../../../commands';
import { userId } from '../../core/ids';
import type { Services } from '../../services/services';
import type { User } from '../../services/user';
import { renderReply, type ConsoleSink } from './renderReply';

export interface ConsoleOptions {
  readonly services: Services;
  readonly input: Readable;
  readonly output: Writable;
  /** Default: the local operator, an admin. */
  readonly user?: User;
  /** Where images go (default `DATA_DIR/out` when given, else `./out`). */
  readonly outDir?: string;
  readonly dataDir?: string;
  readonly log?: DispatchLog;
  /** Another dispatcher (e.g. shared with other transports); default: the standard commands. */
  readonly dispatcher?: CommandDispatcher;
  readonly now?: () => number;
  /** Aborted when the console is being stopped (long progress work ends early). */
  readonly signal?: AbortSignal;
  /** Show a prompt and a greeting (default: when `input` is a terminal). */
  readonly interactive?: boolean;
}

export interface ConsoleSession {
  /** Commands answered. */
  readonly commands: number;
}

export const CONSOLE_USER: User = { id: userId('console'), role: 'admin', name: 'console' };

/** Where console replies (and notifications, consoleNotifySink.ts) go: the output stream and the image folder. */
export function consoleOutput(o: Pick<ConsoleOptions, 'output' | 'outDir' | 'dataDir' | 'now' | 'signal'>): ConsoleSink {
  return {
    ...(o.signal ? { signal: o.signal } : {}),
    outDir: o.outDir ?? join(o.dataDir ?? '.', 'out'),
    now: o.now ?? Date.now,
    print: (text: string) => {
      o.output.write(`${text}\n`);
    },
  };
}

export async function startConsole(o: ConsoleOptions): Promise<ConsoleSession> {
  const now = o.now ?? Date.now;
  const dispatcher = o.dispatcher ?? createDispatcher(o.services, { ...(o.log ? { log: o.log } : {}), now });
  const user = o.user ?? CONSOLE_USER;
  const interactive = o.interactive ?? (o.input as Readable & { isTTY?: boolean }).isTTY === true;
  const sink = consoleOutput(o);
  const rl = createInterface({ input: o.input, ...(interactive ? { output: o.output, terminal: true } : { terminal: false }), crlfDelay: Infinity });
  rl.setPrompt('autoppm> ');
  if (interactive) {
    sink.print('AutoPPM console — type help for the commands, exit to leave.');
    rl.prompt();
  }
  let commands = 0;
  for await (const raw of rl) {
    const line = raw.trim();
    if (line === 'exit' || line === 'quit' || line === '/exit' || line === '/quit') break;
    if (line !== '' && !line.startsWith('#')) {
      const reply = await dispatcher.handle(line, user);
      try {
        await renderReply(reply, sink);
      } catch (e) {
        o.log?.error({ err: e }, 'console could not show a reply');
        sink.print(`✖ The reply could not be shown (${e instanceof Error ? e.message : String(e)}); check that the output folder ${sink.outDir} is writable.`);
      }
      commands++;
    }
    if (interactive) rl.prompt();
  }
  rl.close();
  return { commands };
}
