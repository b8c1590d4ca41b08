/** Drives the dispatcher like a transport and flattens replies to text for assertions. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDispatcher, type CommandDispatcher } from '../../../commands';
import { userId } from '../../../src/core/ids';
import type { Reply } from '../../../src/core/reply';
import type { Services } from '../../../src/services/services';
import type { User } from '../../../src/services/user';
import { renderReply } from '../../../src/transports/console/renderReply';

export const admin: User = { id: userId('1'), role: 'admin', name: 'asha' };
export const trader: User = { id: userId('2'), role: 'trader', name: 'ravi' };
export const viewer: User = { id: userId('3'), role: 'viewer', name: 'vik' };

export interface Logged {
  readonly level: 'warn' | 'error';
  readonly obj: object;
  readonly msg: string;
}

export class Harness {
  readonly dispatcher: CommandDispatcher;
  readonly logged: Logged[] = [];
  readonly outDir = mkdtempSync(join(tmpdir(), 'autoppm-cmd-'));
  t: number;

  constructor(services: Services, now: number) {
    this.t = now;
    this.dispatcher = createDispatcher(services, {
      now: () => this.t,
      log: {
        warn: (obj, msg) => this.logged.push({ level: 'warn', obj, msg }),
        error: (obj, msg) => this.logged.push({ level: 'error', obj, msg }),
      },
    });
  }

  reply(text: string, user: User = admin): Promise<Reply> {
    return this.dispatcher.handle(text, user);
  }

  /** The reply as the console shows it. */
  async text(text: string, user: User = admin): Promise<string> {
    return this.render(await this.reply(text, user));
  }

  async render(reply: Reply): Promise<string> {
    const lines: string[] = [];
    await renderReply(reply, { outDir: this.outDir, now: () => this.t, print: (s) => lines.push(s) });
    return lines.join('\n');
  }
}

/** Every reply kind in a reply tree, depth first (progress replies are run). */
export async function kinds(r: Reply): Promise<string[]> {
  if (r.kind === 'many') return (await Promise.all(r.replies.map(kinds))).flat();
  if (r.kind === 'progress') return ['progress', ...(await kinds(await r.run({ update: () => undefined })))];
  return [r.kind];
}
