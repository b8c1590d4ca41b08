/**
 * Keeps charts small: at most `maxPoints` points per series. The series is cut into equal buckets of
 * consecutive points; each bucket keeps its last point ('last', for equity) or its lowest point
 * ('min', for drawdown, so the deepest drawdown stays visible). Returns [time, value] pairs for ECharts.
 */
export type DownsampleMode = 'last' | 'min';

export function downsample(time: ArrayLike<number>, value: ArrayLike<number>, maxPoints: number, mode: DownsampleMode): [number, number][] {
  const n = Math.min(time.length, value.length);
  const out: [number, number][] = [];
  if (n === 0) return out;
  const buckets = Math.max(1, Math.min(n, Math.floor(maxPoints)));
  for (let b = 0; b < buckets; b++) {
    const from = Math.floor((b * n) / buckets);
    const to = Math.floor(((b + 1) * n) / buckets); // exclusive
    if (to <= from) continue;
    let k = to - 1;
    if (mode === 'min') for (let i = from; i < to; i++) if (value[i]! < value[k]!) k = i;
    out.push([time[k]!, value[k]!]);
  }
  return out;
}
