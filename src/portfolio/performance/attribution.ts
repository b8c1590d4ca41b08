/**
 * P&L attribution between consecutive snapshots, by strategy instance and by sector.
 *
 * Holdings-based: over each interval (s_{k−1}, s_k] a position held at s_{k−1} earns
 * quantity_{k−1} × (price_k − price_{k−1}) (price_k from s_k; a position closed by s_k uses the
 * price it was sold at if s_k still lists the symbol, otherwise its last price, i.e. 0 P&L).
 * Trades happen at snapshot instants (every rebalance takes one), so holdings are constant
 * within an interval. Contribution to return = P&L / equity_{k−1}, summed arithmetically.
 * Costs are reported on their own line; `unexplained` = ΔE − flows − Σ P&L + costs (0 when every
 * price is in the snapshots).
 */
import type { PortfolioSnapshot } from '../snapshots/snapshot';

export interface AttributionLine {
  readonly key: string;
  readonly pnl: number;
  /** Σ over intervals of pnl / equity at the interval start. */
  readonly contribution: number;
}

export interface Attribution {
  readonly byInstance: readonly AttributionLine[];
  readonly bySector: readonly AttributionLine[];
  readonly costs: number;
  readonly totalPnl: number;
  readonly unexplained: number;
}

export const PORTFOLIO_OWNED = '(portfolio)';

export function attribution(snapshots: readonly PortfolioSnapshot[]): Attribution {
  const byInstance = new Map<string, { pnl: number; contribution: number }>();
  const bySector = new Map<string, { pnl: number; contribution: number }>();
  const add = (m: Map<string, { pnl: number; contribution: number }>, key: string, pnl: number, base: number): void => {
    const e = m.get(key) ?? { pnl: 0, contribution: 0 };
    e.pnl += pnl;
    e.contribution += base !== 0 ? pnl / base : 0;
    m.set(key, e);
  };
  let costs = 0;
  let total = 0;
  let explained = 0;
  for (let k = 1; k < snapshots.length; k++) {
    const prev = snapshots[k - 1]!;
    const cur = snapshots[k]!;
    const priceNow = new Map(cur.positions.map((p) => [p.symbol, p.price]));
    for (const p of prev.positions) {
      const pnl = p.quantity * ((priceNow.get(p.symbol) ?? p.price) - p.price);
      add(byInstance, p.instanceId ?? PORTFOLIO_OWNED, pnl, prev.equity);
      add(bySector, p.sector, pnl, prev.equity);
      explained += pnl;
    }
    costs += cur.costs;
    total += cur.equity - prev.equity - cur.externalFlow;
  }
  const lines = (m: Map<string, { pnl: number; contribution: number }>): AttributionLine[] =>
    [...m].map(([key, v]) => ({ key, ...v })).sort((a, b) => b.pnl - a.pnl || (a.key < b.key ? -1 : 1));
  return { byInstance: lines(byInstance), bySector: lines(bySector), costs, totalPnl: total, unexplained: total - explained + costs };
}
