/**
 * `autoppm start [--worker]`: runs the bot until SIGINT/SIGTERM (or, with the console on piped input, until the
 * input ends), then shuts down cleanly within SHUTDOWN_GRACE_MS; a second signal exits at once.
 */
import { fstatSync } from 'node:fs';
import type { Command } from 'commander';
import { startApp } from '../app';
import { secretValues } from '../config';
import { createLogger } from '../log/logger';
import { LogRing } from '../log/logRing';
import { SecretScrubber } from '../log/secretScrubber';
import { EXIT_CONFIG, EXIT_FAILURE, EXIT_OK, type CliContext, type GlobalOptions } from './context';
import { loadCliConfig } from './loadCliConfig';

interface StartOptions extends GlobalOptions {
  readonly worker?: boolean;
}

/** After a stop signal, shutdown gets this long before the process exits anyway. */
const SHUTDOWN_GRACE_MS = 10_000;
/**
 * After a clean shutdown the process ends by itself once nothing is pending — except for timers a library keeps:
 * Agenda 6 checks a running job's lock every lockLifetime/2 (minutes) with a timer `stop()` does not clear. So the
 * exit comes at the latest this long after everything of ours has stopped.
 */
const EXIT_AFTER_STOP_MS = 1_000;

/** The console reads stdin when it is a terminal, a pipe or a redirected file (not /dev/null or a closed stdin). */
function consoleInput(): boolean {
  if (process.stdin.isTTY) return true;
  try {
    const st = fstatSync(0);
    return st.isFIFO() || st.isFile() || st.isSocket();
  } catch {
    return false;
  }
}

export function registerStartCommand(program: Command, ctx: CliContext): void {
  program
    .command('start')
    .description(
      'start the bot in MODE (paper by default): MongoDB (MONGODB_URI, or an embedded mongod with its data in ' +
        'DATA_DIR/mongo), the engine with the saved strategy instances, the risk gate and order approvals, the broker ' +
        '(paper, or Kite when MODE=live), scheduled jobs, Telegram (or a console on the terminal without ' +
        'TELEGRAM_BOT_TOKEN), Discord alerts and HTTP (/health, /metrics, REST API); prints what is configured and ' +
        'what is missing',
    )
    .option('--worker', 'run as a worker: scheduled jobs only, against the shared MONGODB_URI (no chat transports; needs MONGODB_URI)')
    .action(async (_opts: unknown, command: Command) => {
      const code = await runStart(ctx, command.optsWithGlobals<StartOptions>());
      process.exitCode = code;
      setTimeout(() => process.exit(code), EXIT_AFTER_STOP_MS).unref();
    });
}

async function runStart(ctx: CliContext, options: StartOptions): Promise<number> {
  const config = loadCliConfig(ctx, options);
  if (!config.ok) {
    ctx.stderr(config.error);
    return EXIT_CONFIG;
  }
  process.env.TZ = config.value.tz;
  const scrubber = new SecretScrubber(secretValues(config.value));
  const logs = new LogRing();
  const logger = createLogger({ level: config.value.log.level, format: config.value.log.format, scrubber, ring: logs });

  const worker = options.worker === true;
  const withConsole = !worker && config.value.telegram.botToken === undefined && consoleInput();
  const app = await startApp({ config: config.value, logger, logs, worker, print: ctx.stdout, ...(withConsole ? { console: { input: process.stdin, output: process.stdout } } : {}) });
  if (!app.ok) {
    logger.flush();
    ctx.stderr(`AutoPPM cannot start: ${scrubber.scrub(app.error.message)}`);
    return EXIT_FAILURE;
  }

  const reason = await new Promise<string>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
    void app.value.consoleDone?.then(() => resolve('end of console input'));
  });
  const again = (): void => {
    ctx.stderr('Second stop signal: exiting at once.');
    process.exit(EXIT_FAILURE);
  };
  process.once('SIGINT', again);
  process.once('SIGTERM', again);
  logger.info({ reason }, 'shutting down');
  const grace = setTimeout(() => {
    ctx.stderr(`AutoPPM did not shut down within ${SHUTDOWN_GRACE_MS / 1000} s; exiting anyway.`);
    process.exit(EXIT_FAILURE);
  }, SHUTDOWN_GRACE_MS);
  grace.unref();
  await app.value.stop();
  clearTimeout(grace);
  process.removeListener('SIGINT', again);
  process.removeListener('SIGTERM', again);
  logger.flush();
  return EXIT_OK;
}
