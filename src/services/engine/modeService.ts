/**
 * The run mode: `current()` is the mode this process started in; `set` records the mode to start in next
 * (the settings repository, key `mode`) — the app reads MODE once at start and has no hot switch, so the reply
 * says a restart applies it. Live needs Kite credentials, ENCRYPTION_KEY and a valid Kite session.
 */
import { z } from 'zod';
import type { Clock } from '../../core/clock';
import { err, ok, type Result } from '../../core/result';
import type { SettingsRepository } from '../../core/ports/settingsRepository';
import type { ModeService } from '../api/mode';
import type { RunMode } from '../api/status';
import { roleAllows } from '../user';
import { STORE_KEYS } from './settingsCatalog';

export interface LiveReadiness {
  /** KITE_API_KEY and KITE_API_SECRET are configured. */
  readonly kiteCredentials: boolean;
  /** ENCRYPTION_KEY is configured (the access token is stored encrypted). */
  readonly encryptionKey: boolean;
  /** A Kite session that has not expired. */
  readonly session: () => boolean;
}

export interface ModeServiceOptions {
  readonly mode: RunMode;
  readonly repo: SettingsRepository;
  readonly clock: Clock;
  readonly live: LiveReadiness;
}

const storedMode = z.enum(['paper', 'live']);

/** The mode recorded by `/mode` for the next start, if any (the composition root reads it before wiring). */
export async function storedRunMode(repo: SettingsRepository): Promise<Result<'paper' | 'live' | undefined, string>> {
  const all = await repo.all();
  if (!all.ok) return all;
  const m = storedMode.safeParse(all.value[STORE_KEYS.mode]);
  return ok(m.success ? m.data : undefined);
}

export function modeService(o: ModeServiceOptions): ModeService {
  return {
    current: () => o.mode,
    async set(mode, user) {
      if (!roleAllows(user.role, 'admin')) return err('Only an admin can switch modes; ask an admin to do it.');
      if (mode === 'live') {
        if (!o.live.kiteCredentials) return err('Live mode needs KITE_API_KEY and KITE_API_SECRET; set them in the environment and restart first.');
        if (!o.live.encryptionKey) return err('Live mode needs ENCRYPTION_KEY to store the Kite session encrypted; set it (openssl rand -hex 32) and restart first.');
        if (!o.live.session()) return err('Live mode needs a valid Kite session; send /login, complete the login, then try /mode live again.');
      }
      const w = await o.repo.set(STORE_KEYS.mode, mode, user.id, o.clock.now());
      if (!w.ok) return w;
      const note =
        mode === o.mode
          ? `The bot already runs in ${mode} mode and will start in it next time too.`
          : `Saved: the bot switches to ${mode} mode at the next restart (it keeps running in ${o.mode} mode until then).`;
      return ok({ mode, note });
    },
  };
}
