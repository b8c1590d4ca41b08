/** `autoppm config`: checks the configuration and shows what is set and what is missing, without starting anything. */
import type { Command } from 'commander';
import { bannerLines } from '../app';
import { EXIT_CONFIG, EXIT_OK, type CliContext, type GlobalOptions } from './context';
import { loadCliConfig } from './loadCliConfig';

export function registerConfigCommand(program: Command, ctx: CliContext): void {
  program
    .command('config')
    .description('check the configuration (environment and .env) and show what is configured and what is missing; exits 2 when it is invalid')
    .action((_opts: unknown, command: Command) => {
      const config = loadCliConfig(ctx, command.optsWithGlobals<GlobalOptions>());
      if (!config.ok) {
        ctx.stderr(config.error);
        process.exitCode = EXIT_CONFIG;
        return;
      }
      for (const line of bannerLines(config.value, false)) ctx.stdout(line);
      ctx.stdout('Configuration is valid.');
      process.exitCode = EXIT_OK;
    });
}
