import { ceilToTick, floorToTick, formatInr, isOnTick, roundPaise, roundToTick, floorToLot } from '../../src/core/money';

describe('money and tick rounding', () => {
  it('rounds prices to the tick grid without float drift', () => {
    expect(roundToTick(100.12, 0.05)).toBe(100.1);
    expect(roundToTick(100.13, 0.05)).toBe(100.15);
    expect(roundToTick(0.15, 0.05)).toBe(0.15);
    expect(floorToTick(100.149, 0.05)).toBe(100.1);
    expect(ceilToTick(100.101, 0.05)).toBe(100.15);
    expect(ceilToTick(100.1, 0.05)).toBe(100.1);
    expect(roundToTick(1234.5678, 0.0025)).toBe(1234.5675);
  });
  it('checks the grid', () => {
    expect(isOnTick(100.15, 0.05)).toBe(true);
    expect(isOnTick(100.12, 0.05)).toBe(false);
  });
  it('rounds money to the paisa half away from zero', () => {
    expect(roundPaise(1.005)).toBe(1.01);
    expect(roundPaise(-1.005)).toBe(-1.01);
    expect(roundPaise(2.344999)).toBe(2.34);
  });
  it('floors quantities to lots', () => {
    expect(floorToLot(149, 50)).toBe(100);
    expect(floorToLot(7, 1)).toBe(7);
  });
  it('formats rupees with Indian grouping', () => {
    expect(formatInr(123456.789)).toBe('₹1,23,456.79');
    expect(formatInr(-5)).toBe('-₹5.00');
  });
});
