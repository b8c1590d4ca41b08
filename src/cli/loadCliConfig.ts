/** Config for a CLI subcommand: .env (or --dotenv <path>; not --env-file, which Node 20 itself claims anywhere on the command line) under the process environment, validated; errors as one message. */
import { formatConfigError, loadConfig, mergeEnv, readEnvFile, type Config } from '../config';
import { err, type Result } from '../core/result';
import type { CliContext, GlobalOptions } from './context';

export function loadCliConfig(ctx: CliContext, options: GlobalOptions): Result<Config, string> {
  const file = readEnvFile({ path: options.dotenv, required: options.dotenv !== undefined, cwd: ctx.cwd });
  if (!file.ok) return err(formatConfigError(file.error));
  const config = loadConfig(mergeEnv(file.value, ctx.env));
  return config.ok ? config : err(formatConfigError(config.error));
}
