import { writeFileSync } from 'node:fs';
import { drawdownSeries } from '../../src/analytics';
import { equityDrawdownChart, candlestickChart, downsample, renderSvg, titleParts } from '../../src/charts';
import { BarSeries } from '../../src/core';
import { istTime } from '../../src/calendar/ist';
import { mulberry32 as rng } from '../../src/data/synthetic/prng';

const DAY = 86_400_000;


function pngInfo(buf: Buffer): { width: number; height: number } {
  expect(buf.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe(true);
  expect(buf.subarray(12, 16).toString('ascii')).toBe('IHDR');
  return { width: buf.readUInt32BE(16), height: buf.readUInt32BE(20) };
}

function syntheticCurve(n: number): { time: Float64Array; value: Float64Array; bench: Float64Array } {
  const r = rng(42);
  const time = new Float64Array(n);
  const value = new Float64Array(n);
  const bench = new Float64Array(n);
  let e = 1_000_000;
  let b = 18_000;
  const t0 = istTime('2020-01-01', '15:30');
  for (let i = 0; i < n; i++) {
    const m = (r() - 0.48) * 0.03;
    e *= 1 + m;
    b *= 1 + m * 0.7 + (r() - 0.5) * 0.01;
    time[i] = t0 + i * DAY;
    value[i] = e;
    bench[i] = b;
  }
  return { time, value, bench };
}

test('equity + drawdown chart is a real PNG of the requested size', () => {
  const c = syntheticCurve(1500);
  const png = equityDrawdownChart({
    equity: { time: c.time, value: c.value },
    drawdown: drawdownSeries(c.value),
    benchmark: { time: c.time, value: c.bench, label: 'NIFTY 50 (synthetic)' },
    title: 'sma-cross 10/30 — equity and drawdown',
    synthetic: true,
    width: 1000,
    height: 600,
  });
  expect(pngInfo(png)).toEqual({ width: 1000, height: 600 });
  expect(png.length).toBeGreaterThan(20_000);
  if (process.env.CHART_OUT) writeFileSync(`${process.env.CHART_OUT}/equity.png`, png);
});

test('candlestick chart with an overlay is a real PNG', () => {
  const r = rng(7);
  const s = new BarSeries('SYNTH', 'day', 300);
  let p = 1000;
  const t0 = istTime('2024-01-01', '00:00');
  const sma = new Float64Array(300).fill(NaN);
  for (let i = 0; i < 300; i++) {
    const o = p;
    const c = o * (1 + (r() - 0.5) * 0.04);
    s.push(t0 + i * DAY, o, Math.max(o, c) * (1 + r() * 0.01), Math.min(o, c) * (1 - r() * 0.01), c, 1000);
    p = c;
    if (i >= 9) {
      let sum = 0;
      for (let k = i - 9; k <= i; k++) sum += s.close[k]!;
      sma[i] = sum / 10;
    }
  }
  const png = candlestickChart(s, { title: 'SYNTH daily', overlays: [{ name: 'SMA 10', values: sma }], synthetic: true, maxBars: 120, width: 900, height: 500 });
  expect(pngInfo(png)).toEqual({ width: 900, height: 500 });
  expect(png.length).toBeGreaterThan(10_000);
  if (process.env.CHART_OUT) writeFileSync(`${process.env.CHART_OUT}/candles.png`, png);
});

test('synthetic data is labelled on the chart only when told', () => {
  const base = { xAxis: { type: 'value' as const }, yAxis: { type: 'value' as const }, series: [{ type: 'line' as const, data: [[0, 1], [1, 2]] }] };
  const marked = renderSvg({ ...base, ...titleParts('My run', true) }, { width: 400, height: 300 });
  const plain = renderSvg({ ...base, ...titleParts('My run', false) }, { width: 400, height: 300 });
  expect(marked).toContain('SYNTHETIC');
  expect(marked).toContain('My run');
  expect(plain).not.toContain('SYNTHETIC');
  expect(plain).toContain('My run');
});

test('downsample keeps the last point per bucket, or the minimum for drawdown', () => {
  const t = [0, 1, 2, 3, 4, 5, 6, 7];
  const v = [0, -1, -5, -2, 0, -3, -1, 0];
  expect(downsample(t, v, 4, 'last')).toEqual([[1, -1], [3, -2], [5, -3], [7, 0]]);
  expect(downsample(t, v, 4, 'min')).toEqual([[1, -1], [2, -5], [5, -3], [6, -1]]);
  expect(downsample(t, v, 100, 'last')).toHaveLength(8);
  expect(downsample([], [], 10, 'last')).toEqual([]);
});
