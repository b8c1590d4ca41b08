/**
 * The `autoppm` command line. Each subcommand registers itself from its own module in src/cli/
 * (start and config now; backtest, sweep, import and login are added the same way).
 */
import { Command, CommanderError } from 'commander';
import { packageVersion } from './config/versionInfo';
import { EXIT_CONFIG, EXIT_FAILURE, type CliContext } from './cli/context';
import { registerBacktestCommand } from './cli/backtestCommand';
import { registerConfigCommand } from './cli/configCommand';
import { registerStartCommand } from './cli/startCommand';
import { registerSweepCommand } from './cli/sweepCommand';

export function buildProgram(ctx: CliContext): Command {
  const program = new Command('autoppm')
    .description('AutoPPM: a chat-ops trading bot for Indian equities on Zerodha Kite Connect')
    .version(packageVersion(), '-V, --version', 'print the AutoPPM version')
    .option('--dotenv <path>', 'read settings from this file instead of ./.env (variables set in the environment still win)')
    .configureHelp({ showGlobalOptions: true })
    .showHelpAfterError('(run `autoppm --help` for the commands and options)')
    .configureOutput({ writeOut: (s) => ctx.stdout(s.replace(/\n$/, '')), writeErr: (s) => ctx.stderr(s.replace(/\n$/, '')) })
    .exitOverride();
  program.addHelpText(
    'after',
    '\nSettings come from the environment and .env; see .env.example for every variable.\n' +
      'Exit codes: 0 ok, 1 could not run (e.g. MongoDB unreachable), 2 bad configuration or usage.',
  );
  registerStartCommand(program, ctx);
  registerConfigCommand(program, ctx);
  registerBacktestCommand(program, ctx);
  registerSweepCommand(program, ctx);
  return program;
}

export async function main(argv: readonly string[], ctx: CliContext = processContext()): Promise<void> {
  const program = buildProgram(ctx);
  try {
    await program.parseAsync([...argv]);
  } catch (e) {
    if (e instanceof CommanderError) {
      // --help and --version end here with exit code 0; usage errors were already printed by commander.
      process.exitCode = e.exitCode === 0 ? 0 : EXIT_CONFIG;
      return;
    }
    ctx.stderr(`AutoPPM stopped on an unexpected error: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}. This is a bug; please report it with the log.`);
    process.exitCode = EXIT_FAILURE;
  }
}

function processContext(): CliContext {
  // `autoppm config | head` closes the pipe early: that is not an error worth a stack.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  });
  return {
    env: process.env,
    cwd: process.cwd(),
    stdout: (text) => process.stdout.write(`${text}\n`),
    stderr: (text) => process.stderr.write(`${text}\n`),
  };
}

if (require.main === module) {
  void main(process.argv);
}
