import { BarSeries } from '../../core/barSeries';
import type { Result } from '../../core/result';
import { err, ok } from '../../core/result';
import { mapHeader } from './csvHeader';
import type { CsvError, CsvLoadOptions, CsvLoadResult, RowIssue } from './csvTypes';
import { parseDecimal, TimestampParser } from './fastParse';
import { inferInterval } from './inferInterval';
import { RowScanner } from './rowScanner';

const SYNTHETIC_LABEL = /source\s*[:=]\s*synthetic/i;
const MAX_ISSUE_TEXT = 120;

/**
 * Parses bar CSV text (`date,open,high,low,close,volume` daily or `datetime,…` intraday) into a
 * BarSeries. Every data row is either kept or reported as a RowIssue with file:line and a reason
 * (strict mode fails on the first). `file` is only used to label issues and errors.
 */
export function parseBarsCsv(text: string, file: string, options: CsvLoadOptions = {}): Result<CsvLoadResult, CsvError> {
  const strict = (options.mode ?? 'strict') === 'strict';
  const useAdj = options.price === 'adjClose';
  const scanner = new RowScanner(text, text.charCodeAt(0) === 0xfeff ? 1 : 0);
  const comments: string[] = [];
  let line = 0;

  // Header: the first row that is neither blank nor a comment.
  let header: string[] | null = null;
  let headerLine = 0;
  while (scanner.next()) {
    line += scanner.lines;
    if (scanner.comment) comments.push(text.slice(scanner.start(0) + 1, scanner.end(0)).trim());
    else if (!scanner.isBlank()) {
      header = Array.from({ length: scanner.fields }, (_, i) => scanner.field(i));
      headerLine = line;
      break;
    }
  }
  if (!header) return err({ kind: 'empty', file, message: `${file} has no header row; expected date,open,high,low,close,volume.` });
  const mapped = mapHeader(header);
  if (!mapped.ok) return err({ kind: 'header', file, line: headerLine, message: `${file}:${headerLine}: ${mapped.error}; fix the header row.` });
  const cols = mapped.value;
  if (useAdj && cols.adjClose < 0) {
    return err({ kind: 'header', file, line: headerLine, message: `${file} has no Adj Close column; load it with price 'close' instead.` });
  }

  const series = new BarSeries(options.symbol ?? symbolFromFile(file), options.interval ?? 'day', countLines(text));
  const { time, open, high, low, close, volume, oi } = series;
  const issues: RowIssue[] = [];
  const ts = new TimestampParser();
  let firstKind: 'date' | 'datetime' | null = null;
  let rowsRead = 0;
  let n = 0;
  let last = -Infinity;
  let lastLine = 0;

  while (scanner.next()) {
    const rowLine = line + 1;
    line += scanner.lines;
    if (scanner.comment) {
      comments.push(text.slice(scanner.start(0) + 1, scanner.end(0)).trim());
      continue;
    }
    if (scanner.isBlank()) continue;
    rowsRead++;
    let reason: string | null = null;
    let t = NaN;
    let o = NaN;
    let h = NaN;
    let l = NaN;
    let c = NaN;
    let v = NaN;
    let oiv = NaN;
    if (scanner.fields < cols.width) {
      reason = `expected at least ${cols.width} columns, found ${scanner.fields}`;
    } else {
      t = ts.parse(text, scanner.start(cols.time), scanner.end(cols.time));
      if (Number.isNaN(t)) reason = `unparsable timestamp "${scanner.field(cols.time)}"`;
      else if (ts.kind === 'naive' && options.naiveTime !== 'IST') {
        return err({
          kind: 'ambiguous-time',
          file,
          line: rowLine,
          message: `${file}:${rowLine}: the timestamp "${scanner.field(cols.time)}" has no UTC offset, so its time zone is ambiguous; add an offset such as +05:30 or load with naiveTime 'IST'.`,
        });
      } else {
        const kind = ts.kind === 'date' ? 'date' : 'datetime';
        firstKind ??= kind;
        if (kind !== firstKind) reason = `mixes a ${kind} with the file's ${firstKind}s`;
      }
      if (reason === null) {
        o = parseDecimal(text, scanner.start(cols.open), scanner.end(cols.open));
        h = parseDecimal(text, scanner.start(cols.high), scanner.end(cols.high));
        l = parseDecimal(text, scanner.start(cols.low), scanner.end(cols.low));
        c = parseDecimal(text, scanner.start(cols.close), scanner.end(cols.close));
        v = parseDecimal(text, scanner.start(cols.volume), scanner.end(cols.volume));
        if (cols.oi >= 0 && scanner.end(cols.oi) > scanner.start(cols.oi)) oiv = parseDecimal(text, scanner.start(cols.oi), scanner.end(cols.oi));
        reason = numberProblem(scanner, cols, o, h, l, c, v, oiv);
        if (reason === null && useAdj) {
          const adj = parseDecimal(text, scanner.start(cols.adjClose), scanner.end(cols.adjClose));
          if (!(adj > 0)) reason = Number.isNaN(adj) ? `unparsable adj close "${scanner.field(cols.adjClose)}"` : `non-positive adj close ${adj}`;
          else {
            const f = adj / c;
            o *= f;
            h *= f;
            l *= f;
            c = adj;
          }
        }
      }
      if (reason === null) reason = barProblem(o, h, l, c, v, t, last, lastLine);
    }
    if (reason !== null) {
      const issue: RowIssue = { file, line: rowLine, reason, text: text.slice(scanner.rowStart, Math.min(scanner.rowEnd, scanner.rowStart + MAX_ISSUE_TEXT)) };
      if (strict) {
        return err({ kind: 'bad-row', file, line: rowLine, message: `${file}:${rowLine}: ${reason}; fix the row or load in lenient mode to skip bad rows.` });
      }
      issues.push(issue);
      continue;
    }
    time[n] = t;
    open[n] = o;
    high[n] = h;
    low[n] = l;
    close[n] = c;
    volume[n] = v;
    oi[n] = oiv;
    n++;
    last = t;
    lastLine = rowLine;
  }
  series.length = n;

  let result = series;
  if (!options.interval) {
    const interval = firstKind === 'date' ? 'day' : inferInterval(time, n);
    if (interval === null) {
      return err({ kind: 'interval', file, message: `cannot tell the bar interval of ${file} from its timestamps; pass the interval option.` });
    }
    result = rebrand(series, interval);
  }
  return ok({ series: result, issues, rowsRead, rowsKept: n, comments, synthetic: comments.some((c) => SYNTHETIC_LABEL.test(c)) });
}

function numberProblem(
  sc: RowScanner,
  cols: { open: number; high: number; low: number; close: number; volume: number; oi: number },
  o: number,
  h: number,
  l: number,
  c: number,
  v: number,
  oiv: number,
): string | null {
  const price =
    priceProblem(sc, 'open', cols.open, o) ??
    priceProblem(sc, 'high', cols.high, h) ??
    priceProblem(sc, 'low', cols.low, l) ??
    priceProblem(sc, 'close', cols.close, c);
  if (price !== null) return price;
  if (Number.isNaN(v)) return `unparsable volume "${sc.field(cols.volume)}"`;
  if (v < 0) return `negative volume ${v}`;
  if (cols.oi >= 0 && sc.end(cols.oi) > sc.start(cols.oi) && Number.isNaN(oiv)) return `unparsable oi "${sc.field(cols.oi)}"`;
  return null;
}

/** Why one price field is unusable (unparsable, zero, negative or infinite), or null. Allocates nothing on a good price. */
function priceProblem(sc: RowScanner, name: string, col: number, x: number): string | null {
  if (Number.isNaN(x)) return `unparsable ${name} "${sc.field(col)}"`;
  if (!(x > 0) || !Number.isFinite(x)) return `non-positive price ${name}=${x}`;
  return null;
}

function barProblem(o: number, h: number, l: number, c: number, v: number, t: number, last: number, lastLine: number): string | null {
  if (!Number.isFinite(v)) return `volume ${v} is not finite`;
  if (h < l) return `high ${h} < low ${l}`;
  if (h < (o > c ? o : c)) return `high ${h} < max(open, close) ${o > c ? o : c}`;
  if (l > (o < c ? o : c)) return `low ${l} > min(open, close) ${o < c ? o : c}`;
  if (t === last) return `duplicate timestamp ${new Date(t).toISOString()} (also on line ${lastLine})`;
  if (t < last) return `timestamp ${new Date(t).toISOString()} is earlier than line ${lastLine}`;
  return null;
}

/** The same columns under another interval (BarSeries keeps interval readonly). */
function rebrand(s: BarSeries, interval: BarSeries['interval']): BarSeries {
  if (s.interval === interval) return s;
  const out = new BarSeries(s.symbol, interval, 0);
  out.time = s.time;
  out.open = s.open;
  out.high = s.high;
  out.low = s.low;
  out.close = s.close;
  out.volume = s.volume;
  out.oi = s.oi;
  out.length = s.length;
  return out;
}

/** Upper bound of data rows, to size the columns once. */
function countLines(text: string): number {
  let n = 1;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

function symbolFromFile(file: string): string {
  const base = file.split(/[\\/]/).pop() ?? file;
  return base.replace(/\.csv$/i, '');
}
