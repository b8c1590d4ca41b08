import { atrStop, fixedPercentStop, riskRewardTarget, volatilityStop } from '../../src/risk/stops';

const val = <T>(r: { ok: true; value: T } | { ok: false }): T => {
  if (!r.ok) throw new Error('expected ok');
  return r.value;
};

describe('stops and targets round on the safe side', () => {
  it('fixed percent: long rounds up, short rounds down', () => {
    // 2% of 101.30 = 2.026 → long raw 99.274 → ceil to 0.05 = 99.30 (tighter); short raw 103.326 → floor 103.30
    expect(val(fixedPercentStop(101.3, 'long', 0.02, 0.05))).toBe(99.3);
    expect(val(fixedPercentStop(101.3, 'short', 0.02, 0.05))).toBe(103.3);
  });

  it('ATR multiple and volatility stops', () => {
    // 1.5 × 4.13 = 6.195 → 500 − 6.195 = 493.805 → 493.85
    expect(val(atrStop(500, 'long', 4.13, 1.5, 0.05))).toBe(493.85);
    // 2 × 0.0123 × 500 = 12.3 → short 512.30 exactly on the grid
    expect(val(volatilityStop(500, 'short', 0.0123, 2, 0.05))).toBe(512.3);
  });

  it('take-profit from a risk-reward ratio rounds toward the entry', () => {
    // long: entry 100, stop 97.35 → risk 2.65, 1:2 → 100 + 5.30 = 105.30 (on grid)
    expect(val(riskRewardTarget(100, 97.35, 'long', 2, 0.05))).toBe(105.3);
    // 1:1.5 → 100 + 3.975 = 103.975 → floor 103.95
    expect(val(riskRewardTarget(100, 97.35, 'long', 1.5, 0.05))).toBe(103.95);
    // short: entry 100, stop 102.65 → risk 2.65, 1:1.5 → 96.025 → ceil 96.05
    expect(val(riskRewardTarget(100, 102.65, 'short', 1.5, 0.05))).toBe(96.05);
  });

  it('refuses stops thinner than a tick and stops on the wrong side', () => {
    expect(fixedPercentStop(100, 'long', 0.0001, 0.05).ok).toBe(false); // 0.01 < tick
    expect(riskRewardTarget(100, 101, 'long', 2, 0.05).ok).toBe(false);
  });
});
