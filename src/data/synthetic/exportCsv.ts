import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { barSeriesToCsv } from '../csv/writeCsv';
import type { SyntheticMarket } from './generateMarket';

/**
 * Writes `<dir>/<SYMBOL>.csv` for every symbol of a synthetic market. Each file starts with
 * `# source: synthetic` comment lines (the CSV loader reports such files as `synthetic: true`).
 * Returns the paths written.
 */
export async function exportSyntheticCsv(market: SyntheticMarket, dir: string): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const paths: string[] = [];
  for (const symbol of market.symbols) {
    const path = join(dir, `${symbol}.csv`);
    const csv = barSeriesToCsv(market.series.get(symbol)!, {
      comments: ['source: synthetic', market.label],
    });
    await writeFile(path, csv, 'utf8');
    paths.push(path);
  }
  return paths;
}
