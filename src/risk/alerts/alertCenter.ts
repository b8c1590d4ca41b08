/**
 * Where risk alerts go: the deduper (one alert per condition per cooldown, escalations always let
 * through) → mutes → an `alert` domain event for the chat transports → the store (a store failure
 * rejects `publish` after every alert was delivered). A muted alert is
 * still stored (and listed), just not emitted. After a restart `restore()` rebuilds the deduper's
 * memory from the stored alerts of the last cooldown, so a restart does not repeat them.
 * `captureSystemAlerts` also stores the `alert` events other parts of the engine emit (kind
 * `system`), so one list shows everything.
 */
import type { Clock } from '../../core/clock';
import type { DomainEvents } from '../../core/events';
import { dedupeAlerts, EMPTY_DEDUPE_STATE, type DedupeState, type SentAlert } from '../alertDeduper';
import { alertEvent, DEFAULT_ALERT_THRESHOLDS, type AlertKind, type RiskAlert } from '../riskAlerts';
import type { AlertMute, AlertStore, StoredAlert } from './alertStore';

/** Every risk alert kind (checked against the type: adding a kind there fails here until listed). */
export const ALERT_KINDS = [
  'limit-breach',
  'limit-near',
  'drawdown',
  'var-breach',
  'var-near',
  'intraday-loss',
  'intraday-loss-near',
  'stale-data',
  'broker-disconnected',
] as const satisfies readonly AlertKind[];
type MissingKind = Exclude<AlertKind, (typeof ALERT_KINDS)[number]>;
const _allKindsListed: MissingKind extends never ? true : false = true;
void _allKindsListed;

export interface AlertCenterOptions {
  readonly store: AlertStore;
  readonly events: DomainEvents;
  readonly clock: Clock;
  /** Default: the alert thresholds' default (15 minutes). */
  readonly cooldownMs?: number;
}

export class AlertCenter {
  private state: DedupeState = EMPTY_DEDUPE_STATE;
  private chain: Promise<unknown> = Promise.resolve();
  private emitting = false;
  readonly cooldownMs: number;

  constructor(private readonly o: AlertCenterOptions) {
    this.cooldownMs = o.cooldownMs ?? DEFAULT_ALERT_THRESHOLDS.cooldownSeconds * 1000;
  }

  /** Rebuilds the deduper's memory from alerts stored within the cooldown (call once at start). */
  async restore(): Promise<void> {
    const now = this.o.clock.now();
    const next = new Map<string, SentAlert>();
    for (const a of await this.o.store.since(now - this.cooldownMs)) if (a.kind !== 'system') next.set(a.key, { time: a.time, severity: a.severity });
    this.state = next;
  }

  /** Dedupes, stores and emits; resolves with the alerts that passed the deduper (muted ones included). */
  publish(alerts: readonly RiskAlert[]): Promise<readonly RiskAlert[]> {
    return this.serial(async () => {
      const now = this.o.clock.now();
      const { state, emit } = dedupeAlerts(this.state, alerts, now, this.cooldownMs);
      this.state = state;
      if (emit.length === 0) return emit;
      // If the mutes cannot be read, deliver: a missed alert is worse than an unwanted one.
      const muted = new Set((await this.o.store.mutes(now).catch(() => [])).map((m) => m.kind));
      let failure: unknown;
      for (const a of emit) {
        const silent = muted.has(a.kind) || muted.has('all');
        if (!silent) {
          this.emitting = true;
          try {
            this.o.events.emit(alertEvent(a));
          } finally {
            this.emitting = false;
          }
        }
        try {
          await this.o.store.add({ ...a, muted: silent });
        } catch (e) {
          failure ??= e;
        }
      }
      if (failure !== undefined) throw failure;
      return emit;
    });
  }

  /** Stores every `alert` event the engine emits elsewhere (strategy errors, OMS warnings) as kind `system`. */
  captureSystemAlerts(): () => void {
    return this.o.events.on('alert', (e) => {
      if (this.emitting) return;
      const alert: StoredAlert = { kind: 'system', severity: e.level, key: `system:${e.message}`, message: e.message, time: e.time, value: 0, threshold: 0, muted: false };
      void this.serial(() => this.o.store.add(alert)).catch(() => undefined);
    });
  }

  mute(kind: string, durationMs: number): Promise<AlertMute> {
    const mute = { kind, until: this.o.clock.now() + durationMs };
    return this.serial(async () => {
      await this.o.store.setMute(mute);
      return mute;
    });
  }

  mutes(): Promise<AlertMute[]> {
    return this.o.store.mutes(this.o.clock.now());
  }

  recent(limit = 50): Promise<StoredAlert[]> {
    return this.serial(() => this.o.store.recent(limit));
  }

  /** Resolves when every store write started so far has finished. */
  async idle(): Promise<void> {
    await this.serial(async () => undefined);
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.chain.then(fn, fn);
    this.chain = run.catch(() => undefined);
    return run;
  }
}
