/**
 * Parses the user-facing cost setting (`--costs zerodha|none|bps:5`) into a model.
 * Expected failures come back as a Result with a one-sentence message.
 */
import type { Result } from '../result';
import { err, ok } from '../result';
import type { CostModel } from './types';
import { FlatBpsCostModel, ZeroCostModel } from './simpleModels';
import { ZerodhaEquityCostModel } from './zerodhaEquity';

export function parseCostModel(spec: string): Result<CostModel, string> {
  const s = spec.trim().toLowerCase();
  if (s === 'zerodha') return ok(new ZerodhaEquityCostModel());
  if (s === 'none' || s === 'zero') return ok(new ZeroCostModel());
  const m = /^bps:(\d+(?:\.\d+)?)$/.exec(s);
  if (m) return ok(new FlatBpsCostModel(Number(m[1])));
  return err(`Unknown cost model "${spec}"; use zerodha, none or bps:<basis points> such as bps:5.`);
}
