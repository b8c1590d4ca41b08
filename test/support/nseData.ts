/**
 * The real NSE price files (see ../shared/data/nse/SOURCES.md), found relative to the repository root
 * (`../shared/data/nse`), never by an absolute path. Where they are missing a test suite skips with a
 * printed note — except under CI=true, where their absence is a failure.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { BarSeries } from '../../src/core/barSeries';
import { loadCsvFile } from '../../src/data/csv/loadCsv';

/** ../shared/data/nse relative to the repository root (this file is test/support/nseData.ts). */
export const NSE_DATA = resolve(__dirname, '..', '..', '..', 'shared', 'data', 'nse');

export const nsePath = (...parts: string[]): string => join(NSE_DATA, ...parts);

/**
 * `describe` when every path (relative to NSE_DATA) exists, else `describe.skip` with a note on the
 * console; with CI=true a missing file throws, so the suite fails instead of passing silently.
 */
export function describeWithNseData(...paths: string[]): jest.Describe {
  const missing = paths.filter((p) => !existsSync(nsePath(p)));
  if (missing.length === 0) return describe;
  const note = `Real NSE data missing (${missing.map((p) => nsePath(p)).join(', ')}); these tests need ../shared/data/nse.`;
  if (process.env.CI === 'true') throw new Error(`${note} CI=true requires it.`);
  console.warn(`${note} Skipping.`);
  return describe.skip;
}

/** Loads one CSV of the real data (strict), throwing on failure (a broken data file is a test failure). */
export async function loadNse(relative: string, symbol?: string): Promise<BarSeries> {
  const r = await loadCsvFile(nsePath(relative), symbol ? { symbol } : {});
  if (!r.ok) throw new Error(r.error.message);
  return r.value.series;
}
