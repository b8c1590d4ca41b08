/**
 * Parameter grids for sweeps: `fast=5..20:5` (range with step, inclusive), `slow=20,30,50` (list),
 * `mode=time-series` (one value). Values stay strings or numbers; the strategy registry checks them.
 */
import { err, ok, type Result } from '../core/result';

export type ParamValue = string | number;
export type ParamGrid = readonly (readonly [string, readonly ParamValue[]])[];
export type Combination = Readonly<Record<string, ParamValue>>;

const MAX_COMBINATIONS = 1_000_000;

function parseValues(name: string, text: string): Result<ParamValue[], string> {
  const range = /^(-?\d+(?:\.\d+)?)\.\.(-?\d+(?:\.\d+)?)(?::(\d+(?:\.\d+)?))?$/.exec(text);
  if (range) {
    const a = Number(range[1]);
    const b = Number(range[2]);
    const step = range[3] === undefined ? 1 : Number(range[3]);
    if (!(step > 0) || b < a) return err(`Grid range for ${name} must go up with a positive step, like ${name}=5..20:5.`);
    const out: number[] = [];
    // Integer steps counted, not accumulated (no 0.1 + 0.2 drift).
    for (let k = 0; a + k * step <= b + 1e-9; k++) out.push(Number((a + k * step).toFixed(10)));
    return ok(out);
  }
  const items = text.split(',').map((s) => s.trim());
  if (items.some((s) => s === '')) return err(`Grid values for ${name} are empty; write ${name}=1,2,3 or ${name}=1..10:1.`);
  return ok(items.map((s) => (s !== '' && Number.isFinite(Number(s)) ? Number(s) : s)));
}

export function parseGrid(specs: readonly string[]): Result<ParamGrid, string> {
  const grid: [string, ParamValue[]][] = [];
  let count = 1;
  for (const spec of specs) {
    const eq = spec.indexOf('=');
    if (eq <= 0) return err(`Grid entry "${spec}" is not name=values; use e.g. fast=5..20:5 or slow=20,30,50.`);
    const name = spec.slice(0, eq).trim();
    if (grid.some(([n]) => n === name)) return err(`Grid parameter ${name} is given twice; give it once.`);
    const v = parseValues(name, spec.slice(eq + 1).trim());
    if (!v.ok) return v;
    grid.push([name, v.value]);
    count *= v.value.length;
  }
  if (grid.length === 0) return err('A sweep needs a grid; give --grid name=values, e.g. --grid fast=5..20:5 slow=20,30,50.');
  if (count > MAX_COMBINATIONS) return err(`The grid has ${count} combinations, more than ${MAX_COMBINATIONS}; use larger steps.`);
  return ok(grid);
}

/** Every combination, the last parameter varying fastest. */
export function combinations(grid: ParamGrid): Combination[] {
  let out: Record<string, ParamValue>[] = [{}];
  for (const [name, values] of grid) out = out.flatMap((c) => values.map((v) => ({ ...c, [name]: v })));
  return out;
}
