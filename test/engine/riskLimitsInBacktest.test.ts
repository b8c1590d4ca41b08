/**
 * The kernel on the backtest's trading stack with the real pre-trade limits (the risk engine with `--risk config`
 * limits): daily bars where the position limit resizes an order, the VaR limit denies one, the daily loss limit
 * stops new entries, and the events say why. Numbers are checked against a hand computation.
 */
import { backtestStack } from '../../src/backtest/backtestStack';
import { buildRequest } from '../../src/backtest/request';
import { NseCalendar } from '../../src/calendar/nseCalendar';
import { BarSeries } from '../../src/core/barSeries';
import { ZeroCostModel } from '../../src/core/costs';
import type { DomainEvent } from '../../src/core/events';
import { strategyInstanceId } from '../../src/core/ids';
import { unwrap } from '../../src/core/result';
import type { SignalDirection } from '../../src/core/signal';
import { parseRiskLimits, riskLimitsFromPercent, type RiskLimitsInput } from '../../src/risk/riskLimits';
import { scriptedStrategy } from './support/scriptedStrategy';

const DAY = 86_400_000;
/** 00:00 IST of Monday 2024-01-01 (daily bars start at IST midnight). */
const T0 = Date.parse('2024-01-01T00:00:00+05:30');
/** Φ⁻¹(0.95), from tables. */
const Z95 = 1.6448536269514722;

const scripted = (script: Record<number, [SignalDirection, number]>) => scriptedStrategy(script, 'day');

/** Flat daily bars (open = high = low = close) with the given closes. */
function series(closes: readonly number[]): BarSeries {
  const s = new BarSeries('X', 'day', closes.length);
  closes.forEach((c, i) => s.push(T0 + i * DAY, c, c, c, c, 1000, NaN));
  return s;
}

function run(closes: readonly number[], script: Record<number, [SignalDirection, number]>, limits: RiskLimitsInput) {
  const request = { ...unwrap(buildRequest({ strategy: 'scripted', symbols: ['X'], interval: 'day', costs: 'none', tickSize: 0 })), riskLimits: unwrap(parseRiskLimits(limits)) };
  const { kernel, events } = backtestStack({ request, costs: new ZeroCostModel(), calendar: new NseCalendar(), cashBufferBps: 0, warn: () => undefined });
  const seen: DomainEvent[] = [];
  events.onAny((e) => seen.push(e));
  kernel.preload(series(closes));
  unwrap(kernel.addInstance({ id: strategyInstanceId('s'), strategy: scripted(script), params: {}, symbols: ['X'], capital: 1_000_000 }));
  kernel.run();
  const rt = kernel.instance(strategyInstanceId('s'))!;
  return { seen, position: rt.ledger.position[0]!, cash: rt.ledger.cash };
}

/** 100, high, 100, high, …: with high = 101, returns alternate +1% and −0.990099%. */
const alternating = (n: number, high = 101) => Array.from({ length: n }, (_, i) => (i % 2 === 0 ? 100 : high));

/** Sample stdev of simple returns of closes[from-1..to], written out the long way. */
function sigma(closes: readonly number[], from: number, to: number): number {
  const r: number[] = [];
  for (let k = from; k <= to; k++) r.push(closes[k]! / closes[k - 1]! - 1);
  const m = r.reduce((a, b) => a + b, 0) / r.length;
  return Math.sqrt(r.reduce((a, b) => a + (b - m) ** 2, 0) / (r.length - 1));
}

describe('kernel with the real pre-trade limits (backtest --risk config)', () => {
  it('the position limit resizes an entry to 10% of equity and the order says why', () => {
    const closes = alternating(30);
    // Signal at bar 25's close; sized at bar 26's open (100): 1,000,000 / 100 = 10,000 shares wanted.
    const { seen, position, cash } = run(closes, { 25: ['long', 1] }, { maxPositionFraction: 0.1 });
    const orders = seen.flatMap((e) => (e.type === 'order-submitted' ? [e.intent] : []));
    expect(orders).toHaveLength(1);
    // 10% of ₹10,00,000 = ₹1,00,000 at ₹100 a share = 1,000 shares.
    expect(orders[0]!.quantity).toBe(1000);
    expect(orders[0]!.reason).toBe('script 25 [risk: resized from 10000 to 1000 to stay within the maximum position of 10% of equity (₹1,00,000)]');
    expect(seen.some((e) => e.type === 'risk-denied')).toBe(false);
    expect(position).toBe(1000);
    expect(cash).toBe(1_000_000 - 1000 * 100);
  });

  it('the VaR limit denies an entry when resizing is off, naming the largest allowed size', () => {
    const closes = alternating(30, 103);
    const { seen, position } = run(closes, { 25: ['long', 0.5] }, { maxPositionFraction: 0.5, maxSectorFraction: 0.8, maxVarFraction: 0.01, allowResize: false });
    // VaR per rupee = z95 × σ of the 25 closed daily returns (bars 1..25); the limit is 1% of ₹10,00,000 = ₹10,000.
    const perRupee = Z95 * sigma(closes, 1, 25);
    const allowed = Math.floor(10_000 / (100 * perRupee));
    // By hand: 13 returns of +3%, 12 of −2.9126%; mean 0.16194%, σ = √(0.0218144 / 24) = 3.0149%; ×1.6449 = 0.049591 → 10,000 / 4.9591 = 2016.5.
    expect(allowed).toBe(2016);
    const denials = seen.flatMap((e) => (e.type === 'risk-denied' ? [e] : []));
    expect(denials).toHaveLength(1);
    expect(denials[0]!.intent.quantity).toBe(5000);
    expect(denials[0]!.reason).toBe(`Buying 5000 X would break the portfolio VaR limit of 1% of equity (₹10,000); lower the quantity to at most ${allowed} or change the limit.`);
    expect(seen.some((e) => e.type === 'order-submitted')).toBe(false);
    expect(position).toBe(0);
  });

  it('with too little history for a volatility estimate, an entry is denied and the reason says what to do', () => {
    const closes = alternating(30);
    const { seen } = run(closes, { 5: ['long', 0.05] }, {});
    const denial = seen.find((e) => e.type === 'risk-denied');
    expect(denial && denial.type === 'risk-denied' && denial.reason).toBe(
      'There is no volatility estimate for X, so its effect on portfolio VaR is unknown; load its price history before adding to the position.',
    );
  });

  it('after a day loss past the limit new entries are denied but exits still go out', () => {
    // 100/101 for 31 days, then 60. Buy 10% at bar 26 (open 100), try to add at bar 31 after the
    // drop, then sell at bar 33.
    const closes = [...alternating(31), 60, 60, 60, 60];
    const { seen, position } = run(closes, { 25: ['long', 0.1], 30: ['long', 0.2], 32: ['flat', 0] }, { maxPositionFraction: 0.5, dailyLossFraction: 0.01 });
    const kinds = seen.flatMap((e) => (e.type === 'order-submitted' ? [`${e.intent.side} ${e.intent.quantity}`] : e.type === 'risk-denied' ? [`denied ${e.intent.side} ${e.intent.quantity}`] : []));
    // Bar 26 open 100: 1,000 shares. Bar 31 opens at 60: the day started at 1,000 × 100 (bar 30's close)
    // + ₹9,00,000 cash = ₹10,00,000; now 1,000 × 60 + ₹9,00,000 = ₹9,60,000, a ₹40,000 (4%) day loss ≥ 1%.
    expect(kinds).toEqual(['BUY 1000', 'denied BUY 2200', 'SELL 1000']);
    const denial = seen.find((e) => e.type === 'risk-denied');
    expect(denial && denial.type === 'risk-denied' && denial.reason).toBe(
      "Today's loss of ₹40,000 has reached the daily loss limit of 1% (₹10,000), so new entries are halted for the day; only exits are accepted.",
    );
    expect(position).toBe(0);
  });

  it('config percentages become the gate fractions, with the same bounds', () => {
    const base = { maxPositionPct: 10, maxSectorPct: 30, maxOrderValue: 100_000, maxOrdersPerDay: 100, maxOrdersPerMinute: 20, dailyLossLimitPct: 2, varLimitPct: 5 };
    expect(unwrap(riskLimitsFromPercent(base))).toMatchObject({ maxPositionFraction: 0.1, maxSectorFraction: 0.3, dailyLossFraction: 0.02, maxVarFraction: 0.05, maxOrderValue: 100_000 });
    expect(riskLimitsFromPercent({ ...base, maxPositionPct: 60 })).toEqual({ ok: false, error: expect.stringContaining('maxPositionFraction') });
  });
});
