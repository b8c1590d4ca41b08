/**
 * `npm run bench` runs every group in bench/*.bench.ts; `npm run bench -- <name> [args]` runs one.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchGroup, Figure } from './harness';

async function main(): Promise<void> {
  const [only, ...rest] = process.argv.slice(2);
  const files = readdirSync(__dirname)
    .filter((f) => f.endsWith('.bench.ts'))
    .sort();
  const groups: BenchGroup[] = [];
  for (const f of files) {
    const mod = (await import(join(__dirname, f))) as { default?: BenchGroup; group?: BenchGroup };
    const g = mod.group ?? mod.default;
    if (g) groups.push(g);
  }
  const selected = only && !only.startsWith('--') ? groups.filter((g) => g.name === only) : groups;
  const argv = only && only.startsWith('--') ? [only, ...rest] : rest;
  if (selected.length === 0) {
    console.error(`unknown benchmark group "${only}"; known: ${groups.map((g) => g.name).join(', ') || '(none)'}`);
    process.exit(2);
  }
  const report = (f: Figure): void => {
    console.log(JSON.stringify(f));
  };
  for (const g of selected) await g.run({ report, argv });
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
