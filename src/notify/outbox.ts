/**
 * The persisted queue of notifications not yet delivered, per sink, so that a sink outage (or a restart during
 * one) loses nothing. Implemented on MongoDB by src/store/notifications.
 */
import type { Notification } from './notification';

export interface NotificationOutbox {
  /** Stores `n` as waiting for `sink` (storing the same pair twice keeps one). */
  add(sink: string, n: Notification): Promise<void>;
  /** Forgets `n` for `sink` (delivered, or given up as permanently undeliverable). */
  remove(sink: string, id: string): Promise<void>;
  /** Everything still waiting for `sink`, oldest first. */
  pending(sink: string): Promise<readonly Notification[]>;
}
