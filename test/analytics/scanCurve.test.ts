import fc from 'fast-check';
import { maxDrawdown, scanCurve } from '../../src/analytics';

/** The running-peak definition written out plainly: the depth 1 − e/peak at every point, the first deepest kept. */
function plainDrawdown(equity: readonly number[]): { depth: number; peak: number; trough: number } {
  let peak = equity[0]!;
  let peakIdx = 0;
  let depth = 0;
  let at = { peak: 0, trough: 0 };
  for (let i = 1; i < equity.length; i++) {
    const e = equity[i]!;
    if (e >= peak) {
      peak = e;
      peakIdx = i;
      continue;
    }
    const dd = 1 - e / peak;
    if (dd > depth) {
      depth = dd;
      at = { peak: peakIdx, trough: i };
    }
  }
  return { depth, ...at };
}

// Values with ties, zeros and both signs, and long falls: the cut that spares most divisions must never skip a point.
const value = fc.oneof(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.integer({ min: -3, max: 40 }), fc.constantFrom(0, 1, 100, 100.5, -1, 1e-300));
const curve = fc.array(value, { minLength: 1, maxLength: 200 });

test('property: the one-pass drawdown is the running-peak definition exactly (depth, peak, trough), whatever the values', () => {
  fc.assert(
    fc.property(curve, (equity) => {
      const time = equity.map((_, i) => 1_700_000_000_000 + i * 60_000);
      const want = plainDrawdown(equity);
      const got = maxDrawdown(time, equity);
      expect(got.depth).toBe(want.depth);
      if (want.depth > 0) {
        expect(got.peakTime).toBe(time[want.peak]);
        expect(got.troughTime).toBe(time[want.trough]);
      }
    }),
    { numRuns: 2000, endOnFailure: true },
  );
});

test('a fall that deepens the worst drawdown by a hair is found after a higher peak', () => {
  // Worst 10 % (100 → 90); then a peak of 200 and falls to 180 (10 % again: not deeper) and to 180 − 1e-9 (deeper).
  const equity = [100, 90, 200, 180, 180 - 1e-9, 190];
  const time = equity.map((_, i) => i * 60_000);
  const d = maxDrawdown(time, equity);
  expect(d.depth).toBe(1 - (180 - 1e-9) / 200);
  expect([d.peakTime, d.troughTime]).toEqual([2 * 60_000, 4 * 60_000]);
});

test('property: its sum is the values added in order, its flags counted', () => {
  fc.assert(
    fc.property(curve, fc.integer(), (equity, seed) => {
      const time = equity.map((_, i) => i);
      const flags = Uint8Array.from(equity, (_, i) => (seed >>> i % 31) & 1);
      const s = scanCurve(time, equity, flags, true);
      expect(s.sum).toBe(equity.reduce((a, x) => a + x, 0));
      expect(s.flagged).toBe(flags.reduce((a, f) => a + f, 0));
    }),
  );
});
