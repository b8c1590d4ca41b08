import { parseBarsCsv } from '../../../src/data/csv/parseBarsCsv';

const ist = (s: string): number => Date.parse(`${s}+05:30`);

describe('parseBarsCsv: good files', () => {
  it('reads a daily file: date → 00:00 IST, interval day, every column exact', () => {
    const r = parseBarsCsv('date,open,high,low,close,volume\n2024-03-27,3115,3138.45,3106.25,3122.1001,900231\n2024-03-28,3134,3237,3096.75,3197.1,2327053\n', 'X.csv');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const { series, issues, rowsRead, rowsKept, synthetic } = r.value;
    expect([issues, rowsRead, rowsKept, synthetic]).toEqual([[], 2, 2, false]);
    expect(series.symbol).toBe('X');
    expect(series.interval).toBe('day');
    expect(series.toBars()).toEqual([
      { time: ist('2024-03-27T00:00:00'), open: 3115, high: 3138.45, low: 3106.25, close: 3122.1001, volume: 900231 },
      { time: ist('2024-03-28T00:00:00'), open: 3134, high: 3237, low: 3096.75, close: 3197.1, volume: 2327053 },
    ]);
  });

  it('reads intraday bars with offsets and infers 5m', () => {
    const text = [
      'datetime,open,high,low,close,volume',
      '2023-07-03T09:15:00+05:30,1330,1345.25,1330,1341.2,636703',
      '2023-07-03T09:20:00+05:30,1341.85,1345,1340.25,1344.3,357478',
      '2023-07-03T09:30:00+05:30,1344.5,1345,1340.5,1340.9,260242',
    ].join('\n');
    const r = parseBarsCsv(text, 'INFY_5min.csv');
    expect(r.ok && r.value.series.interval).toBe('5m');
    expect(r.ok && Array.from(r.value.series.time.subarray(0, 3))).toEqual([
      ist('2023-07-03T09:15:00'),
      ist('2023-07-03T09:20:00'),
      ist('2023-07-03T09:30:00'),
    ]);
  });

  it('handles BOM, CRLF, quoted fields, header variants, extra columns, comments and trailing blank lines', () => {
    const text =
      '\uFEFF# source: synthetic (seed 1)\r\n"Date","Symbol","Open","High","Low","Close","Adj Close","Volume","OI"\r\n' +
      '"2025-01-02","A,B","100.5",101,100,"100.25",99,"1200",\r\n' +
      '# a comment in the middle\r\n' +
      '2025-01-03,"x ""q"" y",100.25,102,100.05,101,100,1300,55\r\n\r\n   \r\n';
    const r = parseBarsCsv(text, 'dir/M&M.csv');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.series.symbol).toBe('M&M');
    expect(r.value.synthetic).toBe(true);
    expect(r.value.comments).toEqual(['source: synthetic (seed 1)', 'a comment in the middle']);
    expect(r.value.rowsRead).toBe(2);
    expect(r.value.series.toBars()).toEqual([
      { time: ist('2025-01-02T00:00:00'), open: 100.5, high: 101, low: 100, close: 100.25, volume: 1200 },
      { time: ist('2025-01-03T00:00:00'), open: 100.25, high: 102, low: 100.05, close: 101, volume: 1300, oi: 55 },
    ]);
  });

  it('accepts Timestamp/Time headers in any case and a quoted field with a newline', () => {
    const text = 'TIMESTAMP,OPEN,HIGH,LOW,CLOSE,VOLUME,note\n2025-01-02T09:15:00Z,1,2,1,2,10,"two\nlines"\n2025-01-02T09:16:00Z,2,3,2,3,10,x\n2025-01-02T09:17:00Z,3,2,1,1,10,x\n';
    const r = parseBarsCsv(text, 'f.csv', { mode: 'lenient' });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.series.interval).toBe('1m');
    // The bad row starts on physical line 5 because row 2 spans lines 2–3.
    expect(r.value.issues).toEqual([expect.objectContaining({ line: 5, reason: 'high 2 < max(open, close) 3' })]);
  });

  it('uses Adj Close only when asked, scaling open/high/low', () => {
    const text = 'Date,Open,High,Low,Close,Adj Close,Volume\n2025-01-02,100,110,90,100,50,7\n';
    const plain = parseBarsCsv(text, 'f.csv');
    expect(plain.ok && plain.value.series.bar(0)).toMatchObject({ open: 100, high: 110, low: 90, close: 100 });
    const adj = parseBarsCsv(text, 'f.csv', { price: 'adjClose' });
    expect(adj.ok && adj.value.series.bar(0)).toMatchObject({ open: 50, high: 55, low: 45, close: 50, volume: 7 });
    const none = parseBarsCsv('date,open,high,low,close,volume\n', 'g.csv', { price: 'adjClose' });
    expect(!none.ok && none.error.kind).toBe('header');
  });

  it('reads offset-less date-times as IST only when told to', () => {
    const text = 'datetime,open,high,low,close,volume\n2025-01-02 09:15:00,1,1,1,1,1\n2025-01-02 09:16:00,1,1,1,1,1\n';
    const rejected = parseBarsCsv(text, 'n.csv', { mode: 'lenient' });
    expect(rejected.ok).toBe(false);
    if (!rejected.ok) {
      expect(rejected.error.kind).toBe('ambiguous-time');
      expect(rejected.error.message).toBe(
        'n.csv:2: the timestamp "2025-01-02 09:15:00" has no UTC offset, so its time zone is ambiguous; add an offset such as +05:30 or load with naiveTime \'IST\'.',
      );
    }
    const accepted = parseBarsCsv(text, 'n.csv', { naiveTime: 'IST' });
    expect(accepted.ok && accepted.value.series.time[0]).toBe(ist('2025-01-02T09:15:00'));
  });
});

describe('parseBarsCsv: bad rows', () => {
  const header = 'date,open,high,low,close,volume';
  const rows = [
    ['2025-01-01,10,11,9,10,100', null],
    ['2025-01-02,abc,11,9,10,100', 'unparsable open "abc"'],
    ['2025-01-03,10,11,9,0,100', 'non-positive price close=0'],
    ['2025-01-04,10,11,9,-1,100', 'non-positive price close=-1'],
    ['2025-01-05,10,9,9.5,10,100', 'high 9 < low 9.5'],
    ['2025-01-06,10,10.5,9,11,100', 'high 10.5 < max(open, close) 11'],
    ['2025-01-07,10,11,9.5,9,100', 'low 9.5 > min(open, close) 9'],
    ['2025-01-08,10,11,9,10,-5', 'negative volume -5'],
    ['2025-01-09,10,11,9,10,', 'unparsable volume ""'],
    ['2025-01-10,10,11,9,10,100', null],
    ['2025-01-10,10,11,9,10,100', 'duplicate timestamp 2025-01-09T18:30:00.000Z (also on line 11)'],
    ['2025-01-05,10,11,9,10,100', 'timestamp 2025-01-04T18:30:00.000Z is earlier than line 11'],
    ['2025-02-30,10,11,9,10,100', 'unparsable timestamp "2025-02-30"'],
    ['2025-01-11,10,11', 'expected at least 6 columns, found 3'],
    ['2025-01-12T09:15:00+05:30,10,11,9,10,100', "mixes a datetime with the file's dates"],
    ['2025-01-13,10,11,9,10,100', null],
  ] as const;
  const text = [header, ...rows.map(([r]) => r)].join('\n') + '\n';

  it('lenient: skips and reports every bad row with file:line and reason; nothing dropped silently', () => {
    const r = parseBarsCsv(text, 'bad.csv', { mode: 'lenient' });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const expected = rows.flatMap(([raw, reason], i) => (reason ? [{ file: 'bad.csv', line: i + 2, reason, text: raw }] : []));
    expect(r.value.issues).toEqual(expected);
    expect(r.value.rowsRead).toBe(rows.length);
    expect(r.value.rowsKept).toBe(3);
    expect(r.value.rowsKept + r.value.issues.length).toBe(r.value.rowsRead);
    expect(Array.from(r.value.series.time.subarray(0, 3))).toEqual([ist('2025-01-01T00:00:00'), ist('2025-01-10T00:00:00'), ist('2025-01-13T00:00:00')]);
  });

  it('strict: fails at the first bad row with one sentence', () => {
    const r = parseBarsCsv(text, 'bad.csv');
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error).toMatchObject({ kind: 'bad-row', file: 'bad.csv', line: 3 });
      expect(r.error.message).toBe('bad.csv:3: unparsable open "abc"; fix the row or load in lenient mode to skip bad rows.');
    }
  });

  it('header problems and empty files are file-level errors', () => {
    const e1 = parseBarsCsv('date,open,high,close,volume\n2025-01-01,1,1,1,1\n', 'h.csv');
    expect(!e1.ok && e1.error.message).toBe('h.csv:1: the header lacks low (expected date,open,high,low,close,volume); fix the header row.');
    const e2 = parseBarsCsv('# only a comment\n\n', 'e.csv');
    expect(!e2.ok && e2.error.kind).toBe('empty');
    const e3 = parseBarsCsv('Date,Open,High,Low,Close,Volume,date\n', 'd.csv');
    expect(!e3.ok && e3.error.kind).toBe('header');
  });

  it('an odd intraday spacing needs the interval option', () => {
    const text2 = 'datetime,open,high,low,close,volume\n2025-01-02T09:15:00+05:30,1,1,1,1,1\n2025-01-02T09:22:00+05:30,1,1,1,1,1\n';
    const r = parseBarsCsv(text2, 'o.csv');
    expect(!r.ok && r.error.kind).toBe('interval');
    const given = parseBarsCsv(text2, 'o.csv', { interval: '1m' });
    expect(given.ok && given.value.series.interval).toBe('1m');
  });
});
