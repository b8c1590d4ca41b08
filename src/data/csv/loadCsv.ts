import { access, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Result } from '../../core/result';
import { err, ok } from '../../core/result';
import type { CsvError, CsvLoadOptions, CsvLoadResult } from './csvTypes';
import { parseBarsCsv } from './parseBarsCsv';

/** Loads one bar CSV file (see parseBarsCsv for the format and the strict/lenient modes). */
export async function loadCsvFile(path: string, options: CsvLoadOptions = {}): Promise<Result<CsvLoadResult, CsvError>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return err({ kind: 'missing-file', file: path, message: `missing data file: expected ${path}.` });
    return err({ kind: 'io', file: path, message: `cannot read ${path} (${code ?? 'I/O error'}); check the path and its permissions.` });
  }
  return parseBarsCsv(text, path, options);
}

/** NSE symbols as file names: letters, digits, `&`, `-`, `_`, `.` (e.g. `M&M`, `BAJAJ-AUTO`), never a path. */
const SYMBOL = /^(?!\.{1,2}$)[A-Za-z0-9&._-]{1,40}$/;

/**
 * Loads `<dir>/<SYMBOL>.csv` for every symbol. Fails with "missing data for SYMBOL: expected <path>"
 * (listing every missing symbol in `missing`) before parsing anything, or with the first file's error.
 */
export async function loadCsvDir(
  dir: string,
  symbols: readonly string[],
  options: Omit<CsvLoadOptions, 'symbol'> = {},
): Promise<Result<Map<string, CsvLoadResult>, CsvError>> {
  const bad = symbols.find((s) => !SYMBOL.test(s));
  if (bad !== undefined) {
    return err({ kind: 'bad-symbol', file: dir, message: `"${bad}" is not a valid NSE symbol; use letters, digits, &, - or _ only.` });
  }
  const paths = symbols.map((s) => join(dir, `${s}.csv`));
  const missing: string[] = [];
  await Promise.all(
    paths.map(async (p, i) => {
      try {
        await access(p);
      } catch {
        missing.push(symbols[i]!);
      }
    }),
  );
  if (missing.length > 0) {
    missing.sort((a, b) => symbols.indexOf(a) - symbols.indexOf(b));
    const first = missing[0]!;
    const more = missing.length > 1 ? ` (and ${missing.length - 1} more: ${missing.slice(1).join(', ')})` : '';
    return err({
      kind: 'missing-file',
      file: join(dir, `${first}.csv`),
      message: `missing data for ${first}: expected ${join(dir, `${first}.csv`)}${more}.`,
      missing,
    });
  }
  const out = new Map<string, CsvLoadResult>();
  for (let i = 0; i < symbols.length; i++) {
    const r = await loadCsvFile(paths[i]!, { ...options, symbol: symbols[i]! });
    if (!r.ok) return r;
    out.set(symbols[i]!, r.value);
  }
  return ok(out);
}
