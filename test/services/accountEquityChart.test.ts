import { accountEquityChart, flowAdjustedIndex } from '../../src/services/engine/accountEquityChart';
import { ok } from '../../src/core/result';
import type { PortfolioSnapshot } from '../../src/portfolio/snapshots/snapshot';

describe('account equity chart (end-of-day summary)', () => {
  test('the flow-adjusted index ignores deposits: a deposit day is flat, a loss after it is measured on the bigger base', () => {
    // 100 → 110 (+10 %) → deposit 50 with no gain (160) → 144 (−10 %)
    const u = flowAdjustedIndex([100, 110, 160, 144], [0, 0, 50, 0]);
    expect(Array.from(u).map((x) => +x.toFixed(6))).toEqual([1, 1.1, 1.1, 0.99]);
  });

  test('draws a PNG from two or more snapshots in the window, none from fewer', async () => {
    const snap = (time: number, equity: number): PortfolioSnapshot => ({ portfolioId: 'main', time, kind: 'daily', cash: equity, equity, positions: [], sectorExposure: {}, risk: { volatility: NaN, var1d: NaN }, externalFlow: 0, costs: 0 });
    let rows: PortfolioSnapshot[] = [snap(1, 100)];
    const asked: [string, number, number][] = [];
    const chart = accountEquityChart({ snapshots: { range: async (id, from, to) => (asked.push([id, from, to]), ok(rows)) }, clock: { now: () => 100 * 86_400_000 }, days: 30 });
    expect(await chart()).toBeUndefined();
    expect(asked[0]).toEqual(['main', 70 * 86_400_000, 100 * 86_400_000]);
    rows = [snap(1, 100), snap(2, 90), snap(3, 120)];
    const png = await chart();
    expect(png).toBeInstanceOf(Uint8Array);
    expect(Array.from(png!.subarray(0, 8))).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  });
});
