/** The default pre-trade gate: lets every intent through unchanged (src/risk supplies the real one). */
import { ok } from '../core/result';
import type { RiskGate } from '../core/tradingState';

export const passThroughRiskGate: RiskGate = {
  check: (intent) => ok(intent),
};
