/**
 * Risk management, pure: sizing, stops, portfolio risk figures, the pre-trade gate and alerts.
 * State comes in as arguments and decisions come out as values.
 */
export * from './positionSizing';
export * from './stops';
export * from './matrix';
export * from './valueAtRisk';
export * from './marketExposure';
export * from './concentration';
export * from './stressTest';
export * from './portfolioRisk';
export * from './riskLimits';
export * from './riskSnapshot';
export * as riskGate from './riskGate';
export type { Denial, RiskRule } from './riskGate';
export * from './riskAlerts';
export * from './alertDeduper';
export { SeededRandom } from './prng';
export { normalCdf, normalPdf, normalQuantile, simpleReturns } from './stats';
