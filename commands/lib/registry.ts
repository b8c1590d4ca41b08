/** The set of commands, found by name or alias (case-insensitive). */
import type { Command } from './command';

export class CommandRegistry {
  private readonly byName = new Map<string, Command>();
  private readonly ordered: Command[] = [];

  constructor(commands: readonly Command[]) {
    for (const c of commands) this.add(c);
  }

  add(c: Command): void {
    for (const n of [c.name, ...c.aliases]) {
      const key = n.toLowerCase();
      const clash = this.byName.get(key);
      if (clash) throw new Error(`command name ${key} is used by /${clash.name} and /${c.name}`);
      this.byName.set(key, c);
    }
    this.ordered.push(c);
  }

  find(name: string): Command | undefined {
    return this.byName.get(name.toLowerCase());
  }

  /** In registration order (the order /help shows). */
  all(): readonly Command[] {
    return this.ordered;
  }
}
