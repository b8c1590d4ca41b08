/** Reads a .env file (dotenv syntax) and merges it under the process environment: the environment wins. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'dotenv';
import { err, ok, type Result } from '../core/result';
import { problem, type ConfigError } from './configError';
import type { Env } from './loadConfig';

export interface EnvFileOptions {
  /** Path of the .env file; default `.env` in the working directory. */
  readonly path?: string;
  /** An explicit path must exist; the default one is optional. */
  readonly required?: boolean;
  readonly cwd?: string;
}

export function readEnvFile(options: EnvFileOptions = {}): Result<Record<string, string>, ConfigError> {
  const file = resolve(options.cwd ?? process.cwd(), options.path ?? '.env');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && !options.required) return ok({});
    const why = code === 'ENOENT' ? 'it does not exist' : code === 'EISDIR' ? 'it is a directory' : `it cannot be read (${code ?? 'unknown error'})`;
    return err({ kind: 'config', problems: [problem('env file', `a readable file in dotenv format (KEY=value lines)`, `${file}: ${why}`)] });
  }
  return ok(parse(text));
}

/** The environment seen by loadConfig: .env values first, then the real environment on top. */
export function mergeEnv(fromFile: Readonly<Record<string, string>>, processEnv: Env): Env {
  const merged: Record<string, string | undefined> = { ...fromFile };
  for (const [k, v] of Object.entries(processEnv)) if (v !== undefined) merged[k] = v;
  return merged;
}
