/**
 * Where a backtest's bars come from: `<dir>` (reads <dir>/<SYMBOL>.csv), or `synthetic` (the seeded
 * generator, labelled synthetic). The benchmark (NIFTY 50 buy and hold) is the CSV given with
 * `benchmark`, else <dir>/NIFTY50.csv or <dir>/../index/NIFTY50.csv when present; synthetic runs get
 * a synthetic index generated with the same seed. `kite` reads Kite historical data through the
 * source the caller built from KITE_API_KEY and the stored Kite session (kiteData.ts); without one
 * the answer is a login hint.
 */
import { access } from 'node:fs/promises';
import { join } from 'node:path';
import type { Interval } from '../core/interval';
import { err, ok, type Result } from '../core/result';
import { loadCsvDir, loadCsvFile } from '../data/csv';
import { generateMarket } from '../data/synthetic';
import { loadKiteBars, type KiteBarsSource } from './kiteData';
import type { BacktestData } from './runBacktest';

export interface DataSpec {
  /** A directory, or 'synthetic'. */
  readonly source: string;
  readonly symbols: readonly string[];
  readonly interval: Interval;
  readonly from?: string;
  readonly to?: string;
  readonly benchmark?: string;
  readonly seed?: number;
  /** For `kite`: instruments + historical candles (absent when there is no API key or Kite session). */
  readonly kite?: KiteBarsSource;
}

export const KITE_LOGIN_NEEDED =
  'Backtests on Kite data need KITE_API_KEY and a Kite session; log in with /login in the bot, or use --data synthetic or --data <dir>.';

const BENCHMARK_NAME = 'NIFTY 50';
const SYNTHETIC_INDEX = 'NIFTY50';

async function exists(p: string): Promise<boolean> {
  try {
    await access(p);
    return true;
  } catch {
    return false;
  }
}

export async function loadBacktestData(spec: DataSpec): Promise<Result<BacktestData, string>> {
  if (spec.source === 'kite') {
    if (!spec.kite) return err(KITE_LOGIN_NEEDED);
    return loadKiteBars(spec.kite, { symbols: spec.symbols, interval: spec.interval, ...(spec.from ? { from: spec.from } : {}), ...(spec.to ? { to: spec.to } : {}) });
  }
  if (spec.source === 'synthetic') {
    const symbols = [...spec.symbols, SYNTHETIC_INDEX];
    const m = generateMarket({ symbols, start: spec.from ?? '2015-01-01', end: spec.to ?? '2023-12-31', interval: spec.interval, seed: spec.seed ?? 42 });
    if (!m.ok) return m;
    const series = new Map(m.value.series);
    const index = series.get(SYNTHETIC_INDEX)!;
    if (!spec.symbols.includes(SYNTHETIC_INDEX)) series.delete(SYNTHETIC_INDEX);
    return ok({ series, synthetic: true, benchmark: { name: `${BENCHMARK_NAME} (synthetic)`, series: index } });
  }
  const loaded = await loadCsvDir(spec.source, spec.symbols, { interval: spec.interval, naiveTime: 'IST' });
  if (!loaded.ok) return err(`${loaded.error.message.charAt(0).toUpperCase()}${loaded.error.message.slice(1)}`);
  const series = new Map([...loaded.value].map(([s, r]) => [s, r.series]));
  const synthetic = [...loaded.value.values()].some((r) => r.synthetic);
  const candidates = spec.benchmark ? [spec.benchmark] : [join(spec.source, 'NIFTY50.csv'), join(spec.source, '..', 'index', 'NIFTY50.csv')];
  for (const path of candidates) {
    if (!spec.benchmark && !(await exists(path))) continue;
    const b = await loadCsvFile(path, { interval: spec.interval, naiveTime: 'IST', symbol: SYNTHETIC_INDEX });
    if (!b.ok) return err(`The benchmark file could not be used: ${b.error.message}`);
    return ok({ series, synthetic, benchmark: { name: BENCHMARK_NAME, series: b.value.series } });
  }
  return ok({ series, synthetic });
}
