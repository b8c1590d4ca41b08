import { NseCalendar } from '../../../src/calendar/nseCalendar';
import { istTime } from '../../../src/calendar/ist';
import { isRebalanceDue, nextRebalanceAt, rebalanceScheduleSchema } from '../../../src/portfolio/rebalance/schedule';
import { driftedSymbols, parametricRisk, riskLimitSchema, riskTrigger, scaleTargets } from '../../../src/portfolio/rebalance/triggers';
import { performance } from '../../../src/portfolio/performance/performance';
import { buildSnapshot } from '../../../src/portfolio/snapshots/snapshot';

const cal = new NseCalendar();

describe('rebalance schedule', () => {
  it('weekly on Monday moves to the next trading day when Monday is a holiday', () => {
    const s = rebalanceScheduleSchema.parse({ frequency: 'weekly', weekday: 1, at: '15:00' });
    expect(cal.isTradingDay('2025-03-31')).toBe(false);
    expect(nextRebalanceAt(s, istTime('2025-03-28', '16:00'), cal)).toBe(istTime('2025-04-01', '15:00'));
    expect(nextRebalanceAt(s, istTime('2025-04-01', '15:00'), cal)).toBe(istTime('2025-04-07', '15:00'));
  });

  it('monthly first and last trading days; daily skips weekends', () => {
    const first = rebalanceScheduleSchema.parse({ frequency: 'monthly', at: '09:30' });
    const lastDay = rebalanceScheduleSchema.parse({ frequency: 'monthly', monthDay: 'last', at: '15:00' });
    const daily = rebalanceScheduleSchema.parse({ frequency: 'daily', at: '15:00' });
    expect(nextRebalanceAt(first, istTime('2025-05-10'), cal)).toBe(istTime('2025-06-02', '09:30'));
    expect(nextRebalanceAt(lastDay, istTime('2025-05-10'), cal)).toBe(istTime('2025-05-30', '15:00'));
    expect(nextRebalanceAt(daily, istTime('2025-05-09', '15:00'), cal)).toBe(istTime('2025-05-12', '15:00'));
  });

  it('is due once per scheduled instant', () => {
    const s = rebalanceScheduleSchema.parse({ frequency: 'weekly', weekday: 3, at: '15:00' });
    const wed = istTime('2025-05-07', '15:00');
    expect(isRebalanceDue(s, wed - 1, null, cal)).toBe(true); // the previous Wednesday's is still pending
    expect(isRebalanceDue(s, wed - 1, istTime('2025-04-30', '15:00'), cal)).toBe(false);
    expect(isRebalanceDue(s, wed, istTime('2025-04-30', '15:00'), cal)).toBe(true);
    expect(isRebalanceDue(s, wed + 3600_000, wed, cal)).toBe(false);
    expect(rebalanceScheduleSchema.safeParse({ frequency: 'weekly', at: '25:00' }).success).toBe(false);
  });
});

describe('triggers', () => {
  it('drift: absolute and relative thresholds', () => {
    const cur = new Map([
      ['INFY', 0.27],
      ['TCS', 0.2],
      ['ITC', 0.03],
    ]);
    const tgt = new Map([
      ['INFY', 0.25],
      ['TCS', 0.25],
    ]);
    expect(driftedSymbols(cur, tgt, { threshold: 0.03, mode: 'absolute' }).map((d) => d.symbol)).toEqual(['TCS']);
    expect(driftedSymbols(cur, tgt, { threshold: 0.05, mode: 'relative' }).map((d) => d.symbol)).toEqual(['TCS', 'ITC', 'INFY']);
  });

  it('risk: scales targets down to the binding limit', () => {
    const daily = 0.015; // 1.5% daily → 23.8% annual
    const fig = parametricRisk(daily * daily, 0.95);
    expect(fig.var1d).toBeCloseTo(1.6448536269514722 * 0.015, 12);
    const limit = riskLimitSchema.parse({ maxVolatility: 0.2, maxVar: 0.02 });
    const r = riskTrigger(fig, limit);
    expect(r.breached).toBe(true);
    const expected = Math.min(0.2 / (0.015 * Math.sqrt(252)), 0.02 / (1.6448536269514722 * 0.015));
    expect(r.scale).toBeCloseTo(expected, 12);
    const scaled = scaleTargets(new Map([['INFY', 0.5]]), r.scale);
    expect(scaled.get('INFY')).toBeCloseTo(0.5 * expected, 12);
    expect(riskTrigger(parametricRisk(0.0001, 0.95), limit)).toMatchObject({ breached: false, scale: 1 });
    expect(riskLimitSchema.safeParse({}).success).toBe(false);
  });
});

describe('time-weighted return', () => {
  it('neutralises a deposit: r_d = E_d / (E_{d−1} + F_d) − 1, checked by hand', () => {
    const s = (date: string, cash: number, flow: number) =>
      buildSnapshot({ portfolioId: 'p', time: istTime(date, '15:30'), kind: 'daily', cash, positions: [], prices: new Map(), sectors: new Map(), externalFlow: flow });
    // 100 → 110 (+10%), then a 50 deposit and 165 (= 160 × 1.03125), then 148.5 (−10%)
    const rep = performance([s('2025-01-30', 100, 0), s('2025-01-31', 110, 0), s('2025-02-03', 165, 50), s('2025-02-04', 148.5, 0)]);
    expect(rep.days.map((d) => d.ret)).toEqual([0, expect.closeTo(0.1, 12), expect.closeTo(165 / 160 - 1, 12), expect.closeTo(-0.1, 12)]);
    expect(rep.twr).toBeCloseTo(1.1 * (165 / 160) * 0.9 - 1, 12);
    expect(rep.monthly).toEqual([
      { month: '2025-01', ret: expect.closeTo(0.1, 12) },
      { month: '2025-02', ret: expect.closeTo((165 / 160) * 0.9 - 1, 12) },
    ]);
    expect(rep.maxDrawdown).toBeCloseTo(0.1, 12);
  });
});
