/**
 * The volatility of a symbol no strategy streams, from its daily history (src/risk/dailyVolatility.ts), and Kite
 * quotes for symbols the ticker has not priced (src/data/quotedPrices.ts). The estimate is checked against a direct
 * calculation: z(95%) × the sample standard deviation of the last 60 daily simple returns.
 */
import { DailyVolatility } from '../../src/risk/dailyVolatility';
import { QuotedPrices } from '../../src/data/quotedPrices';
import { istTime } from '../../src/calendar/ist';
import { BarSeries } from '../../src/core/barSeries';
import { SimulatedClock } from '../../src/core/clock';
import { err, ok } from '../../src/core/result';
import type { BarHistory, BarHistoryRequest } from '../../src/services/engine/barHistory';

const NOW = istTime('2025-03-03', '10:00');
const DAY = 86_400_000;

/** Daily closes 100 · Π(1 + r_k), r_k a fixed pseudo-random sequence, one bar a calendar day before `to`. */
function history(days: number, fail?: () => string | undefined): BarHistory & { readonly asked: BarHistoryRequest[] } {
  const asked: BarHistoryRequest[] = [];
  return {
    synthetic: true,
    asked,
    async bars(req) {
      asked.push(req);
      const problem = fail?.();
      if (problem) return err(problem);
      const s = new BarSeries(req.symbol, 'day', days);
      let c = 100;
      for (let k = 0; k < days; k++) {
        c *= 1 + 0.01 * Math.sin(k * 1.3 + req.symbol.length);
        s.push(req.to - (days - k) * DAY, c, c, c, c, 1000, Number.NaN);
      }
      return ok(s);
    },
  };
}

function expected(h: number[]): number {
  const r = h.slice(1).map((c, k) => c / h[k]! - 1).slice(-60);
  const mean = r.reduce((a, b) => a + b, 0) / r.length;
  const sd = Math.sqrt(r.reduce((a, b) => a + (b - mean) ** 2, 0) / (r.length - 1));
  return 1.6448536269514722 * sd;
}

describe('DailyVolatility', () => {
  test('the estimate is z × σ of the last 60 daily returns, read once a day per symbol', async () => {
    const clock = new SimulatedClock(NOW);
    const h = history(90);
    const v = new DailyVolatility({ history: h, clock });
    expect(v.perRupee('INFY')).toBeUndefined();
    await Promise.all([v.prepare(['INFY']), v.prepare(['INFY', 'INFY'])]);
    expect(h.asked).toHaveLength(1);
    expect(h.asked[0]).toMatchObject({ symbol: 'INFY', interval: 'day', to: istTime('2025-03-03', '00:00') });
    const bars = (await h.bars(h.asked[0]!)) as { ok: true; value: BarSeries };
    const closes = Array.from(bars.value.close.subarray(0, bars.value.length));
    expect(v.perRupee('INFY')).toBeCloseTo(expected(closes), 12);
    await v.prepare(['INFY']);
    expect(h.asked).toHaveLength(2); // the direct read above; prepare did not read again today
    clock.advance(DAY);
    await v.prepare(['INFY']);
    expect(h.asked).toHaveLength(3);
  });

  test('too little history or a failed read leaves no estimate, says why, and a failure is tried again', async () => {
    const short = new DailyVolatility({ history: history(15), clock: new SimulatedClock(NOW) });
    await short.prepare(['NEWIPO']);
    expect(short.perRupee('NEWIPO')).toBeUndefined();
    expect(short.problem('NEWIPO')).toBe('only 14 daily returns of NEWIPO before today');

    let down: string | undefined = 'Kite is not logged in, so the history of TCS cannot be read; send /login and try again.';
    const h = history(90, () => down);
    const v = new DailyVolatility({ history: h, clock: new SimulatedClock(NOW) });
    await v.prepare(['TCS']);
    expect(v.perRupee('TCS')).toBeUndefined();
    expect(v.problem('TCS')).toMatch(/not logged in/);
    down = undefined;
    await v.prepare(['TCS']);
    expect(v.perRupee('TCS')).toBeGreaterThan(0);
    expect(v.problem('TCS')).toBeUndefined();
  });
});

describe('QuotedPrices', () => {
  test('quotes only what the ticker has not priced, in one request; a quote is used for its lifetime; a failure is warned', async () => {
    const clock = new SimulatedClock(NOW);
    const calls: string[][] = [];
    let fail = false;
    const warnings: string[] = [];
    const q = new QuotedPrices({
      clock,
      ttlMs: 60_000,
      warn: (m, r) => warnings.push(`${m}: ${r}`),
      quote: async (symbols) => {
        calls.push([...symbols]);
        return fail ? err({ kind: 'network', message: 'Kite is down' }) : ok(new Map(symbols.map((s) => [s, s === 'TCS' ? 4000 : 1500])));
      },
    });
    const ticked = new Set(['INFY']);
    await q.prepare(['INFY', 'TCS', 'SBIN', 'TCS'], (s) => ticked.has(s));
    expect(calls).toEqual([['TCS', 'SBIN']]);
    expect(q.price('TCS')).toBe(4000);
    expect(q.price('INFY')).toBeUndefined();
    await q.prepare(['TCS'], () => false);
    expect(calls).toHaveLength(1); // still fresh
    clock.advance(61_000);
    expect(q.price('TCS')).toBeUndefined();
    fail = true;
    await q.prepare(['TCS'], () => false);
    expect(q.price('TCS')).toBeUndefined();
    expect(warnings).toEqual(["Kite's quote for TCS failed: Kite is down"]);
  });
});
