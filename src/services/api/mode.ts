import type { Result } from '../../core/result';
import type { RunMode } from './status';
import type { Refusal, User } from '../user';

export interface ModeService {
  current(): RunMode;
  /** Switches between paper and live; the note says what happens next (e.g. a restart). */
  set(mode: 'paper' | 'live', user: User): Promise<Result<{ readonly mode: RunMode; readonly note: string }, Refusal>>;
}
