/**
 * `npm run bench` runs every group in bench/*.bench.ts; `npm run bench -- <name> [args]` runs one (a group's name is
 * its file's name: `backtest` is backtest.bench.ts).
 * Each group runs in a process of its own that loads only that group's modules: a group measured in a process that
 * also holds every other group's code and data (the chat fakes, the Mongo driver, the other groups' markets) pays for
 * them in its collections — the 1M-bar backtest ran 15–20 % slower with all groups loaded than alone.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchGroup, Figure } from './harness';

const CHILD = '--group-file';
const GROUP_FILE = /^(.+)\.bench\.[jt]s$/;

/** The group files of bench/, by name. */
function groupFiles(): Map<string, string> {
  const files = new Map<string, string>();
  for (const f of readdirSync(__dirname).sort()) {
    const m = GROUP_FILE.exec(f);
    if (m && !f.endsWith('.d.ts')) files.set(m[1]!, f);
  }
  return files;
}

/** In the group's own process: loads its file and runs it. */
async function runGroup(file: string, name: string, argv: readonly string[]): Promise<void> {
  const mod = (await import(join(__dirname, file))) as { default?: BenchGroup; group?: BenchGroup };
  const g = mod.group ?? mod.default;
  if (!g || g.name !== name) throw new Error(`${file} does not export the benchmark group "${name}"`);
  const report = (f: Figure): void => {
    console.log(JSON.stringify(f));
  };
  await g.run({ report, argv });
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const files = groupFiles();
  if (args[0] === CHILD) {
    const [, name, ...rest] = args;
    await runGroup(files.get(name!)!, name!, rest);
    return;
  }
  const [only, ...rest] = args;
  const named = only !== undefined && !only.startsWith('--');
  const argv = named ? rest : args;
  if (named && !files.has(only)) {
    console.error(`unknown benchmark group "${only}"; known: ${[...files.keys()].join(', ') || '(none)'}`);
    process.exit(2);
  }
  for (const name of named ? [only] : [...files.keys()]) {
    // The same node and loader (tsx's flags are in execArgv) for the group's process.
    const child = spawnSync(process.execPath, [...process.execArgv, __filename, CHILD, name, ...argv], { stdio: 'inherit' });
    if (child.status !== 0) {
      console.error(`benchmark group "${name}" failed (${child.signal ?? `exit ${child.status}`})`);
      process.exit(1);
    }
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
