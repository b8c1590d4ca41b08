/**
 * Result keys: a SHA-256 over (engine version, strategy, validated params, data fingerprint, costs,
 * sizing and every other request setting), as canonical JSON (sorted keys). Identical requests on
 * identical bars give identical keys, so a cached result can be returned instead of a re-run.
 * The data fingerprint hashes each series' symbol, interval and raw OHLCV columns (cached per series).
 */
import { createHash } from 'node:crypto';
import type { BarSeries } from '../core/barSeries';
import type { BacktestSpec } from './types';

/** Bump when a change to the engine can change any number of a result (backtest-2/-3: issue #15's charges; ties, stops, calendar; backtest-4: the one order pipeline). */
export const ENGINE_VERSION = 'backtest-4';

const fingerprints = new WeakMap<BarSeries, string>();

export function seriesFingerprint(s: BarSeries): string {
  const known = fingerprints.get(s);
  if (known !== undefined) return known;
  const h = createHash('sha256');
  h.update(`${s.symbol}|${s.interval}|${s.length}|`);
  for (const col of [s.time, s.open, s.high, s.low, s.close, s.volume]) {
    const v = col.subarray(0, s.length);
    h.update(new Uint8Array(v.buffer, v.byteOffset, v.byteLength));
  }
  const f = h.digest('hex');
  fingerprints.set(s, f);
  return f;
}

export function dataFingerprint(series: readonly BarSeries[], benchmark?: BarSeries): string {
  const h = createHash('sha256');
  for (const s of series) h.update(`${seriesFingerprint(s)};`);
  if (benchmark) h.update(`benchmark:${seriesFingerprint(benchmark)}`);
  return h.digest('hex').slice(0, 32);
}

/** JSON with object keys sorted at every level (arrays keep their order). */
export function canonicalJson(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) => {
    if (x === null || typeof x !== 'object' || Array.isArray(x)) return x;
    const o = x as Record<string, unknown>;
    return Object.fromEntries(Object.keys(o).sort().map((k) => [k, o[k]]));
  });
}

export function resultKey(request: BacktestSpec, fingerprint: string): string {
  return createHash('sha256').update(canonicalJson({ engine: ENGINE_VERSION, request, data: fingerprint })).digest('hex').slice(0, 40);
}
