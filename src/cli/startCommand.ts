/** `autoppm start [--worker]`: runs the bot until SIGINT/SIGTERM, then shuts down cleanly. */
import type { Command } from 'commander';
import { startApp } from '../app';
import { secretValues } from '../config';
import { createLogger } from '../log/logger';
import { SecretScrubber } from '../log/secretScrubber';
import { EXIT_CONFIG, EXIT_FAILURE, EXIT_OK, type CliContext, type GlobalOptions } from './context';
import { loadCliConfig } from './loadCliConfig';

interface StartOptions extends GlobalOptions {
  readonly worker?: boolean;
}

/** After a stop signal, shutdown gets this long before the process exits anyway. */
const SHUTDOWN_GRACE_MS = 15_000;

export function registerStartCommand(program: Command, ctx: CliContext): void {
  program
    .command('start')
    .description(
      'start the bot: connect MongoDB (MONGODB_URI, or an embedded mongod with its data in DATA_DIR/mongo), ' +
        'serve GET /health on HTTP_HOST:HTTP_PORT, and print what is configured and what is missing',
    )
    .option('--worker', 'run as a worker: scheduled jobs only, against the shared MONGODB_URI (no chat transports; needs MONGODB_URI)')
    .action(async (_opts: unknown, command: Command) => {
      process.exitCode = await runStart(ctx, command.optsWithGlobals<StartOptions>());
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
  const logger = createLogger({ level: config.value.log.level, format: config.value.log.format, scrubber });

  const app = await startApp({ config: config.value, logger, worker: options.worker === true, print: ctx.stdout });
  if (!app.ok) {
    logger.flush();
    ctx.stderr(`AutoPPM cannot start: ${scrubber.scrub(app.error.message)}`);
    return EXIT_FAILURE;
  }

  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  logger.info({ signal }, 'stop signal received; shutting down');
  const grace = setTimeout(() => {
    ctx.stderr(`AutoPPM did not shut down within ${SHUTDOWN_GRACE_MS / 1000} s; exiting anyway.`);
    process.exit(EXIT_FAILURE);
  }, SHUTDOWN_GRACE_MS);
  grace.unref();
  await app.value.stop();
  clearTimeout(grace);
  return EXIT_OK;
}
