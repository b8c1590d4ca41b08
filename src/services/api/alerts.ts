import type { Result } from '../../core/result';
import type { Refusal } from '../user';

export interface AlertView {
  readonly kind: string;
  readonly level: 'info' | 'warning' | 'critical';
  readonly message: string;
  readonly time: number;
}

export interface MuteView {
  readonly kind: string;
  readonly until: number;
}

export interface AlertsService {
  /** Recent alerts, newest first. */
  list(): Promise<readonly AlertView[]>;
  mutes(): Promise<readonly MuteView[]>;
  /** Silences alerts of `kind` (or `all`) for `durationMs`. */
  mute(kind: string, durationMs: number): Promise<Result<MuteView, Refusal>>;
}
