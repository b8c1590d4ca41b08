/**
 * Done-when: a simulated month of daily bars (seeded synthetic market, 10 NSE symbols) with a weekly
 * rebalance produces snapshots and trade lists; cash never goes negative and sector caps are never
 * breached after rounding.
 */
import { NseCalendar } from '../../src/calendar/nseCalendar';
import { istDate, istTime } from '../../src/calendar/ist';
import { ZerodhaEquityCostModel } from '../../src/core/costs';
import { generateMarket } from '../../src/data/synthetic';
import { attribution } from '../../src/portfolio/performance/attribution';
import { performance } from '../../src/portfolio/performance/performance';
import { estimateCovariance, windowReturns } from '../../src/portfolio/optimise/covarianceEstimate';
import { optimise, weightMap } from '../../src/portfolio/optimise/optimise';
import { isRebalanceDue, rebalanceScheduleSchema } from '../../src/portfolio/rebalance/schedule';
import { buildTradeList, type TradeList } from '../../src/portfolio/rebalance/tradeList';
import { parametricRisk } from '../../src/portfolio/rebalance/triggers';
import { nseSectorMap, sectorOf } from '../../src/portfolio/sectors/sectorMap';
import { buildSnapshot, type PortfolioSnapshot } from '../../src/portfolio/snapshots/snapshot';
import { quadraticForm } from '../../src/portfolio/optimise/covarianceMatrix';
import { OPTIMISATION_METHODS } from '../../src/portfolio/optimise/solvers';

const SYMBOLS = ['HDFCBANK', 'ICICIBANK', 'SBIN', 'AXISBANK', 'INFY', 'TCS', 'WIPRO', 'ITC', 'HINDUNILVR', 'RELIANCE'];
const CAPS = { 'Financial Services': 0.3, 'Information Technology': 0.25 };
const sectors = nseSectorMap();
const calendar = new NseCalendar();
const costModel = new ZerodhaEquityCostModel();

describe.each(OPTIMISATION_METHODS)('a simulated month with a weekly %s rebalance', (method) => {
  const market = generateMarket({
    symbols: SYMBOLS,
    start: '2024-10-01',
    end: '2025-01-31',
    seed: 20250101,
    vol: SYMBOLS.map((_, i) => 0.15 + 0.02 * i),
    drift: SYMBOLS.map((_, i) => 0.05 + 0.02 * i),
    startPrice: SYMBOLS.map((_, i) => 300 + 450 * i),
    correlation: 0.4,
  });
  if (!market.ok) throw new Error(market.error);
  const series = SYMBOLS.map((s) => market.value.series.get(s)!);
  const times = series[0]!.time.subarray(0, series[0]!.length);
  const firstDay = times.findIndex((t) => istDate(t) >= '2025-01-01');
  const schedule = rebalanceScheduleSchema.parse({ frequency: 'weekly', weekday: 1, at: '15:20' });

  let cash = 2_000_000;
  const held = new Map<string, number>();
  const snapshots: PortfolioSnapshot[] = [];
  const lists: TradeList[] = [];
  let last: number | null = null;
  let costsSinceSnapshot = 0;
  let minCash = cash;

  for (let d = firstDay; d < times.length; d++) {
    const date = istDate(times[d]!);
    const decision = istTime(date, '15:20');
    const prices = new Map(SYMBOLS.map((s, i) => [s, series[i]!.close[d]!]));
    const positions = () => [...held].map(([symbol, quantity]) => ({ symbol, quantity }));
    if (isRebalanceDue(schedule, decision, last, calendar)) {
      snapshots.push(buildSnapshot({ portfolioId: 'sim', time: decision, kind: 'daily', cash, positions: positions(), prices, sectors, costs: costsSinceSnapshot }));
      costsSinceSnapshot = 0;
      const closes = series.map((s) => s.close.subarray(0, d + 1));
      const rets = windowReturns(closes, 40);
      if (!rets.ok) throw new Error(rets.error.message);
      const est = estimateCovariance(rets.value, 'ledoit-wolf');
      if (!est.ok) throw new Error(est.error.message);
      const opt = optimise({
        method,
        symbols: SYMBOLS,
        covariance: est.value.covariance,
        expectedReturns: SYMBOLS.map((_, i) => 0.0002 + 0.0001 * i),
        constraints: { maxWeight: 0.2, cashBuffer: 0.05, sectorCaps: CAPS },
        sectors,
      });
      if (!opt.ok) throw new Error(opt.error.message);
      const list = buildTradeList({ time: decision, cash, holdings: positions(), prices, targets: weightMap(opt.value), cashBuffer: 0.05, minTradeValue: 2000, costModel, sectors, sectorCaps: CAPS, reason: 'weekly rebalance' });
      if (!list.ok) throw new Error(list.error.message);
      lists.push(list.value);
      // execute at the reference prices: sells first, then buys, cash checked after every line
      for (const l of list.value.lines) {
        cash += (l.side === 'SELL' ? 1 : -1) * l.quantity * l.price;
        held.set(l.symbol, (held.get(l.symbol) ?? 0) + (l.side === 'BUY' ? l.quantity : -l.quantity));
        minCash = Math.min(minCash, cash);
      }
      const charged = costModel.contractNotes(list.value.lines.map((l) => ({ side: l.side, quantity: l.quantity, price: l.price, product: 'CNC' as const, exchange: 'NSE' as const, time: decision, symbol: l.symbol }))).total;
      cash -= charged;
      costsSinceSnapshot += charged;
      minCash = Math.min(minCash, cash);
      last = decision;
      const w = new Float64Array(SYMBOLS.map((s) => ((held.get(s) ?? 0) * prices.get(s)!) / (cash + SYMBOLS.reduce((a, x) => a + (held.get(x) ?? 0) * prices.get(x)!, 0))));
      const risk = parametricRisk(quadraticForm(est.value.covariance, w), 0.95);
      snapshots.push(buildSnapshot({ portfolioId: 'sim', time: decision, kind: 'rebalance', cash, positions: positions(), prices, sectors, costs: costsSinceSnapshot, risk: { volatility: risk.dailyVolatility * Math.sqrt(252), var1d: risk.var1d } }));
      costsSinceSnapshot = 0;
    } else {
      snapshots.push(buildSnapshot({ portfolioId: 'sim', time: istTime(date, '15:30'), kind: 'daily', cash, positions: positions(), prices, sectors, costs: costsSinceSnapshot }));
      costsSinceSnapshot = 0;
    }
  }

  it('rebalances every week of January 2025 and snapshots every trading day', () => {
    const tradingDays = times.length - firstDay;
    expect(tradingDays).toBe(calendar.tradingDaysBetween('2025-01-01', '2025-02-01'));
    expect(lists.length).toBe(5); // weeks starting 30 Dec (first trading day 1 Jan), 6, 13, 20 and 27 Jan
    expect(snapshots.filter((s) => s.kind === 'rebalance').length).toBe(5);
    expect(snapshots.filter((s) => s.kind === 'daily').length).toBe(tradingDays);
    expect(lists[0]!.lines.length).toBeGreaterThan(0);
  });

  it('never lets cash go negative, after every line and after costs', () => {
    expect(minCash).toBeGreaterThanOrEqual(0);
    for (const l of lists) expect(l.cashAfter).toBeGreaterThanOrEqual(0);
  });

  it('never breaches a sector cap after rounding', () => {
    for (const s of snapshots.filter((x) => x.kind === 'rebalance')) {
      for (const [sector, cap] of Object.entries(CAPS)) {
        const exposure = s.positions.filter((p) => sectorOf(sectors, p.symbol) === sector).reduce((a, p) => a + p.value, 0) / s.equity;
        expect(exposure).toBeLessThanOrEqual(cap + 1e-12);
        expect(s.sectorExposure[sector] ?? 0).toBeCloseTo(exposure, 12);
      }
      expect(s.cash / s.equity).toBeGreaterThanOrEqual(0.0499);
    }
  });

  it('reports a time-weighted return that equals the equity ratio without flows, and attribution that adds up', () => {
    const rep = performance(snapshots);
    const first = snapshots[0]!.equity;
    const end = snapshots[snapshots.length - 1]!.equity;
    expect(rep.twr).toBeCloseTo(end / first - 1, 12);
    const a = attribution(snapshots);
    expect(a.totalPnl).toBeCloseTo(end - first, 6);
    expect(Math.abs(a.unexplained)).toBeLessThan(1e-6);
    const sectorSum = a.bySector.reduce((s, l) => s + l.pnl, 0);
    expect(sectorSum - a.costs).toBeCloseTo(end - first, 6);
  });
});
