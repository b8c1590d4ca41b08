/**
 * Concentration of a book: the largest position, the top-5 share and exposure per sector.
 * Shares are of gross exposure (Σ|value|) and of equity; sectors come from a map passed in
 * (symbols missing from it fall under "Unclassified").
 */
export interface RiskPosition {
  /** Instrument symbol, e.g. `RELIANCE` or `NSE:RELIANCE` (whatever the sector map uses). */
  readonly symbol: string;
  /** Marked-to-market value in rupees; negative for a short. */
  readonly value: number;
}

export interface Exposure {
  readonly name: string;
  /** Gross rupee exposure (absolute values summed). */
  readonly gross: number;
  readonly shareOfGross: number;
  readonly shareOfEquity: number;
}

export interface Concentration {
  readonly gross: number;
  readonly net: number;
  readonly largest: Exposure | null;
  /** Share of gross exposure held by the five largest positions. */
  readonly top5ShareOfGross: number;
  /** Herfindahl index of position weights in gross exposure (1 = a single position). */
  readonly herfindahl: number;
  /** Sectors by gross exposure, largest first. */
  readonly sectors: readonly Exposure[];
}

export const UNCLASSIFIED = 'Unclassified';

export type SectorMap = ReadonlyMap<string, string> | Readonly<Record<string, string>>;

export function sectorOf(map: SectorMap | undefined, symbol: string): string {
  if (!map) return UNCLASSIFIED;
  const s = map instanceof Map ? map.get(symbol) : (map as Readonly<Record<string, string>>)[symbol];
  return s ?? UNCLASSIFIED;
}

export function concentration(positions: readonly RiskPosition[], equity: number, sectors?: SectorMap): Concentration {
  let gross = 0;
  let net = 0;
  const bySymbol = new Map<string, number>();
  for (const p of positions) {
    gross += Math.abs(p.value);
    net += p.value;
    bySymbol.set(p.symbol, (bySymbol.get(p.symbol) ?? 0) + p.value);
  }
  const exposure = (name: string, g: number): Exposure => ({
    name,
    gross: g,
    shareOfGross: gross > 0 ? g / gross : 0,
    shareOfEquity: equity > 0 ? g / equity : NaN,
  });
  const ranked = [...bySymbol].map(([s, v]) => exposure(s, Math.abs(v))).sort((a, b) => b.gross - a.gross);
  let top5 = 0;
  let hhi = 0;
  ranked.forEach((e, i) => {
    if (i < 5) top5 += e.shareOfGross;
    hhi += e.shareOfGross * e.shareOfGross;
  });
  const bySector = new Map<string, number>();
  for (const [s, v] of bySymbol) {
    const sec = sectorOf(sectors, s);
    bySector.set(sec, (bySector.get(sec) ?? 0) + Math.abs(v));
  }
  return {
    gross,
    net,
    largest: ranked[0] ?? null,
    top5ShareOfGross: top5,
    herfindahl: hhi,
    sectors: [...bySector].map(([s, g]) => exposure(s, g)).sort((a, b) => b.gross - a.gross),
  };
}
