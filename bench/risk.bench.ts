/**
 * Portfolio risk speed: the whole report (VaR/ES historical + parametric + Monte Carlo 10,000 paths
 * at 95/99% over 1 and 10 days, volatility, betas to NIFTY 50, correlation matrix, concentration,
 * −10% index shock and the 2020-03 and 2008-10 replays) for 50 positions × 1,000 days, on real NSE
 * closes from ../shared/data/nse when present (read in place, never copied), else on seeded
 * synthetic data. Target ≤ 20 ms (seed target < 100 ms). Also the pre-trade gate's checks/s.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { istTime } from '../src/calendar/ist';
import { clientOrderId, userId } from '../src/core/ids';
import type { OrderIntent } from '../src/core/order';
import { returnsMatrix } from '../src/risk/matrix';
import { portfolioRisk, type PortfolioRiskInput } from '../src/risk/portfolioRisk';
import { SeededRandom } from '../src/risk/prng';
import { check } from '../src/risk/riskGate';
import type { RiskSnapshot } from '../src/risk/riskSnapshot';
import type { PriceHistory } from '../src/risk/stressTest';
import type { BenchGroup } from './harness';
import { consume, repoRoot, timeMedian } from './harness';

/** ../shared/data/nse relative to the repository root, never an absolute path. */
const NSE = resolve(repoRoot(), '..', 'shared', 'data', 'nse');
const ASSETS = 50;
const DAYS = 1000;

function readCloses(file: string): Map<string, number> {
  const out = new Map<string, number>();
  const lines = readFileSync(file, 'utf8').split('\n');
  for (let i = 1; i < lines.length; i++) {
    const c = lines[i]!.split(',');
    if (c.length >= 5) out.set(c[0]!, Number(c[4]));
  }
  return out;
}

const history = (m: Map<string, number>): PriceHistory => {
  const dates = [...m.keys()].sort();
  return { time: Float64Array.from(dates, (d) => istTime(d)), close: Float64Array.from(dates, (d) => m.get(d)!) };
};

function realInput(): { input: PortfolioRiskInput; source: string } | null {
  if (!existsSync(join(NSE, 'index/NIFTY50.csv'))) return null;
  const index = readCloses(join(NSE, 'index/NIFTY50.csv'));
  const all = readdirSync(join(NSE, 'daily')).filter((f) => f.endsWith('.csv')).map((f) => [f.slice(0, -4), readCloses(join(NSE, 'daily', f))] as const);
  // the 50 symbols with the most recent data, on the index dates all of them traded
  const lastDate = (m: Map<string, number>): string => [...m.keys()].sort().at(-1) ?? '';
  const chosen = [...all].sort((a, b) => lastDate(b[1]).localeCompare(lastDate(a[1])) || a[0].localeCompare(b[0])).slice(0, ASSETS);
  const common = [...index.keys()].sort().filter((d) => chosen.every(([, m]) => m.has(d)));
  if (chosen.length < ASSETS || common.length < DAYS + 1) return null;
  const last = common.slice(-(DAYS + 1));
  const ret = (m: Map<string, number>): Float64Array => Float64Array.from({ length: DAYS }, (_, t) => m.get(last[t + 1]!)! / m.get(last[t]!)! - 1);
  const positions = chosen.map(([s], i) => ({ symbol: s, value: (i % 7 === 0 ? -1 : 1) * (50_000 + 10_000 * (i % 9)) }));
  const sectors = Object.fromEntries(chosen.map(([s], i) => [s, `Sector${i % 8}`]));
  return {
    source: `NSE daily closes ${last[0]} to ${last.at(-1)}`,
    input: {
      positions,
      returns: returnsMatrix(chosen.map(([, m]) => ret(m))),
      indexReturns: ret(index),
      equity: 5_000_000,
      sectors,
      replay: { prices: new Map(chosen.map(([s, m]) => [s, history(m)] as const)), index: history(index) },
    },
  };
}

function syntheticInput(): PortfolioRiskInput {
  const g = new SeededRandom(2026);
  const idx = Float64Array.from({ length: DAYS }, () => 0.011 * g.nextNormal());
  const rows = Array.from({ length: ASSETS }, (_, i) => Float64Array.from(idx, (m) => (0.6 + 0.02 * i) * m + 0.013 * g.nextNormal()));
  return {
    positions: rows.map((_, i) => ({ symbol: `S${i}`, value: 50_000 + 10_000 * (i % 9) })),
    returns: returnsMatrix(rows),
    indexReturns: idx,
    equity: 5_000_000,
  };
}

export const group: BenchGroup = {
  name: 'risk',
  run(ctx) {
    const real = realInput();
    const input = real?.input ?? syntheticInput();
    const note = `${ASSETS} positions × ${DAYS} days, ${real?.source ?? 'synthetic'}; 3 methods × 95/99% × 1/10 days, MC 10,000 paths; target ≤ 20 ms`;
    const ms = timeMedian(() => consume(portfolioRisk(input).var.length), 11, 3);
    ctx.report({ bench: 'risk.portfolio.50x1000', value: Number(ms.toFixed(2)), unit: 'ms', baseline: 20, ratio: Number((ms / 20).toFixed(3)), note });
    const one = portfolioRisk(input);
    const v = (m: string, c: number, h: number): number => Math.round(one.var.find((f) => f.method === m && f.confidence === c && f.horizonDays === h)!.var);
    ctx.report({ bench: 'risk.figures.var99.1d', value: v('historical', 0.99, 1), unit: '₹', note: `historical; parametric ${v('parametric', 0.99, 1)}, Monte Carlo ${v('monteCarlo', 0.99, 1)}; beta ${one.beta.toFixed(3)}; stress ${one.stress.map((s) => `${s.name} ${Math.round(s.pnl)}`).join(', ')}` });

    const t = istTime('2026-11-25', '11:00');
    const snap: RiskSnapshot = {
      time: t,
      tradingState: 'ACTIVE',
      equity: 5_000_000,
      dayStartEquity: 5_000_000,
      dayPnl: -10_000,
      positions: new Map(input.positions.map((p) => [p.symbol, { quantity: Math.round(p.value / 100), lastPrice: 100 }] as const)),
      market: new Map(input.positions.map((p) => [p.symbol, { lastPrice: 100, lowerCircuit: 90, upperCircuit: 110 }] as const)),
      sectors: input.sectors,
      recentOrders: Array.from({ length: 50 }, (_, i) => ({ symbol: input.positions[i]!.symbol, side: 'BUY' as const, quantity: 10, time: t - i * 30_000 })),
      var: { current: 100_000, perRupee: new Map(input.positions.map((p) => [p.symbol, 0.03] as const)) },
    };
    const intents: OrderIntent[] = input.positions.map((p, i) => ({
      clientOrderId: clientOrderId(`b${i}`),
      symbol: p.symbol,
      side: i % 2 ? 'SELL' : 'BUY',
      quantity: 100 + i,
      orderType: 'LIMIT',
      price: 101,
      product: 'CNC',
      validity: 'DAY',
      source: { kind: 'user', userId: userId('bench') },
      reason: 'bench',
      time: t,
    }));
    const n = 100_000;
    const msG = timeMedian(() => {
      for (let i = 0; i < n; i++) consume(check(intents[i % intents.length]!, snap).ok ? 1 : 0);
    }, 5, 1);
    ctx.report({ bench: 'risk.gate.check', value: Math.round(n / (msG / 1000)), unit: 'checks/s', note: '50 positions, 8 sectors, 50 recent orders' });
  },
};
