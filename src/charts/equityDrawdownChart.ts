/** Equity curve (optionally with a rebased benchmark) above an underwater drawdown panel, as PNG. */
import type { EChartsOption } from 'echarts';
import { downsample } from './downsample';
import { renderPng, titleParts } from './render';

export interface LineSeries {
  readonly time: ArrayLike<number>;
  readonly value: ArrayLike<number>;
}

export interface EquityDrawdownChartInput {
  /** Equity in ₹ over time (epoch ms). */
  readonly equity: LineSeries;
  /** Drawdown fractions (≤ 0, e.g. −0.25) aligned with `equity.time`. */
  readonly drawdown: ArrayLike<number>;
  /** Benchmark prices; rebased to the first equity value so both lines start together. */
  readonly benchmark?: LineSeries & { readonly label?: string };
  readonly title: string;
  readonly synthetic?: boolean;
  readonly width?: number;
  readonly height?: number;
  /** Points per series after downsampling (default 1500). */
  readonly maxPoints?: number;
}

const rupees = (v: number): string => `₹${Math.round(v).toLocaleString('en-IN')}`;

export function equityDrawdownChart(input: EquityDrawdownChartInput): Buffer {
  const width = input.width ?? 1200;
  const height = input.height ?? 700;
  const maxPoints = input.maxPoints ?? 1500;
  const eq = downsample(input.equity.time, input.equity.value, maxPoints, 'last');
  const dd = downsample(input.equity.time, input.drawdown, maxPoints, 'min').map(([t, v]): [number, number] => [t, v * 100]);
  const series: NonNullable<EChartsOption['series']> = [
    { name: 'Strategy', type: 'line', xAxisIndex: 0, yAxisIndex: 0, showSymbol: false, data: eq, lineStyle: { width: 1.6, color: '#1d4ed8' }, itemStyle: { color: '#1d4ed8' } },
    { name: 'Drawdown', type: 'line', xAxisIndex: 1, yAxisIndex: 1, showSymbol: false, data: dd, lineStyle: { width: 1, color: '#b91c1c' }, itemStyle: { color: '#b91c1c' }, areaStyle: { color: 'rgba(185, 28, 28, 0.25)' } },
  ];
  const b = input.benchmark;
  if (b && b.value.length > 0 && input.equity.value.length > 0) {
    const k = input.equity.value[0]! / b.value[0]!;
    const rebased = Float64Array.from({ length: b.value.length }, (_, i) => b.value[i]! * k);
    series.push({ name: b.label ?? 'Benchmark', type: 'line', xAxisIndex: 0, yAxisIndex: 0, showSymbol: false, data: downsample(b.time, rebased, maxPoints, 'last'), lineStyle: { width: 1.2, color: '#6b7280', type: 'dashed' }, itemStyle: { color: '#6b7280' } });
  }
  const option: EChartsOption = {
    ...titleParts(input.title, input.synthetic),
    backgroundColor: '#ffffff',
    legend: { top: input.synthetic ? 50 : 34, data: series.map((s) => String(s.name)).filter((n) => n !== 'Drawdown') },
    grid: [
      { left: 90, right: 30, top: input.synthetic ? 85 : 70, height: '52%' },
      { left: 90, right: 30, bottom: 40, height: '20%' },
    ],
    xAxis: [
      { type: 'time', gridIndex: 0, axisLabel: { show: false } },
      { type: 'time', gridIndex: 1 },
    ],
    yAxis: [
      { type: 'value', gridIndex: 0, scale: true, name: 'Equity', axisLabel: { formatter: rupees } },
      { type: 'value', gridIndex: 1, max: 0, name: 'Drawdown %', axisLabel: { formatter: (v: number) => `${v.toFixed(0)}%` } },
    ],
    series,
  };
  return renderPng(option, { width, height });
}
