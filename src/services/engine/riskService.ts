/**
 * The `risk` group: the risk report behind /risk, and `scan()` for the risk-scan job.
 *
 * Report: positions and cash from the broker (equity = available + used margin + Σ quantity ×
 * last price, unless an `equity` port is given); daily bars of every held symbol and of the index
 * (NIFTY 50) from the BarHistory port, aligned by IST date; then src/risk's portfolioRisk: VaR and
 * CVaR (historical, parametric, Monte Carlo) at 95/99% over 1 and N days, beta, volatility,
 * concentration and sector exposure; and the use of each pre-trade limit.
 * Scan: the same picture as an observation for src/risk's alert rules (limit near-breach at 80%,
 * drawdown from the peak this process has seen, VaR, intraday loss, stale data, broker down), sent
 * through the alert center (dedupe, mutes, store, events). Numbers are rupees rounded to the paisa.
 */
import { istMidnight } from '../../calendar/ist';
import type { BarSeries } from '../../core/barSeries';
import type { Clock } from '../../core/clock';
import { roundPaise } from '../../core/money';
import { err, ok, type Result } from '../../core/result';
import type { AlertCenter } from '../../risk/alerts/alertCenter';
import { alignedDailyReturns } from '../../engine/alignedReturns';
import type { SectorMap } from '../../risk/concentration';
import { returnsMatrix } from '../../risk/matrix';
import { portfolioRisk, type PortfolioRiskReport } from '../../risk/portfolioRisk';
import { DEFAULT_ALERT_THRESHOLDS, evaluateAlerts, type AlertThresholds, type LimitUsage, type RiskAlert } from '../../risk/riskAlerts';
import { DEFAULT_RISK_LIMITS, type RiskLimits } from '../../risk/riskLimits';
import type { LimitUse, RiskReport, VarLine } from '../api/risk';
import type { Refusal } from '../user';
import type { BarHistory } from './barHistory';
import type { PortfolioBroker } from './portfolioService';

export interface RiskServiceOptions {
  readonly broker: PortfolioBroker;
  readonly history: BarHistory;
  readonly clock: Clock;
  readonly limits?: RiskLimits;
  readonly sectors?: SectorMap;
  /** The index for beta (default `NIFTY 50`). */
  readonly indexSymbol?: string;
  /** Daily returns used (default 250; at least 30 are required). */
  readonly lookbackDays?: number;
  /** The N of the N-day figures (default 10). */
  readonly horizonDays?: number;
  readonly monteCarloPaths?: number;
  readonly equity?: () => Promise<number>;
  /**
   * The equity the day started from at `time`: the risk engine's own figure (RiskEngine.dayStartAt, stored across
   * restarts), so /risk and the daily-loss limit agree. Absent: the equity this service first saw that day.
   */
  readonly dayStart?: (time: number) => number;
  /** Orders sent today (for the per-day limit). */
  readonly ordersToday?: () => Promise<number>;
  readonly alerts?: AlertCenter;
  readonly thresholds?: AlertThresholds;
  readonly marketOpen?: () => boolean;
  /** Last market data time per symbol (stale-data alerts). */
  readonly lastDataTime?: () => ReadonlyMap<string, number>;
}

/** The report with the figures the /risk table has no column for. */
export interface RiskReportDetail extends RiskReport {
  readonly dayStartEquity: number;
  readonly dayPnl: number;
  /** Daily and annualised volatility of the book's P&L, as fractions of equity. */
  readonly volatility: { readonly daily: number; readonly annualised: number };
  readonly largestPosition: { readonly symbol: string; readonly shareOfEquity: number } | null;
  readonly top5ShareOfGross: number;
  readonly sectors: readonly { readonly name: string; readonly gross: number; readonly shareOfEquity: number }[];
  readonly days: number;
}

export interface RiskScanner {
  /** Evaluates the alert rules now; resolves with the alerts that passed the deduper. */
  scan(): Promise<readonly RiskAlert[]>;
}

/** The services `risk` group (a RiskService: createServices checks it) with the detailed report and the scan. */
export interface RiskReportService extends RiskScanner {
  report(): Promise<Result<RiskReportDetail, Refusal>>;
}

const MIN_DAYS = 30;
const pct2 = (x: number): number => Math.round(x * 10_000) / 100;

export function riskService(o: RiskServiceOptions): RiskReportService {
  const limits = o.limits ?? DEFAULT_RISK_LIMITS;
  const index = o.indexSymbol ?? 'NIFTY 50';
  const lookback = o.lookbackDays ?? 250;
  const horizon = o.horizonDays ?? 10;
  let day = NaN;
  let dayStart = NaN;
  let peak = -Infinity;

  const book = async (): Promise<Result<{ positions: { symbol: string; value: number }[]; equity: number }, Refusal>> => {
    const [pos, m] = await Promise.all([o.broker.positions(), o.broker.margins()]);
    if (!pos.ok) return err(pos.error.message);
    if (!m.ok) return err(m.error.message);
    const bySymbol = new Map<string, number>();
    let value = 0;
    for (const p of pos.value) {
      if (p.quantity === 0) continue;
      bySymbol.set(p.symbol, (bySymbol.get(p.symbol) ?? 0) + p.quantity * p.lastPrice);
      value += p.quantity * p.lastPrice;
    }
    const equity = o.equity ? await o.equity() : m.value.available + m.value.used + value;
    const positions = [...bySymbol].map(([symbol, v]) => ({ symbol, value: v })).sort((a, b) => (a.symbol < b.symbol ? -1 : 1));
    const now = o.clock.now();
    if (o.dayStart) dayStart = o.dayStart(now);
    else if (istMidnight(now) !== day) {
      day = istMidnight(now);
      dayStart = equity;
    }
    peak = Math.max(peak, equity);
    return ok({ positions, equity });
  };

  const history = async (symbols: readonly string[]): Promise<Result<BarSeries[], Refusal>> => {
    const to = o.clock.now();
    const from = to - Math.ceil(lookback * 1.6 + 15) * 86_400_000;
    const out: BarSeries[] = [];
    for (const symbol of symbols) {
      const r = await o.history.bars({ symbol, interval: 'day', from, to });
      if (!r.ok) return r;
      out.push(r.value);
    }
    return ok(out);
  };

  const report = async (): Promise<Result<RiskReportDetail, Refusal>> => {
    const b = await book();
    if (!b.ok) return b;
    const { positions, equity } = b.value;
    if (!(equity > 0)) return err('Equity is not positive, so risk cannot be measured as a share of it; check the account balance.');
    let figures: PortfolioRiskReport | undefined;
    let days = 0;
    if (positions.length > 0) {
      const h = await history([...positions.map((p) => p.symbol), index]);
      if (!h.ok) return h;
      const aligned = alignedDailyReturns(h.value, lookback);
      days = aligned.ok ? aligned.value.dates.length : aligned.error.common;
      if (!aligned.ok || days < MIN_DAYS) {
        return err(`Only ${days} days of price history are common to the held symbols and ${index}; load at least ${MIN_DAYS} days of daily bars${aligned.ok ? '' : ` (shortest: ${aligned.error.shortest})`} and try again.`);
      }
      const rows = aligned.value.rows;
      figures = portfolioRisk({
        positions,
        returns: returnsMatrix(rows.slice(0, -1)),
        indexReturns: rows[rows.length - 1]!,
        equity,
        ...(o.sectors ? { sectors: o.sectors } : {}),
        confidences: [0.95, 0.99],
        horizons: [1, horizon],
        ...(o.monteCarloPaths !== undefined ? { monteCarloPaths: o.monteCarloPaths } : {}),
        indexShocks: [],
      });
    }
    const ordersToday = o.ordersToday ? await o.ordersToday() : undefined;
    return ok(assemble(equity, positions, figures, days, ordersToday));
  };

  const assemble = (equity: number, positions: readonly { symbol: string; value: number }[], f: PortfolioRiskReport | undefined, days: number, ordersToday: number | undefined): RiskReportDetail => {
    let gross = 0;
    let net = 0;
    for (const p of positions) {
      gross += Math.abs(p.value);
      net += p.value;
    }
    const varLines: VarLine[] = (f?.var ?? []).map((v) => ({ method: v.method, confidence: v.confidence, horizonDays: v.horizonDays, valueAtRisk: roundPaise(v.var), expectedShortfall: roundPaise(v.es) }));
    const var95 = f?.var.find((v) => v.method === 'historical' && v.confidence === 0.95 && v.horizonDays === 1)?.var ?? 0;
    const conc = f?.concentration;
    const lim: LimitUse[] = [
      { name: 'largest position', used: pct2(conc?.largest?.shareOfEquity ?? 0), limit: pct2(limits.maxPositionFraction), unit: '%' },
      ...(conc?.sectors ?? []).map((s): LimitUse => ({ name: `sector ${s.name}`, used: pct2(s.shareOfEquity), limit: pct2(limits.maxSectorFraction), unit: '%' })),
      { name: 'VaR 95% 1-day', used: pct2(Math.max(0, var95) / equity), limit: pct2(limits.maxVarFraction), unit: '%' },
      { name: 'day loss', used: roundPaise(Math.max(0, dayStart - equity)), limit: roundPaise(limits.dailyLossFraction * dayStart), unit: '₹' },
      ...(ordersToday !== undefined ? [{ name: 'orders today', used: ordersToday, limit: limits.maxOrdersPerDay, unit: 'orders' as const }] : []),
    ];
    return {
      equity: roundPaise(equity),
      grossExposure: roundPaise(gross),
      netExposure: roundPaise(net),
      beta: f ? f.beta : NaN,
      var: varLines,
      limits: lim,
      dayStartEquity: roundPaise(dayStart),
      dayPnl: roundPaise(equity - dayStart),
      volatility: { daily: f?.volatility.daily ?? 0, annualised: f?.volatility.annualised ?? 0 },
      largestPosition: conc?.largest ? { symbol: conc.largest.name, shareOfEquity: conc.largest.shareOfEquity } : null,
      top5ShareOfGross: conc?.top5ShareOfGross ?? 0,
      sectors: (conc?.sectors ?? []).map((s) => ({ name: s.name, gross: roundPaise(s.gross), shareOfEquity: s.shareOfEquity })),
      days,
    };
  };

  const scan = async (): Promise<readonly RiskAlert[]> => {
    const now = o.clock.now();
    const r = await report();
    const brokerDown = !r.ok && (await o.broker.margins().then((m) => !m.ok, () => true));
    const usage: LimitUsage[] = r.ok ? r.value.limits.filter((l) => l.name !== 'VaR 95% 1-day').map((l) => ({ name: l.name, used: l.used, limit: l.limit })) : [];
    const varRow = r.ok ? r.value.var.find((v) => v.method === 'historical' && v.confidence === 0.95 && v.horizonDays === 1) : undefined;
    const equity = r.ok ? r.value.equity : peak;
    const thresholds = { ...(o.thresholds ?? DEFAULT_ALERT_THRESHOLDS), maxVarFraction: limits.maxVarFraction, intradayLossFraction: limits.dailyLossFraction };
    const alerts = evaluateAlerts(
      {
        time: now,
        equity,
        peakEquity: peak > 0 ? peak : 0,
        dayStartEquity: r.ok ? r.value.dayStartEquity : dayStart,
        dayPnl: r.ok ? r.value.dayPnl : 0,
        ...(varRow ? { var: varRow.valueAtRisk } : {}),
        limits: usage.filter((l) => l.name !== 'day loss'),
        ...(o.lastDataTime ? { lastDataTime: o.lastDataTime() } : {}),
        marketOpen: o.marketOpen?.() ?? false,
        brokerConnected: !brokerDown,
      },
      thresholds,
    );
    return o.alerts ? o.alerts.publish(alerts) : alerts;
  };

  return { report, scan };
}
