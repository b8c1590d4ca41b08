/** Candlesticks (the last `maxBars` bars of a series) with optional line overlays, as PNG. */
import type { EChartsOption } from 'echarts';
import type { BarSeries } from '../core/barSeries';
import { renderPng, titleParts } from './render';

export interface Overlay {
  readonly name: string;
  /** One value per bar of the series (NaN where undefined, e.g. during warm-up). */
  readonly values: ArrayLike<number>;
  readonly color?: string;
}

export interface CandlestickChartOptions {
  readonly title: string;
  readonly overlays?: readonly Overlay[];
  readonly synthetic?: boolean;
  readonly width?: number;
  readonly height?: number;
  /** Draw only the last N bars (default 200) so candles stay readable. */
  readonly maxBars?: number;
}

const IST_OFFSET_MS = 330 * 60_000;
/** IST label: date for daily bars, date and time otherwise. */
const label = (t: number, daily: boolean): string => {
  const iso = new Date(t + IST_OFFSET_MS).toISOString();
  return daily ? iso.slice(0, 10) : `${iso.slice(5, 10)} ${iso.slice(11, 16)}`;
};

export function candlestickChart(series: BarSeries, opts: CandlestickChartOptions): Buffer {
  const n = series.length;
  const from = Math.max(0, n - (opts.maxBars ?? 200));
  const daily = series.interval === 'day';
  const cats: string[] = [];
  const ohlc: [number, number, number, number][] = [];
  for (let i = from; i < n; i++) {
    cats.push(label(series.time[i]!, daily));
    // ECharts candlestick order: open, close, low, high.
    ohlc.push([series.open[i]!, series.close[i]!, series.low[i]!, series.high[i]!]);
  }
  const palette = ['#1d4ed8', '#d97706', '#7c3aed', '#0f766e'];
  const overlays: NonNullable<EChartsOption['series']> = (opts.overlays ?? []).map((o, k) => {
    const data: (number | null)[] = [];
    for (let i = from; i < n; i++) {
      const v = o.values[i];
      data.push(v === undefined || Number.isNaN(v) ? null : v);
    }
    const color = o.color ?? palette[k % palette.length]!;
    return { name: o.name, type: 'line', data, showSymbol: false, connectNulls: false, lineStyle: { width: 1.4, color }, itemStyle: { color } };
  });
  const option: EChartsOption = {
    ...titleParts(opts.title, opts.synthetic),
    backgroundColor: '#ffffff',
    legend: { top: opts.synthetic ? 50 : 34, data: [series.symbol, ...(opts.overlays ?? []).map((o) => o.name)] },
    grid: { left: 80, right: 30, top: opts.synthetic ? 85 : 70, bottom: 50 },
    xAxis: { type: 'category', data: cats, boundaryGap: true, axisLabel: { hideOverlap: true } },
    yAxis: { type: 'value', scale: true },
    series: [
      {
        name: series.symbol,
        type: 'candlestick',
        data: ohlc,
        // Indian convention: green up, red down.
        itemStyle: { color: '#15803d', color0: '#b91c1c', borderColor: '#15803d', borderColor0: '#b91c1c' },
      },
      ...overlays,
    ],
  };
  return renderPng(option, { width: opts.width ?? 1200, height: opts.height ?? 600 });
}
