/** What every CLI subcommand gets: the environment, the working directory and the output streams. */
export interface CliContext {
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

/** Exit codes: 0 ok; 1 could not run (e.g. MongoDB unreachable); 2 bad configuration or usage. */
export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_CONFIG = 2;

/** Options every subcommand inherits from the program. */
export interface GlobalOptions {
  readonly dotenv?: string;
}
