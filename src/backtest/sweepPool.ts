/**
 * Runs a sweep on worker threads, one per core (os.availableParallelism), each with a copy of the
 * bars and an interleaved share of the combinations (k, k + W, k + 2W, … so slow and fast regions
 * of the grid spread evenly). Workers load TypeScript through tsx's register API in a source
 * checkout (as bin/autoppm.js does) and the compiled .js in a build. With one worker or few
 * combinations it runs in this thread instead.
 *
 * Checked once per sweep: the caller checks the shared part before loading the bars (prepare.ts `checkShared`), the
 * bars are cut here once (`prepareSweep`); bars every combination would fail on (a symbol without bars) fail every
 * row without a worker started, each row as that combination alone would fail (its params' problem first). Workers
 * are sent the request and the bars already cut, plain (columns), and prepare their copy once each (the strategy
 * and the cost model are objects that do not cross a thread); per combination only its params are checked.
 */
import { availableParallelism } from 'node:os';
import { extname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { BarSeries } from '../core/barSeries';
import type { Interval } from '../core/interval';
import type { Combination } from './grid';
import { combinationRefusal, prepareSweep, type CheckedShared, type StrategySource } from './prepare';
import type { BacktestData } from './runBacktest';
import { evaluate, type SweepRow } from './sweep';
import type { BacktestSpec } from './types';

export interface WireSeries {
  readonly symbol: string;
  readonly interval: Interval;
  readonly time: Float64Array;
  readonly open: Float64Array;
  readonly high: Float64Array;
  readonly low: Float64Array;
  readonly close: Float64Array;
  readonly volume: Float64Array;
}

export interface SweepJob {
  readonly entry: string;
  /** Resolved path of tsx's CJS register API (an eval'd worker resolves bare names from the cwd, not from here). */
  readonly tsx: string;
  readonly strategiesDir: string;
  readonly request: BacktestSpec;
  readonly combos: readonly Combination[];
  readonly indices: readonly number[];
  /** The request's bars, cut (PreparedSweep.series). */
  readonly series: readonly WireSeries[];
  /** The benchmark, cut (PreparedSweep.benchmark). */
  readonly benchmark?: { readonly name: string; readonly series: WireSeries };
  readonly synthetic: boolean;
}

export interface SweepPoolOptions {
  readonly strategiesDir: string;
  /** In-thread runs use this registry. */
  readonly strategies: StrategySource;
  /** Default: every core. */
  readonly workers?: number;
  readonly onProgress?: (done: number, total: number) => void;
}

const wire = (s: BarSeries): WireSeries => ({
  symbol: s.symbol,
  interval: s.interval,
  time: s.time.slice(0, s.length),
  open: s.open.slice(0, s.length),
  high: s.high.slice(0, s.length),
  low: s.low.slice(0, s.length),
  close: s.close.slice(0, s.length),
  volume: s.volume.slice(0, s.length),
});

const BOOT = `
const { workerData } = require('node:worker_threads');
if (workerData.entry.endsWith('.ts')) require(workerData.tsx).register();
require(workerData.entry);
`;

export async function runSweep(checked: CheckedShared, combos: readonly Combination[], data: BacktestData, o: SweepPoolOptions): Promise<SweepRow[]> {
  const request = checked.spec;
  const sweep = prepareSweep(checked, data);
  if (!sweep.ok) {
    o.onProgress?.(combos.length, combos.length);
    return combos.map((c) => ({ params: c, metrics: null, error: combinationRefusal(request, c, sweep.error, o.strategies) }));
  }
  const workers = Math.max(1, Math.min(o.workers ?? availableParallelism(), combos.length));
  if (workers === 1) {
    const rows: SweepRow[] = [];
    for (const c of combos) {
      rows.push(evaluate(sweep.value, c, o.strategies));
      o.onProgress?.(rows.length, combos.length);
    }
    return rows;
  }
  const entry = join(__dirname, `sweepWorker${extname(__filename)}`);
  const tsx = entry.endsWith('.ts') ? require.resolve('tsx/cjs/api') : '';
  const series = sweep.value.series.map(wire);
  const b = sweep.value.benchmark;
  const benchmark = b ? { name: b.name, series: wire(b.series) } : undefined;
  const rows: SweepRow[] = new Array<SweepRow>(combos.length);
  let done = 0;
  await Promise.all(
    Array.from({ length: workers }, (_, w) => {
      const indices: number[] = [];
      for (let i = w; i < combos.length; i += workers) indices.push(i);
      const job: SweepJob = { entry, tsx, strategiesDir: o.strategiesDir, request, combos, indices, series, synthetic: sweep.value.synthetic, ...(benchmark ? { benchmark } : {}) };
      return new Promise<void>((resolve, reject) => {
        const worker = new Worker(BOOT, { eval: true, workerData: job });
        worker.on('message', (m: { kind: 'progress'; done: number } | { kind: 'rows'; rows: [number, SweepRow][] } | { kind: 'error'; message: string }) => {
          if (m.kind === 'progress') {
            done += m.done;
            o.onProgress?.(done, combos.length);
          } else if (m.kind === 'rows') {
            for (const [i, row] of m.rows) rows[i] = row;
            void worker.terminate().then(() => resolve());
          } else {
            reject(new Error(m.message));
          }
        });
        worker.on('error', reject);
      });
    }),
  );
  return rows;
}
