/**
 * The strategy loader: reads the strategy files of a folder (`strategies/`, where the built-ins live too) at start and
 * registers every strategy they export. It reads the disk and loads code, so it sits outside the engine (which sees
 * only the registry) and below backtest, services and the composition roots that call it.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { err, ok, type Result } from '../core/result';
import type { Strategy } from '../core/strategy';
import { StrategyRegistry } from '../engine/strategyRegistry';

/** Loads every top-level strategy file of `dir` (sub-folders such as `lib/` are helpers). */
export function discoverStrategies(dir: string): Result<StrategyRegistry, string> {
  const reg = new StrategyRegistry();
  const files = readdirSync(dir, { withFileTypes: true })
    .filter((f) => f.isFile() && /\.(ts|js)$/.test(f.name) && !/\.(d|test)\.ts$/.test(f.name))
    .map((f) => f.name)
    .sort();
  for (const f of files) {
    let mod: unknown;
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      mod = require(join(dir, f));
    } catch (e) {
      return err(`Strategy file ${f} failed to load (${e instanceof Error ? e.message : String(e)}); fix or remove it.`);
    }
    for (const s of strategiesIn(mod)) {
      const r = reg.register(s);
      if (!r.ok) return err(`${r.error} (in ${f})`);
    }
  }
  return ok(reg);
}

/** A module that exports a strategy (default export, or any named export that is one). */
function strategiesIn(mod: unknown): Strategy[] {
  if (mod === null || typeof mod !== 'object') return [];
  return Object.values(mod as Record<string, unknown>).filter(isStrategy);
}

function isStrategy(x: unknown): x is Strategy {
  if (x === null || typeof x !== 'object') return false;
  const s = x as Partial<Strategy>;
  return typeof s.name === 'string' && typeof s.instantiate === 'function' && s.params instanceof z.ZodObject;
}
