/**
 * Data benchmarks: synthetic market generation and CSV bar parsing, each on 1,000,000 one-minute bars.
 * The CSV baseline is a naive split/Number/Date.parse parser over the same text.
 */
import { parseBarsCsv } from '../src/data/csv/parseBarsCsv';
import { barSeriesToCsv } from '../src/data/csv/writeCsv';
import { generateMarket } from '../src/data/synthetic/generateMarket';
import type { BenchGroup } from './harness';
import { consume, timeMedian } from './harness';

const N = 1_000_000;

function naiveParse(text: string): number {
  let acc = 0;
  const lines = text.split('\n');
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (line === '' || line.startsWith('#')) continue;
    const f = line.split(',');
    acc += Date.parse(f[0]!) + Number(f[1]) + Number(f[2]) + Number(f[3]) + Number(f[4]) + Number(f[5]);
  }
  return acc;
}

export const group: BenchGroup = {
  name: 'data',
  run(ctx) {
    const opts = { symbols: ['SYN'], start: '2020-01-01', bars: N, interval: '1m' as const, seed: 42 };
    const genMs = timeMedian(() => {
      const r = generateMarket(opts);
      if (r.ok) consume(r.value.series.get('SYN')!.close[N - 1]!);
    }, 5, 1);
    ctx.report({ bench: 'data.synthetic.gbm.1m.1M-bars', value: Math.round(genMs * 10) / 10, unit: 'ms', note: 'one symbol, regimes on, 0.05 tick' });

    const r = generateMarket(opts);
    if (!r.ok) throw new Error(r.error);
    const text = barSeriesToCsv(r.value.series.get('SYN')!, { comments: ['source: synthetic'] });
    const parseMs = timeMedian(() => {
      const p = parseBarsCsv(text, 'SYN.csv');
      if (!p.ok) throw new Error(p.error.message);
      consume(p.value.rowsKept);
    }, 5, 1);
    const naiveMs = timeMedian(() => consume(naiveParse(text)), 5, 1);
    ctx.report({
      bench: 'data.csv.parse.1m.1M-rows',
      value: Math.round(parseMs * 10) / 10,
      unit: 'ms',
      baseline: Math.round(naiveMs * 10) / 10,
      ratio: Math.round((parseMs / naiveMs) * 100) / 100,
      note: `${(text.length / 1e6).toFixed(0)} MB of text, validated; baseline = split/Number/Date.parse without validation`,
    });
  },
};
