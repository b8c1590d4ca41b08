/**
 * Symbol → sector name (NSE industry classification, macro-economic sector level such as
 * "Financial Services" or "Oil Gas & Consumable Fuels"). The shipped map lives in
 * ../data/nseSectors.json and is plain editable data; a user-supplied file is validated by zod.
 */
import { z } from 'zod';
import type { Result } from '../../core/result';
import { err, ok } from '../../core/result';
import shipped from '../sectorData/nseSectors.json';

export type SectorMap = ReadonlyMap<string, string>;

export const UNCLASSIFIED_SECTOR = 'Unclassified';

export const sectorFileSchema = z.object({
  description: z.string().optional(),
  sectors: z.record(z.string().min(1), z.string().min(1)),
});

/** Sector of `symbol`; an `EXCHANGE:` prefix is ignored (`NSE:INFY` → INFY's sector). */
export function sectorOf(map: SectorMap, symbol: string): string {
  const direct = map.get(symbol);
  if (direct !== undefined) return direct;
  const colon = symbol.indexOf(':');
  if (colon >= 0) return map.get(symbol.slice(colon + 1)) ?? UNCLASSIFIED_SECTOR;
  return UNCLASSIFIED_SECTOR;
}

/** Parses a sector file's JSON content; overrides (if given) win over its entries. */
export function parseSectorMap(json: unknown, overrides: Readonly<Record<string, string>> = {}): Result<SectorMap, string> {
  const r = sectorFileSchema.safeParse(json);
  if (!r.success) {
    const i = r.error.issues[0];
    const where = i && i.path.length > 0 ? ` at ${i.path.join('.')}` : '';
    return err(`The sector map is invalid${where}: ${i?.message ?? 'unknown problem'}; it must look like {"sectors": {"INFY": "Information Technology"}}.`);
  }
  return ok(new Map(Object.entries({ ...r.data.sectors, ...overrides })));
}

let shippedMap: SectorMap | null = null;

/** The shipped NSE sector map (NIFTY 100 names), optionally with overrides. */
export function nseSectorMap(overrides: Readonly<Record<string, string>> = {}): SectorMap {
  if (!shippedMap) {
    const r = parseSectorMap(shipped);
    if (!r.ok) throw new Error(`shipped sector map is broken: ${r.error}`);
    shippedMap = r.value;
  }
  return Object.keys(overrides).length === 0 ? shippedMap : new Map([...shippedMap, ...Object.entries(overrides)]);
}
