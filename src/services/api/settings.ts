import type { Result } from '../../core/result';
import type { Refusal, User } from '../user';

export interface SettingView {
  readonly key: string;
  readonly value: string;
  readonly description: string;
}

export interface SettingsService {
  get(): readonly SettingView[];
  /** The reply keyboard: rows of commands a phone keeps under the typing field (`keyboard` setting). */
  keyboard(): readonly (readonly string[])[];
  set(key: string, value: string, user: User): Promise<Result<SettingView, Refusal>>;
}
