/**
 * The decision indicators strategies compare (issue #15, item 6) give the same exact signs in a backtest
 * (batch) and live (streaming), on tick data dense with ties.
 */
import type { BarColumns, IndicatorDef } from '../../src/core/strategy';
import { exactCloseVsSma, exactRocSign, exactSmaSign, exactZscoreSign } from '../../src/indicators';
import { closeVsSmaOf, emaCrossOf, rocSideOf, smaCrossOf, zscoreSideOf } from '../../strategies/lib/indicatorDefs';

/** A random walk of ±1 tick (₹0.05) around ₹100: many exact ties between moving averages. */
function tickBars(n: number, seed: number): BarColumns {
  let s = seed;
  let t = 2000;
  const close = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    s = (s * 1_103_515_245 + 12_345) % 2_147_483_648;
    t += (s >> 16) % 3 - 1;
    close[i] = t / 20;
  }
  const zeros = new Float64Array(n);
  return { time: zeros, open: close, high: close, low: close, close, volume: zeros, length: n };
}

const streamOf = (def: IndicatorDef, b: BarColumns): number[] => {
  const st = def.stream();
  return Array.from({ length: b.length }, (_, i) => st.next(b, i));
};

describe.each([
  ['smaCross 5/20', smaCrossOf(5, 20), (b: BarColumns, i: number) => exactSmaSign(b.close, i, 5, 20)],
  ['closeVsSma 10', closeVsSmaOf(10), (b: BarColumns, i: number) => exactCloseVsSma(b.close, i, 10)],
  ['zscoreSide 20, 0', zscoreSideOf(20, 0), (b: BarColumns, i: number) => exactZscoreSign(b.close, i, 20, 0)],
  ['zscoreSide 8, −1.5', zscoreSideOf(8, -1.5), (b: BarColumns, i: number) => exactZscoreSign(b.close, i, 8, -1.5)],
  ['rocSide 5, 0', rocSideOf(5, 0), (b: BarColumns, i: number) => exactRocSign(b.close, i, 5, 0)],
] as const)('%s', (_name, def, exact) => {
  const b = tickBars(3000, 7);

  test('batch equals streaming, bar by bar', () => {
    expect(Array.from(def.batch(b))).toEqual(streamOf(def, b));
  });

  test('every value is the exact sign (NaN only where the exact sign is undefined)', () => {
    const out = def.batch(b);
    let ties = 0;
    for (let i = 0; i < b.length; i++) {
      const e = exact(b, i);
      if (Number.isNaN(e)) expect(out[i]).toBeNaN();
      else expect(out[i]).toBe(e);
      if (e === 0) ties++;
    }
    expect(ties).toBeGreaterThan(0);
  });
});

test('emaCross: batch equals streaming on tick data', () => {
  const b = tickBars(2000, 11);
  expect(Array.from(emaCrossOf(9, 21).batch(b))).toEqual(streamOf(emaCrossOf(9, 21), b));
});
