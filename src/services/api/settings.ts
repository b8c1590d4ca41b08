import type { Result } from '../../core/result';
import type { Refusal, User } from '../user';

export interface SettingView {
  readonly key: string;
  readonly value: string;
  readonly description: string;
}

export interface SettingsService {
  get(): readonly SettingView[];
  set(key: string, value: string, user: User): Promise<Result<SettingView, Refusal>>;
}
