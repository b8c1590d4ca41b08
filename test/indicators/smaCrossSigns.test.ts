/**
 * smaCrossSigns (two block passes over its output) against the composition it replaces — sma(fast), sma(slow) and
 * the exact sign at each bar (exactTies.ts smaCrossSign) — bar for bar, bit for bit: on tick-grid walks, on coarse
 * ticks full of ties, with a gap (NaN) in the prices, and with fast ≥ slow.
 */
import fc from 'fast-check';
import { smaCrossSign } from '../../src/indicators/exactTies';
import { sma } from '../../src/indicators/sma';
import { smaCrossSigns } from '../../src/indicators/smaCrossSigns';
import { randomWalk } from './support/randomWalk';

function composed(c: Float64Array, fast: number, slow: number): Float64Array {
  const f = sma(c, fast);
  const s = sma(c, slow);
  return Float64Array.from(c, (_, i) => smaCrossSign(c, i, fast, slow, f[i]!, s[i]!));
}

const same = (a: Float64Array, b: Float64Array): void => {
  expect(a.length).toBe(b.length);
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) throw new Error(`bar ${i}: ${a[i]} vs ${b[i]}`);
};

describe('smaCrossSigns', () => {
  test('equals sma + smaCrossSign bar for bar on a 20,000-bar walk (10/30 and 7/13)', () => {
    const c = randomWalk(20_000, { seed: 7 }).close;
    same(smaCrossSigns(c, 10, 30), composed(c, 10, 30));
    same(smaCrossSigns(c, 7, 13), composed(c, 7, 13));
  });

  test('property: equal on coarse tick data full of exact ties, for any periods (fast ≥ slow too)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 200, max: 203 }), { minLength: 1, maxLength: 150 }), fc.integer({ min: 1, max: 20 }), fc.integer({ min: 1, max: 40 }), (ticks, fast, slow) => {
        const c = Float64Array.from(ticks, (t) => t / 20);
        const got = smaCrossSigns(c, fast, slow);
        same(got, composed(c, fast, slow));
        expect(got.filter((x) => x === 0).length).toBe(composed(c, fast, slow).filter((x) => x === 0).length);
      }),
      { numRuns: 300 },
    );
  });

  test('a missing price (NaN) poisons the signs exactly as it poisons the two averages, then they recover', () => {
    const c = randomWalk(400, { seed: 3 }).close;
    c[120] = NaN;
    const got = smaCrossSigns(c, 5, 12);
    same(got, composed(c, 5, 12));
    expect(Number.isNaN(got[125]!)).toBe(true);
    expect(Number.isNaN(got[399]!)).toBe(false);
  });

  test('writes into the given array and refuses a bad period', () => {
    const c = randomWalk(100, { seed: 1 }).close;
    const out = new Float64Array(100);
    expect(smaCrossSigns(c, 3, 9, out)).toBe(out);
    expect(() => smaCrossSigns(c, 0, 9)).toThrow(/fast must be an integer ≥ 1/);
  });
});
