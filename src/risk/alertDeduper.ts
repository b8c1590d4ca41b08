/**
 * A pure alert deduper: state in, state out. An alert goes out when its key has not been sent
 * within the cooldown, or when its severity is higher than the last one sent for that key (an
 * escalation is never held back). Entries older than the cooldown are dropped from the state.
 */
import type { AlertSeverity, RiskAlert } from './riskAlerts';

export interface SentAlert {
  readonly time: number;
  readonly severity: AlertSeverity;
}

export type DedupeState = ReadonlyMap<string, SentAlert>;

export const EMPTY_DEDUPE_STATE: DedupeState = new Map();

const RANK: Record<AlertSeverity, number> = { info: 0, warning: 1, critical: 2 };

export interface DedupeResult {
  readonly state: DedupeState;
  readonly emit: readonly RiskAlert[];
}

export function dedupeAlerts(state: DedupeState, alerts: readonly RiskAlert[], now: number, cooldownMs: number): DedupeResult {
  const next = new Map<string, SentAlert>();
  for (const [k, v] of state) if (now - v.time < cooldownMs) next.set(k, v);
  const emit: RiskAlert[] = [];
  for (const a of alerts) {
    const prev = next.get(a.key);
    if (prev && RANK[a.severity] <= RANK[prev.severity]) continue;
    emit.push(a);
    next.set(a.key, { time: now, severity: a.severity });
  }
  return { state: next, emit };
}
