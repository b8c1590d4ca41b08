/**
 * The parent's handle on killableBot.ts: spawns the bot as a child process (node with tsx's loader, the same
 * TypeScript sources), sends
 * it commands, watches what it says, and ends it with SIGKILL — the process's state is abandoned with no hook run.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { cleanEnv } from '../../cli/runCli';
import { eventually } from '../../support/e2e/waiting';

const ROOT = join(__dirname, '..', '..', '..');
const SCRIPT = join(__dirname, 'killableBot.ts');

export interface ChildOrder {
  readonly id: string;
  readonly status: string;
  readonly filled: number;
}

export class ChildBot {
  readonly said: Record<string, unknown>[] = [];
  stderr = '';
  private exited: Promise<NodeJS.Signals | number | null>;

  private constructor(private readonly child: ChildProcess) {
    let rest = '';
    child.stdout!.on('data', (d: Buffer) => {
      rest += d.toString();
      const lines = rest.split('\n');
      rest = lines.pop()!;
      for (const l of lines) if (l.startsWith('@@')) this.said.push(JSON.parse(l.slice(2)) as Record<string, unknown>);
    });
    child.stderr!.on('data', (d: Buffer) => (this.stderr += d.toString()));
    this.exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve(signal ?? code)));
  }

  /** Starts the bot with these AutoPPM variables, its clock at `start`, strategies from `strategiesDir`. */
  static async spawn(env: Record<string, string>, start: number, strategiesDir: string): Promise<ChildBot> {
    // node itself with tsx's loader (not the tsx launcher, whose own child would survive a SIGKILL of it)
    const child = spawn(process.execPath, ['--import', 'tsx', SCRIPT], {
      cwd: ROOT,
      env: cleanEnv({ KILL_BOT_CONFIG: JSON.stringify(env), KILL_BOT_START: String(start), KILL_BOT_STRATEGIES: strategiesDir }),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const bot = new ChildBot(child);
    await bot.waitFor('the child bot ready', (m) => m.ready === true || typeof m.error === 'string', 60_000).then((m) => {
      if (m.error !== undefined) throw new Error(`the child bot failed: ${String(m.error)} ${bot.stderr}`);
    });
    return bot;
  }

  /** Sends one command and waits for its answer. */
  async send(cmd: Record<string, unknown>): Promise<void> {
    const before = this.said.length;
    this.child.stdin!.write(`${JSON.stringify(cmd)}\n`);
    const m = await this.waitFor(`the answer to ${String(cmd.op)}`, (x) => x.done !== undefined || x.error !== undefined, 30_000, before);
    if (m.error !== undefined) throw new Error(`${String(cmd.op)} failed in the child: ${String(m.error)}`);
  }

  /** Order events the child emitted (each change of each order). */
  orders(): ChildOrder[] {
    return this.said.flatMap((m) => (m.order ? [m.order as ChildOrder] : []));
  }

  waitFor(what: string, p: (m: Record<string, unknown>) => boolean, timeoutMs = 20_000, from = 0): Promise<Record<string, unknown>> {
    return eventually(what, () => this.said.slice(from).find(p), timeoutMs);
  }

  /** The bot's process id (the process SIGKILL ends). */
  get pid(): number {
    return this.child.pid!;
  }

  /** SIGKILL: no handler runs; resolves once the process is gone. */
  async kill(): Promise<NodeJS.Signals | number | null> {
    this.child.kill('SIGKILL');
    return this.exited;
  }
}
