/**
 * Benchmark harness. Each `bench/*.bench.ts` file exports a `BenchGroup`; every figure is printed
 * as one JSON line: {"bench": "...", "value": n, "unit": "...", "baseline"?: n, "ratio"?: n}.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

export interface Figure {
  bench: string;
  value: number;
  unit: string;
  baseline?: number;
  ratio?: number;
  note?: string;
}

export interface BenchContext {
  /** Prints one figure as a JSON line. */
  report(f: Figure): void;
  /** Arguments after the group name (e.g. `--export dir`). */
  argv: readonly string[];
}

export interface BenchGroup {
  name: string;
  run(ctx: BenchContext): Promise<void> | void;
}

/** Median wall time in ms of `fn` over `runs` runs after `warmup` runs. */
export function timeMedian(fn: () => void, runs = 7, warmup = 2): number {
  for (let i = 0; i < warmup; i++) fn();
  const t: number[] = [];
  for (let i = 0; i < runs; i++) {
    const s = process.hrtime.bigint();
    fn();
    t.push(Number(process.hrtime.bigint() - s) / 1e6);
  }
  t.sort((a, b) => a - b);
  return t[Math.floor(t.length / 2)]!;
}

/** Async variant of timeMedian. */
export async function timeMedianAsync(fn: () => Promise<void>, runs = 5, warmup = 1): Promise<number> {
  for (let i = 0; i < warmup; i++) await fn();
  const t: number[] = [];
  for (let i = 0; i < runs; i++) {
    const s = process.hrtime.bigint();
    await fn();
    t.push(Number(process.hrtime.bigint() - s) / 1e6);
  }
  t.sort((a, b) => a - b);
  return t[Math.floor(t.length / 2)]!;
}

/** Keeps a value alive so the optimiser cannot drop the work that produced it. */
export let sink = 0;
export function consume(x: number): void {
  sink += x;
}

/**
 * The repository root: the nearest folder above this file with a package.json (bench files run from bench/ and, as
 * `npm run bench` runs them, compiled from dist/bench/). Data next to the repository is found from here
 * (`../shared/data/nse`), never by an absolute path.
 */
export function repoRoot(): string {
  for (let d = __dirname; ; d = dirname(d)) {
    if (existsSync(join(d, 'package.json'))) return d;
    if (dirname(d) === d) throw new Error(`no package.json above ${__dirname}`);
  }
}
