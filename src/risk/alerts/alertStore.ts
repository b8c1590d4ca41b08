/**
 * Persistence port of risk alerts: every alert that passed the deduper (muted or not) and the mutes
 * people set. src/store/alerts implements it on MongoDB; the in-memory one serves tests.
 */
import type { RiskAlert } from '../riskAlerts';

/** Kinds the alert center records besides the risk kinds: alerts other parts of the engine raised. */
export type StoredAlertKind = RiskAlert['kind'] | 'system';

export interface StoredAlert extends Omit<RiskAlert, 'kind'> {
  readonly kind: StoredAlertKind;
  /** True when a mute held it back from the chat transports. */
  readonly muted: boolean;
}

export interface AlertMute {
  /** An alert kind, or `all`. */
  readonly kind: string;
  /** Epoch ms. */
  readonly until: number;
}

export interface AlertStore {
  add(alert: StoredAlert): Promise<void>;
  /** Newest first. */
  recent(limit: number): Promise<StoredAlert[]>;
  /** Alerts at or after `time`, oldest first. */
  since(time: number): Promise<StoredAlert[]>;
  /** Sets (or replaces) the mute of one kind. */
  setMute(mute: AlertMute): Promise<void>;
  /** Mutes still in force at `now`. */
  mutes(now: number): Promise<AlertMute[]>;
}

export class MemoryAlertStore implements AlertStore {
  private readonly alerts: StoredAlert[] = [];
  private readonly muted = new Map<string, number>();

  async add(alert: StoredAlert): Promise<void> {
    this.alerts.push(alert);
  }

  async recent(limit: number): Promise<StoredAlert[]> {
    return [...this.alerts].sort((a, b) => b.time - a.time).slice(0, limit);
  }

  async since(time: number): Promise<StoredAlert[]> {
    return this.alerts.filter((a) => a.time >= time).sort((a, b) => a.time - b.time);
  }

  async setMute(mute: AlertMute): Promise<void> {
    this.muted.set(mute.kind, mute.until);
  }

  async mutes(now: number): Promise<AlertMute[]> {
    return [...this.muted].filter(([, until]) => until > now).map(([kind, until]) => ({ kind, until }));
  }
}
