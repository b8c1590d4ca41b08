/**
 * One filename convention (issue 17): a command's file is named for its command (commands/rebalance_submit.ts is
 * /rebalance_submit), a strategy's for its name (strategies/sma-cross.ts is sma-cross), and every other source
 * file in src/, commands/lib and strategies/lib is camelCase — so a name seen in chat leads straight to its file.
 */
import { readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { createCommandRegistry } from '../../commands';
import { discoverStrategies } from '../../src/strategyLoader/discoverStrategies';

const ROOT = join(__dirname, '..', '..');
const tsFiles = (dir: string): string[] => readdirSync(join(ROOT, dir)).filter((f) => f.endsWith('.ts')).map((f) => basename(f, '.ts'));

function walk(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
}

describe('file names', () => {
  it('names every command file for its command, and every command has its file', () => {
    const files = tsFiles('commands').filter((f) => f !== 'index').sort();
    const commands = createCommandRegistry()
      .all()
      .map((c) => c.name)
      .sort();
    expect(files).toEqual(commands);
  });

  it('names every strategy file for its strategy', () => {
    const reg = discoverStrategies(join(ROOT, 'strategies'));
    if (!reg.ok) throw new Error(reg.error);
    expect(reg.value.list().map((s) => s.name).sort()).toEqual(tsFiles('strategies').sort());
  });

  it('names every other source file in camelCase', () => {
    const others = [...walk('src'), ...walk(join('commands', 'lib')), ...walk(join('strategies', 'lib'))];
    expect(others.length).toBeGreaterThan(100);
    const bad = others.filter((f) => !/^[a-z][A-Za-z0-9]*(\.d)?\.ts$/.test(basename(f)));
    expect(bad).toEqual([]);
  });
});
