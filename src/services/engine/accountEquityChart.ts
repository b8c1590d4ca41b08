/**
 * The account's equity chart for the end-of-day summary: the portfolio snapshots of the last `days` days, equity in
 * ₹ above its drawdown. Drawdown is measured on the flow-adjusted value (deposits and withdrawals between two
 * snapshots are not gains or losses): u_i = u_{i−1} × (E_i − flow_i) / E_{i−1}, dd_i = u_i / max(u_0..u_i) − 1.
 * Fewer than two snapshots: no chart (undefined), the summary goes without one.
 */
import { drawdownSeries } from '../../analytics/drawdown';
import { equityDrawdownChart } from '../../charts/equityDrawdownChart';
import type { Clock } from '../../core/clock';
import type { SnapshotRepository } from '../../portfolio/snapshots/snapshot';

const DAY_MS = 86_400_000;

export interface AccountEquityChartOptions {
  readonly snapshots: Pick<SnapshotRepository, 'range'>;
  readonly clock: Clock;
  readonly portfolioId?: string;
  /** How far back (default 90 days). */
  readonly days?: number;
  readonly title?: string;
}

/** Flow-adjusted value index (starts at 1) of an equity series with external flows. */
export function flowAdjustedIndex(equity: ArrayLike<number>, flow: ArrayLike<number>): Float64Array {
  const u = new Float64Array(equity.length);
  for (let i = 0; i < equity.length; i++) {
    const prev = i === 0 ? 0 : equity[i - 1]!;
    u[i] = i === 0 || !(prev > 0) ? (i === 0 ? 1 : u[i - 1]!) : (u[i - 1]! * (equity[i]! - flow[i]!)) / prev;
  }
  return u;
}

export function accountEquityChart(o: AccountEquityChartOptions): () => Promise<Uint8Array | undefined> {
  return async () => {
    const now = o.clock.now();
    const r = await o.snapshots.range(o.portfolioId ?? 'main', now - (o.days ?? 90) * DAY_MS, now);
    if (!r.ok || r.value.length < 2) return undefined;
    const rows = r.value;
    const time = Float64Array.from(rows, (s) => s.time);
    const equity = Float64Array.from(rows, (s) => s.equity);
    const flow = Float64Array.from(rows, (s) => s.externalFlow);
    const png = equityDrawdownChart({ equity: { time, value: equity }, drawdown: drawdownSeries(flowAdjustedIndex(equity, flow)), title: o.title ?? `Account equity, last ${o.days ?? 90} days` });
    return new Uint8Array(png.buffer, png.byteOffset, png.byteLength);
  };
}
