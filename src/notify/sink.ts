/**
 * A sink delivers notifications to one place (a Telegram chat, a Discord webhook, the console, the log).
 * `send` answers ok, or an error that says whether trying again can help; a sink that throws or does not answer
 * in time is treated as a transient failure, so a broken sink cannot hurt the notifier.
 */
import type { Result } from '../core/result';
import type { Notification, NotificationKind, Severity } from './notification';

export interface SendFailure {
  readonly reason: string;
  /** True when sending the same message again will fail again (e.g. the service rejected its content). */
  readonly permanent: boolean;
}

export type SendResult = Result<void, SendFailure>;

export interface NotificationSink {
  /** Unique among the sinks of one notifier; also the key of its persisted queue (keep it stable across restarts). */
  readonly name: string;
  send(n: Notification): Promise<SendResult>;
}

/** Which notifications a sink receives. */
export interface SinkRoute {
  /** Default: every kind. */
  readonly kinds?: readonly NotificationKind[];
  /** Default: info (everything). */
  readonly minSeverity?: Severity;
  /**
   * Notifications addressed to one person (`to`, e.g. a backtest result for `telegram:42`) reach only the sinks
   * that can deliver to that address. Default: none (a channel webhook never gets someone's private result).
   */
  readonly addressees?: (to: string) => boolean;
}

/** Addressees of the Telegram sink: `telegram:<user id>`. */
export const telegramAddress = (to: string): boolean => /^telegram:\d+$/.test(to);
