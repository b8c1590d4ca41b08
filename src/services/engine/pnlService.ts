/**
 * P&L for the day, the week (from Monday) or the month (from the 1st), IST: realised and unrealised by symbol
 * from the period's fills (the OMS audit trail) over the book at the period start (the last portfolio snapshot
 * before it, else the broker's average prices), charges on daily contract notes, and from the snapshots plus
 * the current mark: time-weighted return, NIFTY 50 over the same days, attribution by instance and sector.
 */
import { dayIndexStart, dayIndexToDate, istDate, istDayIndex, parseIstDate, weekdayOfDayIndex } from '../../calendar/ist';
import type { Clock } from '../../core/clock';
import type { ChargeableTrade, CostModel } from '../../core/costs';
import type { ClientOrderId } from '../../core/ids';
import { roundPaise } from '../../core/money';
import type { Order } from '../../core/order';
import { err, ok } from '../../core/result';
import type { OrderRepository } from '../../core/ports/orderRepository';
import { attribution } from '../../portfolio/performance/attribution';
import { performance, versusBenchmark } from '../../portfolio/performance/performance';
import type { SectorMap } from '../../portfolio/sectors/sectorMap';
import { buildSnapshot, type PortfolioSnapshot, type SnapshotRepository } from '../../portfolio/snapshots/snapshot';
import type { PnlPeriod, PnlReport, PnlService } from '../api/pnl';
import type { BarHistory } from './barHistory';
import { periodPnl, type LedgerFill, type OpeningPosition } from './pnlLedger';
import type { PortfolioBroker } from './portfolioService';

export interface PnlServiceOptions {
  readonly orders: Pick<OrderRepository, 'transitions' | 'get'>;
  readonly broker: PortfolioBroker;
  readonly snapshots: SnapshotRepository;
  readonly costModel: CostModel;
  readonly sectors: SectorMap;
  readonly clock: Clock;
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
      const [pos, margins, before, during] = await Promise.all([
        o.broker.positions(),
        o.broker.margins(),
        o.snapshots.range(portfolioId, start - 45 * DAY_MS, start - 1),
        o.snapshots.range(portfolioId, start, now),
      ]);
      if (!pos.ok) return err(pos.error.message);
      if (!margins.ok) return err(margins.error.message);
      if (!before.ok) return err(before.error.message);
      if (!during.ok) return err(during.error.message);

      // Fills of the period, oldest first, with their orders (side, product).
      const orders = new Map<ClientOrderId, Order | undefined>();
      const fills: (LedgerFill & { time: number; product: Order['intent']['product'] })[] = [];
      for (let d = fromDay; d <= today; d++) {
        for (const t of await o.orders.transitions({ day: dayIndexToDate(d) })) {
          if (!t.fill || t.fill.quantity <= 0) continue;
          if (!orders.has(t.clientOrderId)) orders.set(t.clientOrderId, await o.orders.get(t.clientOrderId));
          const order = orders.get(t.clientOrderId);
          if (!order) continue;
          fills.push({ symbol: t.symbol, side: order.intent.side, quantity: t.fill.quantity, price: t.fill.price, time: t.time, product: order.intent.product });
        }
      }
      fills.sort((a, b) => a.time - b.time);

      const last = new Map<string, number>();
      const avg = new Map<string, { quantity: number; basis: number }>();
      for (const p of pos.value) {
        last.set(p.symbol, p.lastPrice);
        const e = avg.get(p.symbol);
        avg.set(p.symbol, e ? { quantity: e.quantity + p.quantity, basis: (e.quantity * e.basis + p.quantity * p.averagePrice) / (e.quantity + p.quantity || 1) } : { quantity: p.quantity, basis: p.averagePrice });
      }
      const opening = new Map<string, OpeningPosition>();
      const openSnap = before.value[before.value.length - 1];
      if (openSnap) {
        for (const p of openSnap.positions) opening.set(p.symbol, { quantity: (opening.get(p.symbol)?.quantity ?? 0) + p.quantity, basis: p.price });
      } else {
        // No snapshot before the period: open with what the broker holds minus the period's net fills.
        const net = new Map<string, number>();
        for (const f of fills) net.set(f.symbol, (net.get(f.symbol) ?? 0) + (f.side === 'BUY' ? f.quantity : -f.quantity));
        for (const [s, a] of avg) {
          const q = a.quantity - (net.get(s) ?? 0);
          if (q > 0) opening.set(s, { quantity: q, basis: a.basis });
        }
      }
      const ledger = periodPnl(opening, fills, (s) => last.get(s));
      const trades: ChargeableTrade[] = fills.map((f) => ({ side: f.side, quantity: f.quantity, price: f.price, product: f.product, exchange: 'NSE', time: f.time, symbol: f.symbol }));
      const charges = roundPaise(o.costModel.contractNotes(trades).total);
      let realised = 0;
      let unrealised = 0;
      for (const l of ledger) {
        realised += l.realised;
        unrealised += l.unrealised;
      }

      // Performance over the snapshots of the period, closed with the current mark.
      const mark = buildSnapshot({
        portfolioId,
        time: now,
        kind: 'daily',
        cash: margins.value.available,
        positions: pos.value.map((p) => ({ symbol: p.symbol, quantity: p.quantity })),
        prices: last,
        sectors: o.sectors,
      });
      const series: PortfolioSnapshot[] = [...(openSnap ? [openSnap] : []), ...during.value, mark];
      const report: PnlReport = {
        period,
        from: dayIndexToDate(fromDay),
        to: istDate(now),
        realised: roundPaise(realised),
        unrealised: roundPaise(unrealised),
        charges,
        net: roundPaise(realised + unrealised - charges),
        bySymbol: ledger.filter((l) => l.realised !== 0 || l.unrealised !== 0 || l.quantity !== 0).map((l) => ({ symbol: l.symbol, realised: roundPaise(l.realised), unrealised: roundPaise(l.unrealised) })),
        basis: openSnap ? 'snapshot' : 'average price',
      };
      if (series.length < 2) return ok(report);
      const perf = performance(series);
      const attr = attribution(series);
      const line = (l: { key: string; pnl: number; contribution: number }) => ({ key: l.key, pnl: roundPaise(l.pnl), contribution: l.contribution });
      const withPerf: PnlReport = { ...report, twr: perf.twr, byInstance: attr.byInstance.map(line), bySector: attr.bySector.map(line) };
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
