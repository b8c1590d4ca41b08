/**
 * Risk alerts: limit breaches and near-breaches, drawdown, VaR, large intraday loss, stale
 * market data and broker disconnects, evaluated from an observation passed in. Each alert has a
 * stable `key` (the condition) and a severity that can escalate (near-breach → breach), so the
 * deduper (alertDeduper.ts) can suppress repeats and still let an escalation through.
 */
import { z } from 'zod';
import type { DomainEvent } from '../core/events';
import { inr, pct } from './format';

export type AlertSeverity = 'info' | 'warning' | 'critical';
export type AlertKind = 'limit-breach' | 'limit-near' | 'drawdown' | 'var-breach' | 'var-near' | 'intraday-loss' | 'intraday-loss-near' | 'stale-data' | 'broker-disconnected';

export interface RiskAlert {
  readonly kind: AlertKind;
  readonly severity: AlertSeverity;
  /** The condition this alert is about; repeats share it. */
  readonly key: string;
  /** One sentence for people: what is wrong and what to do. */
  readonly message: string;
  readonly time: number;
  readonly value: number;
  readonly threshold: number;
}

export const alertThresholdsSchema = z
  .object({
    /** Warn when a usage reaches this fraction of its limit. */
    nearFraction: z.number().min(0.5).max(0.99).default(0.8),
    drawdownWarning: z.number().min(0.01).max(0.5).default(0.05),
    drawdownCritical: z.number().min(0.01).max(0.9).default(0.1),
    /** 1-day VaR as a fraction of equity. */
    maxVarFraction: z.number().min(0.01).max(0.1).default(0.05),
    /** Today's loss as a fraction of the day's starting equity. */
    intradayLossFraction: z.number().min(0.001).max(0.2).default(0.02),
    staleAfterSeconds: z.number().int().min(5).max(3600).default(120),
    cooldownSeconds: z.number().int().min(0).max(86_400).default(900),
  })
  .strict()
  .refine((t) => t.drawdownCritical > t.drawdownWarning, { message: 'the critical drawdown must be above the warning drawdown', path: ['drawdownCritical'] });

export type AlertThresholds = z.output<typeof alertThresholdsSchema>;
export const DEFAULT_ALERT_THRESHOLDS: AlertThresholds = alertThresholdsSchema.parse({});

/** How much of one limit is used (any unit, e.g. rupees of sector exposure). */
export interface LimitUsage {
  readonly name: string;
  readonly used: number;
  readonly limit: number;
}

export interface AlertObservation {
  readonly time: number;
  readonly equity: number;
  /** Highest equity seen (for drawdown). */
  readonly peakEquity: number;
  readonly dayStartEquity: number;
  readonly dayPnl: number;
  /** Current 1-day VaR in rupees, when known. */
  readonly var?: number;
  readonly limits?: readonly LimitUsage[];
  /** Last market data time per symbol; checked only while the market is open. */
  readonly lastDataTime?: ReadonlyMap<string, number>;
  readonly marketOpen: boolean;
  readonly brokerConnected: boolean;
}

export function evaluateAlerts(o: AlertObservation, t: AlertThresholds = DEFAULT_ALERT_THRESHOLDS): RiskAlert[] {
  const out: RiskAlert[] = [];
  const add = (kind: AlertKind, severity: AlertSeverity, key: string, value: number, threshold: number, message: string): void => {
    out.push({ kind, severity, key, message, time: o.time, value, threshold });
  };
  for (const l of o.limits ?? []) {
    if (!(l.limit > 0)) continue;
    const u = l.used / l.limit;
    if (u >= 1) add('limit-breach', 'critical', `limit:${l.name}`, l.used, l.limit, `The ${l.name} limit is breached (${pct(u)} of the limit used); reduce the exposure or review the limit.`);
    else if (u >= t.nearFraction) add('limit-near', 'warning', `limit:${l.name}`, l.used, l.limit, `The ${l.name} limit is ${pct(u)} used; new orders may soon be resized or denied.`);
  }
  if (o.peakEquity > 0) {
    const dd = 1 - o.equity / o.peakEquity;
    const base = `Drawdown is ${pct(dd)} from the peak of ${inr(o.peakEquity)}`;
    if (dd >= t.drawdownCritical) add('drawdown', 'critical', 'drawdown', dd, t.drawdownCritical, `${base}, past the ${pct(t.drawdownCritical)} critical level; consider halting trading.`);
    else if (dd >= t.drawdownWarning) add('drawdown', 'warning', 'drawdown', dd, t.drawdownWarning, `${base}, past the ${pct(t.drawdownWarning)} warning level; review open positions.`);
  }
  if (o.var !== undefined && o.equity > 0) {
    const limit = t.maxVarFraction * o.equity;
    const u = o.var / limit;
    if (u >= 1) add('var-breach', 'critical', 'var', o.var, limit, `1-day VaR of ${inr(o.var)} exceeds the limit of ${pct(t.maxVarFraction)} of equity (${inr(limit)}); reduce positions.`);
    else if (u >= t.nearFraction) add('var-near', 'warning', 'var', o.var, limit, `1-day VaR of ${inr(o.var)} is ${pct(u)} of the limit (${inr(limit)}); new entries may soon be resized.`);
  }
  if (o.dayStartEquity > 0 && o.dayPnl < 0) {
    const limit = t.intradayLossFraction * o.dayStartEquity;
    const loss = -o.dayPnl;
    if (loss >= limit) add('intraday-loss', 'critical', 'intraday-loss', loss, limit, `Today's loss of ${inr(loss)} has reached the limit of ${inr(limit)}; new entries are halted for the day.`);
    else if (loss >= t.nearFraction * limit) add('intraday-loss-near', 'warning', 'intraday-loss', loss, limit, `Today's loss of ${inr(loss)} is ${pct(loss / limit)} of the daily limit (${inr(limit)}); trade carefully.`);
  }
  if (o.marketOpen && o.lastDataTime) {
    const limitMs = t.staleAfterSeconds * 1000;
    for (const [symbol, at] of o.lastDataTime) {
      const age = o.time - at;
      if (age > limitMs) add('stale-data', 'warning', `stale:${symbol}`, age / 1000, t.staleAfterSeconds, `No market data for ${symbol} for ${Math.round(age / 1000)} s (limit ${t.staleAfterSeconds} s); check the market data feed.`);
    }
  }
  if (!o.brokerConnected) add('broker-disconnected', 'critical', 'broker', 0, 0, 'The broker connection is down; check the network and the Kite session, and log in again if the token expired.');
  return out;
}

/** The engine's domain event for an alert (the transports deliver it). */
export function alertEvent(a: RiskAlert): DomainEvent {
  return { type: 'alert', level: a.severity, message: a.message, time: a.time };
}
