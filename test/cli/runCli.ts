/** Spawns bin/autoppm.js as a person would run it, in a scratch directory with a clean AutoPPM environment. */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { VARIABLES } from '../../src/config';

export const BIN = join(__dirname, '..', '..', 'bin', 'autoppm.js');

export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export function scratchDir(): string {
  return mkdtempSync(join(tmpdir(), 'autoppm-cli-'));
}

/** The parent environment without any AutoPPM or MONGOMS_ variable, plus `extra`. */
export function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (k in VARIABLES || k.startsWith('MONGOMS_') || k === 'NODE_ENV') continue;
    env[k] = v;
  }
  return { ...env, TZ: 'Asia/Kolkata', ...extra };
}

export function spawnCli(args: string[], env: Record<string, string>, cwd = scratchDir()): ChildProcess {
  return spawn(process.execPath, [BIN, ...args], { cwd, env: cleanEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
}

export function runCli(args: string[], env: Record<string, string> = {}, cwd?: string): Promise<CliRun> {
  const child = spawnCli(args, env, cwd);
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

/**
 * Jest's limit for a test that runs the command line: each run starts Node and compiles the sources (tsx), which
 * takes seconds on a loaded machine (jest's workers and a CI runner share its cores). A hang still fails.
 */
export const CLI_TEST_TIMEOUT_MS = 120_000;
