/** Cross-sectional helpers for universe strategies (allocation only at rebalances). */

/**
 * Indices of `scores` ordered best first (higher is better), NaN scores left out; ties keep the
 * universe order, so the result is deterministic.
 */
export function rankDescending(scores: readonly number[]): number[] {
  const idx: number[] = [];
  for (let j = 0; j < scores.length; j++) if (!Number.isNaN(scores[j]!)) idx.push(j);
  return idx.sort((a, b) => scores[b]! - scores[a]! || a - b);
}

/** Rank positions (0 = best) per index for a descending order; NaN scores get NaN. */
export function rankPositions(scores: readonly number[]): number[] {
  const out = scores.map(() => NaN);
  rankDescending(scores).forEach((j, r) => {
    out[j] = r;
  });
  return out;
}
