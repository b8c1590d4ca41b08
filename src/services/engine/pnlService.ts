/**
 * P&L for the day, the week (from Monday) or the month (from the 1st), IST, from the one position book: the
 * journal's fills replayed into the book's accounts (oms/periodLedger.ts) give one row per (account, symbol) with
 * the period's realised P&L, charges (the fills' own, as the book booked them) and the unrealised P&L at the
 * current marks; the totals, by symbol, by instance and by sector are groupings of those rows and sum to the same
 * net. Positions held before the period are valued at its start at the last snapshot's prices (else their average
 * price). From the snapshots plus the current mark: the time-weighted return and NIFTY 50 over the same days.
 */
import { dayIndexStart, dayIndexToDate, istDate, istDayIndex, parseIstDate, weekdayOfDayIndex } from '../../calendar/ist';
import type { Clock } from '../../core/clock';
import { roundPaise } from '../../core/money';
import { err, ok } from '../../core/result';
import type { OrderRepository } from '../../core/ports/orderRepository';
import { groupRows, periodLedger } from '../../oms/periodLedger';
import { performance, versusBenchmark } from '../../portfolio/performance/performance';
import { sectorOf, type SectorMap } from '../../portfolio/sectors/sectorMap';
import { buildSnapshot, type PortfolioSnapshot, type SnapshotRepository } from '../../portfolio/snapshots/snapshot';
import type { PnlPeriod, PnlReport, PnlService } from '../api/pnl';
import type { BarHistory } from './barHistory';
import type { PortfolioBroker } from './portfolioService';

export interface PnlServiceOptions {
  readonly orders: Pick<OrderRepository, 'transitions'>;
  readonly broker: PortfolioBroker;
  readonly snapshots: SnapshotRepository;
  readonly sectors: SectorMap;
  readonly clock: Clock;
  /** The feed's last price of a symbol (before the broker's position marks). */
  readonly lastPrice?: (symbol: string) => number | undefined;
  /** Daily closes of the benchmark (optional). */
  readonly history?: BarHistory;
  readonly benchmark?: string;
  readonly portfolioId?: string;
}

const DAY_MS = 86_400_000;

export function periodStartDay(period: PnlPeriod, today: number): number {
  if (period === 'day') return today;
  if (period === 'week') return today - ((weekdayOfDayIndex(today) + 6) % 7);
  return parseIstDate(`${dayIndexToDate(today).slice(0, 8)}01`);
}

export function pnlService(o: PnlServiceOptions): PnlService {
  const portfolioId = o.portfolioId ?? 'main';
  const benchmark = o.benchmark ?? 'NIFTY 50';
  return {
    async pnl(period) {
      const now = o.clock.now();
      const today = istDayIndex(now);
      const fromDay = periodStartDay(period, today);
      const start = dayIndexStart(fromDay);
      const [pos, margins, before, during, fills] = await Promise.all([
        o.broker.positions(),
        o.broker.margins(),
        o.snapshots.range(portfolioId, start - 45 * DAY_MS, start - 1),
        o.snapshots.range(portfolioId, start, now),
        o.orders.transitions({ fills: true }),
      ]);
      if (!pos.ok) return err(pos.error.message);
      if (!margins.ok) return err(margins.error.message);
      if (!before.ok) return err(before.error.message);
      if (!during.ok) return err(during.error.message);

      const brokerMark = new Map<string, number>();
      for (const p of pos.value) if (Number.isFinite(p.lastPrice) && p.lastPrice > 0) brokerMark.set(p.symbol, p.lastPrice);
      const mark = (s: string): number | undefined => {
        const l = o.lastPrice?.(s);
        return l !== undefined && Number.isFinite(l) && l > 0 ? l : brokerMark.get(s);
      };
      const openSnap = before.value[before.value.length - 1];
      const opening = new Map<string, number>();
      for (const p of openSnap?.positions ?? []) opening.set(p.symbol, p.price);
      const rows = periodLedger({ fills, start, opening: (s) => opening.get(s), mark });

      const bySymbol = groupRows(rows, (r) => r.symbol);
      const total = groupRows(rows, () => '');
      const sum = total[0] ?? { realised: 0, unrealised: 0, charges: 0, net: 0 };
      const report: PnlReport = {
        period,
        from: dayIndexToDate(fromDay),
        to: istDate(now),
        realised: sum.realised,
        unrealised: sum.unrealised,
        charges: sum.charges,
        net: roundPaise(sum.net),
        bySymbol,
        byInstance: groupRows(rows, (r) => r.account),
        bySector: groupRows(rows, (r) => sectorOf(o.sectors, r.symbol)),
        basis: openSnap ? 'snapshot' : 'average price',
      };

      // Time-weighted return over the snapshots of the period, closed with the current mark.
      const prices = new Map<string, number>();
      for (const p of pos.value) prices.set(p.symbol, mark(p.symbol) ?? p.averagePrice);
      const closing = buildSnapshot({
        portfolioId,
        time: now,
        kind: 'daily',
        cash: margins.value.available,
        positions: pos.value.map((p) => ({ symbol: p.symbol, quantity: p.quantity })),
        prices,
        sectors: o.sectors,
      });
      const series: PortfolioSnapshot[] = [...(openSnap ? [openSnap] : []), ...during.value, closing];
      if (series.length < 2) return ok(report);
      const perf = performance(series);
      const withPerf: PnlReport = { ...report, twr: perf.twr };
      if (!o.history) return ok(withPerf);
      const bars = await o.history.bars({ symbol: benchmark, interval: 'day', from: series[0]!.time - 7 * DAY_MS, to: now + 1 });
      if (!bars.ok) return ok(withPerf);
      const closes = new Map<string, number>();
      for (let i = 0; i < bars.value.length; i++) closes.set(istDate(bars.value.time[i]!), bars.value.close[i]!);
      const vs = versusBenchmark(perf, closes);
      return ok(vs.days > 0 ? { ...withPerf, benchmark: { name: benchmark, ret: vs.benchmarkReturn, excess: vs.excessReturn } } : withPerf);
    },
  };
}
