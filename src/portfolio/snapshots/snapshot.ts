/**
 * A portfolio snapshot: what was held, at what prices, with weights, sector exposure and risk
 * figures. Taken daily (after the close) and on every rebalance; stored through
 * `SnapshotRepository` (implemented in src/store/portfolio).
 */
import type { StrategyInstanceId } from '../../core/ids';
import type { Result } from '../../core/result';
import { sectorOf, type SectorMap } from '../sectors/sectorMap';

export type SnapshotKind = 'daily' | 'rebalance';

export interface SnapshotPosition {
  readonly symbol: string;
  /** Strategy instance that owns the position (null: held by the portfolio itself). */
  readonly instanceId: StrategyInstanceId | null;
  readonly quantity: number;
  readonly price: number;
  readonly value: number;
  /** value / equity. */
  readonly weight: number;
  readonly sector: string;
}

export interface SnapshotRisk {
  /** Annualised volatility of the portfolio, fraction (NaN when unknown). */
  readonly volatility: number;
  /** One-day value at risk as a fraction of equity (NaN when unknown). */
  readonly var1d: number;
}

export interface PortfolioSnapshot {
  readonly portfolioId: string;
  readonly time: number;
  readonly kind: SnapshotKind;
  readonly cash: number;
  readonly equity: number;
  readonly positions: readonly SnapshotPosition[];
  /** Sector → share of equity. */
  readonly sectorExposure: Readonly<Record<string, number>>;
  readonly risk: SnapshotRisk;
  /** External cash in (+) or out (−) since the previous snapshot (deposits, withdrawals). */
  readonly externalFlow: number;
  /** Trading costs paid since the previous snapshot. */
  readonly costs: number;
}

export interface SnapshotInput {
  readonly portfolioId: string;
  readonly time: number;
  readonly kind: SnapshotKind;
  readonly cash: number;
  readonly positions: readonly { readonly symbol: string; readonly instanceId?: StrategyInstanceId | null; readonly quantity: number }[];
  readonly prices: ReadonlyMap<string, number>;
  readonly sectors: SectorMap;
  readonly risk?: SnapshotRisk;
  readonly externalFlow?: number;
  readonly costs?: number;
}

/** Builds a snapshot; throws on a position without a price (a caller bug: mark to market first). */
export function buildSnapshot(s: SnapshotInput): PortfolioSnapshot {
  let equity = s.cash;
  const rows = s.positions
    .filter((p) => p.quantity !== 0)
    .map((p) => {
      const price = s.prices.get(p.symbol);
      if (price === undefined || !Number.isFinite(price)) throw new Error(`no price for ${p.symbol} in snapshot`);
      const value = p.quantity * price;
      equity += value;
      return { symbol: p.symbol, instanceId: p.instanceId ?? null, quantity: p.quantity, price, value, sector: sectorOf(s.sectors, p.symbol) };
    });
  const sectorExposure: Record<string, number> = {};
  const positions = rows.map((r) => {
    const weight = equity !== 0 ? r.value / equity : 0;
    sectorExposure[r.sector] = (sectorExposure[r.sector] ?? 0) + weight;
    return { ...r, weight };
  });
  return {
    portfolioId: s.portfolioId,
    time: s.time,
    kind: s.kind,
    cash: s.cash,
    equity,
    positions,
    sectorExposure,
    risk: s.risk ?? { volatility: NaN, var1d: NaN },
    externalFlow: s.externalFlow ?? 0,
    costs: s.costs ?? 0,
  };
}

export interface SnapshotStoreError {
  readonly kind: 'store-unavailable' | 'invalid-snapshot';
  readonly message: string;
}

/** Persistence of snapshots; the Mongo implementation lives in src/store/portfolio. */
export interface SnapshotRepository {
  save(snapshot: PortfolioSnapshot): Promise<Result<void, SnapshotStoreError>>;
  latest(portfolioId: string): Promise<Result<PortfolioSnapshot | null, SnapshotStoreError>>;
  /** Snapshots with from ≤ time ≤ to, oldest first. */
  range(portfolioId: string, from: number, to: number): Promise<Result<PortfolioSnapshot[], SnapshotStoreError>>;
}
