/**
 * Worker-thread side of a sweep: rebuilds the bars (already cut) from the columns it was sent, discovers the
 * strategies, prepares its copy of the sweep once (the strategy and cost model objects of this thread; the cut is
 * the identity on bars already cut), evaluates its share of the combinations and posts the rows back (with progress).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { BarSeries } from '../core/barSeries';
import { discoverStrategies } from '../strategyLoader/discoverStrategies';
import { checkShared, prepareSweep } from './prepare';
import type { BacktestData } from './runBacktest';
import { evaluate, type SweepRow } from './sweep';
import type { SweepJob, WireSeries } from './sweepPool';

function toSeries(w: WireSeries): BarSeries {
  const s = new BarSeries(w.symbol, w.interval, 0);
  Object.assign(s, { time: w.time, open: w.open, high: w.high, low: w.low, close: w.close, volume: w.volume, oi: new Float64Array(w.time.length).fill(NaN), length: w.time.length });
  return s;
}

const job = workerData as SweepJob;
const reg = discoverStrategies(job.strategiesDir);
if (!reg.ok) {
  parentPort!.postMessage({ kind: 'error', message: reg.error });
} else {
  const data: BacktestData = {
    series: new Map(job.series.map((w) => [w.symbol, toSeries(w)])),
    synthetic: job.synthetic,
    ...(job.benchmark ? { benchmark: { name: job.benchmark.name, series: toSeries(job.benchmark.series) } } : {}),
  };
  const checked = checkShared(job.request, reg.value);
  const sweep = checked.ok ? prepareSweep(checked.value, data) : checked;
  if (!sweep.ok) {
    parentPort!.postMessage({ kind: 'error', message: sweep.error });
  } else {
    const rows: [number, SweepRow][] = [];
    for (let k = 0; k < job.indices.length; k++) {
      const i = job.indices[k]!;
      rows.push([i, evaluate(sweep.value, job.combos[i]!, reg.value)]);
      if (k % 10 === 9) parentPort!.postMessage({ kind: 'progress', done: 10 });
    }
    parentPort!.postMessage({ kind: 'progress', done: job.indices.length % 10 });
    parentPort!.postMessage({ kind: 'rows', rows });
  }
}
