/**
 * Bounds and sector caps for methods (or constraints) the solver library cannot express.
 *
 * - `fitToBounds(raw)`: every asset starts at its minimum; the rest (invested − Σmin) is poured in
 *   proportion to the raw weights, each asset capped at its maximum, and any overflow is poured again
 *   over the assets with room left (equal shares if their raw weights are all zero).
 * - `enforceSectorCaps(w)`: iterative capping with redistribution. While some sector is above its
 *   cap, scale that sector's weights above their minimums down so the sector sits exactly at the cap,
 *   freeze it, and pour the excess over assets of unfrozen sectors (in proportion to their current
 *   weights, within their maximums). The result honours bounds and caps; it is the optimiser's
 *   solution projected onto the caps, not a re-optimised portfolio.
 */
import type { Result } from '../../core/result';
import { err, ok } from '../../core/result';
import type { ResolvedConstraints } from './constraints';
import { pct } from './constraints';
import { optimiseError, type OptimiseError } from './optimiseError';

const EPS = 1e-12;

/** Pours `amount` into `w` over eligible assets in proportion to `share`, each up to `max`. Returns what did not fit. */
function pour(w: Float64Array, share: ArrayLike<number>, max: Float64Array, eligible: (i: number) => boolean, amount: number): number {
  let left = amount;
  const k = w.length;
  for (let round = 0; round <= k && left > EPS; round++) {
    let base = 0;
    let open = 0;
    for (let i = 0; i < k; i++) {
      if (!eligible(i) || w[i]! >= max[i]! - EPS) continue;
      base += Math.max(0, share[i]!);
      open++;
    }
    if (open === 0) break;
    let poured = 0;
    for (let i = 0; i < k; i++) {
      if (!eligible(i) || w[i]! >= max[i]! - EPS) continue;
      const portion = base > 0 ? (left * Math.max(0, share[i]!)) / base : left / open;
      const add = Math.min(portion, max[i]! - w[i]!);
      w[i] = w[i]! + add;
      poured += add;
    }
    left -= poured;
    if (poured <= EPS) break;
  }
  return left;
}

export function fitToBounds(raw: ArrayLike<number>, rc: ResolvedConstraints): Float64Array {
  const w = Float64Array.from(rc.min);
  let sumMin = 0;
  for (let i = 0; i < w.length; i++) sumMin += w[i]!;
  pour(w, raw, rc.max, () => true, rc.invested - sumMin);
  return w;
}

export function sectorWeights(w: ArrayLike<number>, rc: ResolvedConstraints): Float64Array {
  const out = new Float64Array(rc.sectorNames.length);
  for (let i = 0; i < w.length; i++) out[rc.sectorIndex[i]!] = out[rc.sectorIndex[i]!]! + w[i]!;
  return out;
}

export function enforceSectorCaps(input: ArrayLike<number>, rc: ResolvedConstraints): Result<Float64Array, OptimiseError> {
  const w = Float64Array.from(input);
  const S = rc.sectorNames.length;
  const frozen = new Uint8Array(S);
  for (let pass = 0; pass <= S; pass++) {
    const sw = sectorWeights(w, rc);
    let breached = -1;
    for (let s = 0; s < S; s++) if (!frozen[s] && sw[s]! > rc.sectorCap[s]! + 1e-12) breached = s;
    if (breached < 0) return ok(w);
    // Scale the sector's weight above its minimums down to the cap.
    let sMin = 0;
    for (let i = 0; i < w.length; i++) if (rc.sectorIndex[i] === breached) sMin += rc.min[i]!;
    const cap = rc.sectorCap[breached]!;
    const factor = (cap - sMin) / (sw[breached]! - sMin);
    for (let i = 0; i < w.length; i++) {
      if (rc.sectorIndex[i] !== breached) continue;
      w[i] = rc.min[i]! + (w[i]! - rc.min[i]!) * factor;
    }
    frozen[breached] = 1;
    const excess = sw[breached]! - cap;
    const current = Float64Array.from(w);
    const left = pour(w, current, rc.max, (i) => !frozen[rc.sectorIndex[i]!], excess);
    if (left > 1e-9) {
      return err(optimiseError('infeasible-sector-caps', `After capping ${rc.sectorNames[breached]} at ${pct(cap)}, ${pct(left)} of weight has nowhere to go within the other assets' maximums; raise the caps or maximums, or raise the cash buffer.`));
    }
  }
  return ok(w);
}
