/**
 * Binds the operator settings (/settings) to the running trading engine, once the settings store is open (it opens
 * after the engine): the order pipeline asks the settings for the approval policy of each order's mode and strategy
 * instance; the stored limits, then every limit change, go to the risk gate (as its fractions) and to the OMS
 * rate limiter's per-minute window. Until then, and when the settings store is off, the config's values apply.
 */
import type { RiskLimits as ConfigRiskLimits } from '../../config/types';
import type { OrderPipeline } from '../../oms/orderPipeline';
import type { RiskEngine } from '../../risk/riskEngine';
import { riskLimitsFromPercent } from '../../risk/riskLimits';
import { kiteOrderWindows, type OrderRateLimiter, type RateWindow } from '../../oms/rateLimiter';
import type { RiskLimits } from '../../risk/riskLimits';
import type { OperatorSettings } from './settingsService';
import { settingsApprovalPredicate } from '../../oms/approvalPolicy';

export interface SettingsTargets {
  readonly mode: 'paper' | 'live';
  readonly pipeline: Pick<OrderPipeline, 'setPolicy'>;
  readonly risk: Pick<RiskEngine, 'setLimits'>;
  readonly limiter: Pick<OrderRateLimiter, 'setWindows'>;
  readonly lastPrice: (symbol: string) => number | undefined;
  /** A limit set the gate refuses (the settings service checks this first, so it means a bug). */
  readonly warn: (message: string, reason: string) => void;
}

/** The OMS limiter's windows for the configured (or set) limits: the per-minute limit and Kite's 10 a second (issue 16). */
export const omsOrderWindows = (limits: Pick<ConfigRiskLimits, 'maxOrdersPerMinute'>): readonly RateWindow[] => kiteOrderWindows(limits.maxOrdersPerMinute);

/** Applies the settings now and on each limit change; returns the unsubscribe function. */
export function bindOperatorSettings(settings: OperatorSettings, t: SettingsTargets): () => void {
  t.pipeline.setPolicy(settingsApprovalPredicate(settings, t.mode, t.lastPrice));
  const apply = (limits: ConfigRiskLimits): void => {
    const gate = riskLimitsFromPercent(limits);
    if (!gate.ok) return t.warn('risk limits from the settings were refused; the gate keeps its limits', gate.error);
    t.risk.setLimits(gate.value);
    t.limiter.setWindows(omsOrderWindows(limits));
  };
  apply(settings.riskLimits());
  return settings.onLimitsChange(apply);
}

/** A read-only view whose fields are always those of `current()` (for a reader that keeps the object it is given). */
export function currentLimitsView(current: () => RiskLimits): RiskLimits {
  return {
    get maxPositionFraction() { return current().maxPositionFraction; },
    get maxSectorFraction() { return current().maxSectorFraction; },
    get maxOrderValue() { return current().maxOrderValue; },
    get maxOrdersPerDay() { return current().maxOrdersPerDay; },
    get maxOrdersPerMinute() { return current().maxOrdersPerMinute; },
    get duplicateWindowSeconds() { return current().duplicateWindowSeconds; },
    get dailyLossFraction() { return current().dailyLossFraction; },
    get maxVarFraction() { return current().maxVarFraction; },
    get misSquareOffTime() { return current().misSquareOffTime; },
    get priceBandFraction() { return current().priceBandFraction; },
    get allowResize() { return current().allowResize; },
  };
}
