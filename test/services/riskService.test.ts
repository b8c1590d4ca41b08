/**
 * The risk report and the risk scan on a book built so every figure can be worked out by hand:
 * the index moves +1%, −1%, +1%, … for 40 days; A moves twice the index (β 2), B half (β 0.5).
 * Holding ₹10,000 of A and ₹20,000 of B, the daily P&L is 30,000 × index return = ±₹300.
 */
import { BarSeries } from '../../src/core/barSeries';
import type { BrokerPosition } from '../../src/core/broker';
import { SimulatedClock } from '../../src/core/clock';
import { DomainEvents, type DomainEvent } from '../../src/core/events';
import { err, ok } from '../../src/core/result';
import { AlertCenter } from '../../src/risk/alerts/alertCenter';
import { MemoryAlertStore } from '../../src/risk/alerts/alertStore';
import type { BarHistory } from '../../src/services/engine/barHistory';
import { alertsService } from '../../src/services/engine/alertsService';
import type { PortfolioBroker } from '../../src/services/engine/portfolioService';
import { riskService } from '../../src/services/engine/riskService';

const DAY = 86_400_000;
/** Wednesday 2025-01-08 11:00 IST. */
const NOW = Date.parse('2025-01-08T05:30:00Z');
const Z95 = 1.6448536269514722;

const index = (t: number): number => (t % 2 === 0 ? 0.01 : -0.01);
const BETA: Record<string, number> = { 'NIFTY 50': 1, A: 2, B: 0.5 };

/** 41 daily closes (09:15 IST) ending the day before NOW: 40 returns of β × index. */
const history: BarHistory = {
  synthetic: true,
  async bars(req) {
    const beta = BETA[req.symbol];
    if (beta === undefined) return err(`There is no price history for ${req.symbol}; check the symbol.`);
    const s = new BarSeries(req.symbol, 'day', 64);
    const first = Date.parse('2024-11-27T03:45:00Z');
    let p = 1000;
    for (let t = 0; t <= 40; t++) {
      if (t > 0) p *= 1 + beta * index(t);
      s.push(first + t * DAY, p, p, p, p, 1000, NaN);
    }
    return ok(s);
  },
};

function broker(positions: BrokerPosition[]) {
  const state = { available: 70_000, up: true };
  const b: PortfolioBroker = {
    async positions() {
      return state.up ? ok(positions) : err({ kind: 'network', message: 'The broker did not answer; check the connection.' });
    },
    async margins() {
      return state.up ? ok({ available: state.available, used: 0 }) : err({ kind: 'network', message: 'The broker did not answer; check the connection.' });
    },
  };
  return { b, state };
}

const held: BrokerPosition[] = [
  { symbol: 'A', product: 'CNC', quantity: 100, averagePrice: 95, lastPrice: 100 },
  { symbol: 'B', product: 'CNC', quantity: 100, averagePrice: 210, lastPrice: 200 },
];

function setup() {
  const clock = new SimulatedClock(NOW);
  const events = new DomainEvents();
  const seen: DomainEvent[] = [];
  events.on('alert', (e) => seen.push(e));
  const center = new AlertCenter({ store: new MemoryAlertStore(), events, clock });
  const { b, state } = broker(held);
  const risk = riskService({
    broker: b,
    history,
    clock,
    sectors: new Map([['A', 'Information Technology'], ['B', 'Energy']]),
    ordersToday: async () => 3,
    alerts: center,
    marketOpen: () => true,
  });
  return { clock, seen, center, risk, state };
}

describe('risk service', () => {
  it('reports VaR/CVaR, beta, volatility, exposure, concentration and limit use, checked by hand', async () => {
    const { risk } = setup();
    const r = await risk.report();
    if (!r.ok) throw new Error(r.error);
    const rep = r.value;
    expect([rep.equity, rep.grossExposure, rep.netExposure]).toEqual([100_000, 30_000, 30_000]);
    // β = (10,000 × 2 + 20,000 × 0.5) / 30,000 = 1.
    expect(rep.beta).toBeCloseTo(1, 10);
    expect(rep.days).toBe(40);
    const line = (method: string, c: number, h: number) => rep.var.find((v) => v.method === method && v.confidence === c && v.horizonDays === h)!;
    // Historical 1-day: 20 days of −₹300, 20 of +₹300; the 2nd-worst of 40 (k = ⌈40 × 5%⌉) is −300, the mean of the 2 worst too.
    expect(line('historical', 0.95, 1)).toEqual({ method: 'historical', confidence: 0.95, horizonDays: 1, valueAtRisk: 300, expectedShortfall: 300 });
    expect(line('historical', 0.99, 1)).toMatchObject({ valueAtRisk: 300, expectedShortfall: 300 });
    // Parametric: mean 0, sample σ = 300 × √(40/39) = 303.82; VaR = z·σ, N-day × √10.
    const sd = 300 * Math.sqrt(40 / 39);
    expect(line('parametric', 0.95, 1).valueAtRisk).toBeCloseTo(Z95 * sd, 2);
    expect(line('parametric', 0.95, 10).valueAtRisk).toBeCloseTo(Z95 * sd * Math.sqrt(10), 2);
    expect(rep.var.filter((v) => v.method === 'monteCarlo')).toHaveLength(4);
    expect(rep.volatility.daily).toBeCloseTo(sd / 100_000, 12);
    expect(rep.volatility.annualised).toBeCloseTo((sd / 100_000) * Math.sqrt(252), 12);
    expect(rep.largestPosition).toEqual({ symbol: 'B', shareOfEquity: 0.2 });
    expect(rep.top5ShareOfGross).toBeCloseTo(1, 12);
    expect(rep.sectors).toEqual([
      { name: 'Energy', gross: 20_000, shareOfEquity: 0.2 },
      { name: 'Information Technology', gross: 10_000, shareOfEquity: 0.1 },
    ]);
    expect(rep.limits).toEqual([
      { name: 'largest position', used: 20, limit: 10, unit: '%' },
      { name: 'sector Energy', used: 20, limit: 30, unit: '%' },
      { name: 'sector Information Technology', used: 10, limit: 30, unit: '%' },
      { name: 'VaR 95% 1-day', used: 0.3, limit: 5, unit: '%' },
      { name: 'day loss', used: 0, limit: 2000, unit: '₹' },
      { name: 'orders today', used: 3, limit: 200, unit: 'orders' },
    ]);
  });

  it('says what to do when a held symbol has no price history', async () => {
    const clock = new SimulatedClock(NOW);
    const risk = riskService({ broker: broker([{ symbol: 'ZZZ', product: 'CNC', quantity: 1, averagePrice: 1, lastPrice: 1 }]).b, history, clock });
    expect(await risk.report()).toEqual({ ok: false, error: 'There is no price history for ZZZ; check the symbol.' });
  });

  it('scan: a limit breach, then drawdown and day loss, then a broker outage — each once within the cooldown', async () => {
    const { clock, seen, risk, state } = setup();
    const first = await risk.scan();
    expect(first.map((a) => [a.kind, a.severity, a.key])).toEqual([['limit-breach', 'critical', 'limit:largest position']]);
    expect(seen.map((e) => e.type === 'alert' && e.message)).toEqual(['The largest position limit is breached (200% of the limit used); reduce the exposure or review the limit.']);
    clock.advance(60_000);
    expect(await risk.scan()).toEqual([]); // same condition within the cooldown

    // Cash falls by ₹15,000: equity ₹85,000, 15% below the peak (critical from 10%) and ₹15,000 down on the day (limit 2% = ₹2,000).
    state.available = 55_000;
    clock.advance(60_000);
    const second = await risk.scan();
    expect(second.map((a) => [a.kind, a.severity, a.value, a.threshold])).toEqual([
      ['drawdown', 'critical', expect.closeTo(0.15, 12), 0.1],
      ['intraday-loss', 'critical', 15_000, 2000],
    ]);

    state.up = false;
    clock.advance(60_000);
    const third = await risk.scan();
    expect(third.map((a) => a.kind)).toEqual(['broker-disconnected']);
    expect(third[0]!.message).toBe('The broker connection is down; check the network and the Kite session, and log in again if the token expired.');
  });

  it('alerts group: lists newest first, mutes a kind, refuses unknown kinds and over-long mutes', async () => {
    const { clock, center, risk, seen } = setup();
    const alerts = alertsService(center);
    expect(await alerts.mute('limit-breach', 3_600_000)).toEqual({ ok: true, value: { kind: 'limit-breach', until: NOW + 3_600_000 } });
    await risk.scan();
    expect(seen).toEqual([]); // muted: stored, not emitted
    expect(await alerts.list()).toEqual([
      { kind: 'limit-breach', level: 'critical', message: 'The largest position limit is breached (200% of the limit used); reduce the exposure or review the limit. (muted)', time: NOW },
    ]);
    expect(await alerts.mutes()).toEqual([{ kind: 'limit-breach', until: NOW + 3_600_000 }]);
    expect(await alerts.mute('var-nope', 60_000)).toEqual({ ok: false, error: expect.stringMatching(/^There is no alert kind "var-nope"; use one of limit-breach, .*, all\.$/) });
    expect(await alerts.mute('all', 8 * DAY)).toEqual({ ok: false, error: 'A mute can last at most 7 days; give a duration such as 30m, 2h or 1d.' });
    clock.advance(2 * 3_600_000);
    expect(await alerts.mutes()).toEqual([]);
  });
});
