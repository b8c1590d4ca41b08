import { NseCalendar } from '../../calendar/nseCalendar';
import { parseIstDate } from '../../calendar/ist';
import { BarSeries } from '../../core/barSeries';
import type { Interval } from '../../core/interval';
import { ceilToTick, floorToTick, roundToTick } from '../../core/money';
import type { Result } from '../../core/result';
import { err, ok } from '../../core/result';
import { buildBarClock } from './barClock';
import { choleskyOfCorrelation, uniformCorrelation } from './cholesky';
import { Xoshiro128 } from './prng';
import type { SyntheticOptions } from './syntheticOptions';
import { syntheticOptionsSchema } from './syntheticOptions';

/** A generated market: one BarSeries per symbol on shared timestamps, labelled synthetic. */
export interface SyntheticMarket {
  readonly source: 'synthetic';
  readonly synthetic: true;
  /** One line to show wherever the data is shown or exported. */
  readonly label: string;
  readonly seed: number;
  readonly interval: Interval;
  readonly symbols: readonly string[];
  readonly series: ReadonlyMap<string, BarSeries>;
  /** Volatility regime of each bar: 0 calm, 1 stressed (shared by all symbols). */
  readonly regime: Uint8Array;
}

const SESSIONS_PER_YEAR = 252;
const SESSION_MINUTES = 375;
/** Scale of the high/low excursion beyond the open–close body, in units of σ√dt. */
const WICK = 0.5;

/**
 * Seeded geometric Brownian motion on the NSE calendar: correlated symbols (Cholesky of the
 * correlation matrix), Markov-switching calm/stressed volatility, an overnight gap at each session
 * start, OHLC consistent on the tick grid, positive volume. Same options and seed → identical bytes.
 */
export function generateMarket(options: SyntheticOptions): Result<SyntheticMarket, string> {
  const parsed = syntheticOptionsSchema.safeParse(options);
  if (!parsed.success) {
    const i = parsed.error.issues[0];
    const where = i && i.path.length > 0 ? ` at ${i.path.join('.')}` : '';
    return err(`Synthetic market options are invalid${where}: ${i?.message ?? 'unknown problem'}; fix them and try again.`);
  }
  const o = parsed.data;
  const n = o.symbols.length;
  const corr = typeof o.correlation === 'number' ? uniformCorrelation(n, o.correlation) : o.correlation;
  const chol = choleskyOfCorrelation(corr);
  if (!chol.ok) return err(`Synthetic market options are invalid: ${chol.error}.`);
  const L = chol.value;

  const calendar = o.calendar ?? new NseCalendar();
  const clock = buildBarClock(
    calendar,
    o.interval,
    parseIstDate(o.start),
    o.bars ?? Number.POSITIVE_INFINITY,
    o.end !== undefined ? parseIstDate(o.end) : Number.POSITIVE_INFINITY,
  );
  if (o.bars !== undefined && clock.length < o.bars) return err(`only ${clock.length} bars fit before the calendar ran out; ask for fewer bars.`);
  const len = clock.length;

  const pick = (v: number | number[], j: number): number => (typeof v === 'number' ? v : v[j]!);
  const mu = Float64Array.from(o.symbols, (_, j) => pick(o.drift, j));
  const sigma = Float64Array.from(o.symbols, (_, j) => pick(o.vol, j));
  const logP = Float64Array.from(o.symbols, (_, j) => Math.log(pick(o.startPrice, j)));
  const series = o.symbols.map((s) => new BarSeries(s, o.interval, len));
  const z = new Float64Array(n);
  const e = new Float64Array(n);
  const regime = new Uint8Array(len);
  const rng = new Xoshiro128(o.seed);
  const tick = makeTickRounding(o.tickSize);
  const regimes = o.regimes;
  const mult = regimes === false ? 1 : regimes.stressedVolMultiplier;
  const dayDt = 1 / SESSIONS_PER_YEAR;
  let stressed = 0;

  // Per-bar constants depend only on the bar's minutes, which rarely change: cache them.
  let lastMinutes = -1;
  let dt = 0;
  let sqrtDt = 0;
  let dayFrac = 0;
  let pToStressed = 0;
  let pToCalm = 0;
  for (let k = 0; k < len; k++) {
    const minutes = clock.minutes[k]!;
    if (minutes !== lastMinutes) {
      lastMinutes = minutes;
      dayFrac = minutes / SESSION_MINUTES;
      dt = dayFrac / SESSIONS_PER_YEAR;
      sqrtDt = Math.sqrt(dt);
      if (regimes !== false) {
        pToStressed = 1 - Math.pow(1 - regimes.toStressedPerDay, dayFrac);
        pToCalm = 1 - Math.pow(1 - regimes.toCalmPerDay, dayFrac);
      }
    }
    if (regimes !== false && rng.nextFloat() < (stressed ? pToCalm : pToStressed)) stressed ^= 1;
    regime[k] = stressed;
    const volScale = stressed ? mult : 1;
    const gap = clock.dayStart[k] === 1 && k > 0;
    if (gap) correlate(rng, L, n, e, z);
    for (let j = 0; j < n; j++) if (gap) logP[j] = logP[j]! + o.gapVol * sigma[j]! * volScale * Math.sqrt(dayDt) * z[j]!;
    correlate(rng, L, n, e, z);
    const t = clock.time[k]!;
    for (let j = 0; j < n; j++) {
      const sj = sigma[j]! * volScale;
      const sdt = sj * sqrtDt;
      const openLog = logP[j]!;
      const closeLog = openLog + (mu[j]! - 0.5 * sj * sj) * dt + sdt * z[j]!;
      logP[j] = closeLog;
      const op = Math.exp(openLog);
      const cp = Math.exp(closeLog);
      const hiRaw = (op > cp ? op : cp) * Math.exp(WICK * sdt * Math.abs(rng.normal()));
      const loRaw = (op < cp ? op : cp) * Math.exp(-WICK * sdt * Math.abs(rng.normal()));
      const O = tick.round(op);
      const C = tick.round(cp);
      const H = Math.max(tick.ceil(hiRaw), O, C);
      const Lo = Math.min(tick.floor(loRaw), O, C);
      const volume = Math.max(1, Math.round(o.dailyVolume * dayFrac * Math.exp(0.5 * rng.normal() - 0.125) * (1 + 0.5 * Math.abs(z[j]!))));
      const s = series[j]!;
      s.time[k] = t;
      s.open[k] = O;
      s.high[k] = H;
      s.low[k] = Lo;
      s.close[k] = C;
      s.volume[k] = volume;
    }
  }
  for (const s of series) s.length = len;
  return ok({
    source: 'synthetic',
    synthetic: true,
    label: `SYNTHETIC data (AutoPPM generator, seed ${o.seed}, ${o.interval}) — not real market prices`,
    seed: o.seed,
    interval: o.interval,
    symbols: [...o.symbols],
    series: new Map(series.map((s) => [s.symbol, s])),
    regime,
  });
}

/** z = L·e for fresh independent normals e. */
function correlate(rng: Xoshiro128, L: Float64Array, n: number, e: Float64Array, z: Float64Array): void {
  for (let i = 0; i < n; i++) e[i] = rng.normal();
  for (let i = 0; i < n; i++) {
    let acc = 0;
    for (let k = 0; k <= i; k++) acc += L[i * n + k]! * e[k]!;
    z[i] = acc;
  }
}

interface TickRounding {
  round(p: number): number;
  ceil(p: number): number;
  floor(p: number): number;
}

/**
 * Tick rounding that never leaves the grid: with an integral 1/tick (0.05 → 20) an integer step
 * count divided by 20 is the double nearest the decimal price, with no string formatting per bar.
 * Prices never round below one tick.
 */
function makeTickRounding(tick: number): TickRounding {
  const inv = Math.round(1 / tick);
  if (Math.abs(inv * tick - 1) < 1e-12) {
    const eps = 1e-9;
    return {
      round: (p) => Math.max(1, Math.round(p * inv + eps)) / inv,
      ceil: (p) => Math.max(1, Math.ceil(p * inv - eps)) / inv,
      floor: (p) => Math.max(1, Math.floor(p * inv + eps)) / inv,
    };
  }
  return {
    round: (p) => Math.max(tick, roundToTick(p, tick)),
    ceil: (p) => Math.max(tick, ceilToTick(p, tick)),
    floor: (p) => Math.max(tick, floorToTick(p, tick)),
  };
}
