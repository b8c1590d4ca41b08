/**
 * Conventions of every statistic in src/analytics (also the README text — keep them in step).
 *
 * - Year: 252 trading days for annualising daily statistics (volatility, Sharpe, Sortino, alpha).
 * - Daily returns: the equity curve is sampled at the LAST equity value of each IST calendar day
 *   (Asia/Kolkata, UTC+05:30); r_d = E_d / E_{d-1} − 1, and the first day's base is the initial equity
 *   (option `initialEquity`, default: the first point of the curve). Days without bars do not exist
 *   (no zero-return filler for holidays).
 * - Risk-free rate: option `riskFreeRate`, an ANNUAL simple rate, default 0 (so Sharpe is comparable
 *   with vectorbt/quantstats defaults; pass 0.065 for an Indian 91-day T-bill-like rate). Its daily
 *   equivalent is (1 + rf)^(1/252) − 1.
 * - Volatility: SAMPLE standard deviation (n − 1) of daily returns × √252.
 * - Sharpe: mean(r − rf_d) / sampleStd(r − rf_d) × √252.
 * - Sortino: mean(r − rf_d) / DD × √252 with downside deviation
 *   DD = √( Σ min(0, r − rf_d)² / N ), target = rf_d (0 by default), N = ALL daily returns.
 * - CAGR: by calendar time, years = (last time − first time) / 365.25 days;
 *   CAGR = (final / initial)^(1 / years) − 1.
 * - Max drawdown: on the full-resolution curve, depth as a POSITIVE fraction below the running peak
 *   (0.25 = 25%); the drawdown SERIES is E / runningPeak − 1 (≤ 0). Start = the peak's time, trough,
 *   recovery = first time the curve is back at or above that peak (null if never), duration = peak →
 *   recovery (or → last point if not recovered).
 * - Calmar: CAGR / max drawdown depth.
 * - Trades: a trade is a CLOSED round trip (flat → position → flat). A position still open at the end
 *   is marked at the last close (`open: true`, no exit costs) and reported apart (`openPositions`,
 *   `openPnl`); the trade count, win rate, profit factor, expectancy and average win / loss leave it out.
 *   A win is pnl > 0, a loss pnl < 0 (pnl net of costs); win rate = wins / trades; profit factor = gross
 *   profit / |gross loss|; expectancy = mean pnl per trade (₹); average loss is negative.
 * - Charges (the `costs` of a run and each trade's `charges`): Zerodha's dated schedule, charged fill by
 *   fill through one session charge book (src/core/costs/chargeBook.ts): each fill costs what it adds
 *   to its IST day's contract note, so a day's fills add up to the note to the paisa. A CNC buy and sell
 *   of one scrip in one session are intraday on the note (min(bought, sold) squared off, first in first
 *   out); the sell that squares off a buy carries that buy's re-pricing (a credit of its delivery STT and
 *   stamp, a debit of intraday brokerage), so one fill's breakdown can be negative, a trade's never.
 * - Ties: strategy decisions compare exact signs on the decimal prices (src/indicators/exactTies.ts):
 *   fast SMA = slow SMA, close = its mean (z = 0) or close = a Bollinger band (z = ±k) are ties, never a
 *   side picked by float error; EMA crossings use EMAs kept on a 10⁻⁸-rupee grid (gridEma.ts).
 * - Stops: a signal's attached `stop` rests in the market and fills inside the first bar that touches it
 *   (at the stop, or at the open on a gap); a stop written as "exit when the close is at or below" is the
 *   strategy's own flat signal, filled at the next open (mean-reversion `stop=close`, its default).
 * - Benchmark span: the caller passes the benchmark cut to the run's own IST days (runBacktest: from the
 *   first to the last bar of the run), and its total return is from the first to the last close given.
 * - Exposure: share of equity-curve points at which a position is held (a trade covers the points
 *   with entryTime ≤ t < exitTime), unless an explicit in-market flag series is given.
 * - Turnover: traded value (buys + sells) / mean equity over the run; annual turnover divides by years.
 * - Benchmark (default NIFTY 50 buy and hold, supplied by the caller): daily returns of both series
 *   joined on IST dates present in both. beta = cov(r, b) / var(b) (sample, n − 1);
 *   alpha (annualised, CAPM, arithmetic) = 252 × [mean(r − rf_d) − beta × mean(b − rf_d)];
 *   correlation = Pearson's r.
 * - Division by zero: x / 0 = +Infinity if x > 0, −Infinity if x < 0, NaN if x = 0 (Sharpe with flat
 *   returns, profit factor with no losses, Calmar without drawdown). JSON shows ±Infinity as the strings
 *   "Infinity" / "-Infinity" and NaN as null (see metricsToJson).
 * - Quantiles: linear interpolation between order statistics (numpy's default, Hyndman & Fan type 7).
 */
export const TRADING_DAYS_PER_YEAR = 252;
export const CALENDAR_DAYS_PER_YEAR = 365.25;
export const DAY_MS = 86_400_000;
/** IST is UTC+05:30 all year. analytics imports only core, so the fixed offset lives here too. */
export const IST_OFFSET_MS = 330 * 60_000;

export interface MetricsOptions {
  /** Annual simple risk-free rate (0.065 = 6.5%). Default 0. */
  readonly riskFreeRate: number;
  /** Periods per year used to annualise daily statistics. Default 252. */
  readonly periodsPerYear: number;
}

export const DEFAULT_METRICS_OPTIONS: MetricsOptions = Object.freeze({ riskFreeRate: 0, periodsPerYear: TRADING_DAYS_PER_YEAR });

/** Daily equivalent of an annual rate over `periodsPerYear` compounding periods. */
export const dailyRiskFree = (annual: number, periodsPerYear: number): number => (1 + annual) ** (1 / periodsPerYear) - 1;

/** x / y with the documented zero-denominator rule. */
export function safeRatio(x: number, y: number): number {
  if (y !== 0) return x / y;
  if (x > 0) return Infinity;
  if (x < 0) return -Infinity;
  return NaN;
}

/** IST day number (days since 1970-01-01 IST) of an instant. */
export const istDayNumber = (t: number): number => Math.floor((t + IST_OFFSET_MS) / DAY_MS);
/** `YYYY-MM-DD` of an IST day number. */
export const istDayString = (day: number): string => new Date(day * DAY_MS).toISOString().slice(0, 10);
