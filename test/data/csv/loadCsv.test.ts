import { NSE_DATA, describeWithNseData } from '../../support/nseData';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCsvDir, loadCsvFile } from '../../../src/data/csv/loadCsv';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'autoppm-csv-'));
  await writeFile(join(dir, 'M&M.csv'), 'date,open,high,low,close,volume\n2025-01-02,10,11,9,10.5,100\n');
  await writeFile(join(dir, 'BAJAJ-AUTO.csv'), 'Date,Open,High,Low,Close,Volume\r\n2025-01-02,20,21,19,20.5,200\r\n2025-01-03,20.5,22,20,21,300\r\n');
  await writeFile(join(dir, 'BAD.csv'), 'date,open,high,low,close,volume\n2025-01-02,10,9,9,10,100\n');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('loadCsvFile / loadCsvDir', () => {
  it('loads symbols with special characters from a directory', async () => {
    const r = await loadCsvDir(dir, ['M&M', 'BAJAJ-AUTO']);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect([...r.value.keys()]).toEqual(['M&M', 'BAJAJ-AUTO']);
    expect(r.value.get('BAJAJ-AUTO')!.series.symbol).toBe('BAJAJ-AUTO');
    expect(Array.from(r.value.get('BAJAJ-AUTO')!.series.close.subarray(0, 2))).toEqual([20.5, 21]);
  });

  it('names every missing symbol and the expected path', async () => {
    const r = await loadCsvDir(dir, ['M&M', 'RELIANCE', 'TCS']);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.kind).toBe('missing-file');
    expect(r.error.message).toBe(`missing data for RELIANCE: expected ${join(dir, 'RELIANCE.csv')} (and 1 more: TCS).`);
    expect(r.error.missing).toEqual(['RELIANCE', 'TCS']);
  });

  it('refuses symbols that would escape the directory', async () => {
    const r = await loadCsvDir(dir, ['../etc/passwd']);
    expect(!r.ok && r.error.kind).toBe('bad-symbol');
  });

  it('passes the strict/lenient mode through', async () => {
    const strict = await loadCsvDir(dir, ['BAD']);
    expect(!strict.ok && strict.error.message).toBe(`${join(dir, 'BAD.csv')}:2: high 9 < max(open, close) 10; fix the row or load in lenient mode to skip bad rows.`);
    const lenient = await loadCsvDir(dir, ['BAD'], { mode: 'lenient' });
    expect(lenient.ok && lenient.value.get('BAD')!.issues.length).toBe(1);
  });

  it('a missing single file is a Result error, not an exception', async () => {
    const r = await loadCsvFile(join(dir, 'NOPE.csv'));
    expect(!r.ok && r.error.kind).toBe('missing-file');
  });
});

const NSE = NSE_DATA;
const realData = describeWithNseData('daily', 'intraday', 'index/NIFTY50.csv');

realData('real NSE files (cleaned) load with zero issues', () => {
  it('daily: RELIANCE, M&M, BAJAJ-AUTO and the NIFTY 50 index', async () => {
    const r = await loadCsvDir(join(NSE, 'daily'), ['RELIANCE', 'M&M', 'BAJAJ-AUTO'], { mode: 'lenient' });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    for (const [, v] of r.value) {
      expect(v.issues).toEqual([]);
      expect(v.rowsKept).toBe(v.rowsRead);
      expect(v.rowsKept).toBeGreaterThan(3000);
      expect(v.series.interval).toBe('day');
    }
    const idx = await loadCsvFile(join(NSE, 'index', 'NIFTY50.csv'), { mode: 'lenient' });
    expect(idx.ok && idx.value.issues).toEqual([]);
  });

  it('intraday 5-minute files', async () => {
    for (const f of ['INFY_5min.csv', 'RELIANCE_5min.csv']) {
      const r = await loadCsvFile(join(NSE, 'intraday', f), { mode: 'lenient' });
      expect(r.ok).toBe(true);
      if (!r.ok) continue;
      expect(r.value.issues).toEqual([]);
      expect(r.value.series.interval).toBe('5m');
      expect(r.value.rowsKept).toBeGreaterThan(17000);
    }
  });
});
