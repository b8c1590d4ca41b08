/** Configuration problems, collected all at once so a person can fix them in one go. */
import { redactUri } from './redactUri';
import { VARIABLES, type EnvName } from './variables';

export interface ConfigProblem {
  /** The environment variable (or .env file) at fault. */
  readonly variable: string;
  /** What is expected there, in words. */
  readonly expected: string;
  /** How the offending value is shown (quoted, masked or hidden); undefined when it is not set. */
  readonly got: string | undefined;
}

export interface ConfigError {
  readonly kind: 'config';
  readonly problems: readonly ConfigProblem[];
}

const MAX_SHOWN = 60;

/** Shows a value without ever revealing a secret: secrets become their length, URIs lose their password. */
export function showValue(name: string, value: string | undefined): string | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const sensitivity = name in VARIABLES ? VARIABLES[name as EnvName].sensitivity : 'plain';
  if (sensitivity === 'secret') return `a hidden value, ${value.length} character${value.length === 1 ? '' : 's'} long`;
  const shown = sensitivity === 'uri' ? redactUri(value) : value;
  const clipped = shown.length > MAX_SHOWN ? `${shown.slice(0, MAX_SHOWN)}…` : shown;
  return `"${clipped}"`;
}

export function problem(variable: string, expected: string, got: string | undefined): ConfigProblem {
  return { variable, expected, got };
}

/** One message listing every problem, one per line; no stack, no secret. */
export function formatConfigError(error: ConfigError): string {
  const n = error.problems.length;
  const head = `AutoPPM cannot run: ${n} configuration problem${n === 1 ? '' : 's'} (set these in the environment or in .env; see .env.example):`;
  const lines = error.problems.map((p) => `  - ${p.variable}: ${p.expected} (${p.got === undefined ? 'not set' : `got ${p.got}`})`);
  return [head, ...lines].join('\n');
}
