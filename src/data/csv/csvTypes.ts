import type { BarSeries } from '../../core/barSeries';
import type { Interval } from '../../core/interval';

/** One rejected row: where it is, why, and the start of its text. */
export interface RowIssue {
  readonly file: string;
  /** 1-based physical line number of the row's first line. */
  readonly line: number;
  readonly reason: string;
  readonly text: string;
}

export type CsvErrorKind = 'io' | 'missing-file' | 'bad-symbol' | 'empty' | 'header' | 'bad-row' | 'ambiguous-time' | 'interval';

/** A file-level failure; `message` is one sentence saying what was wrong and what to do. */
export interface CsvError {
  readonly kind: CsvErrorKind;
  readonly file: string;
  readonly line?: number;
  readonly message: string;
  /** For `missing-file` from the directory loader: every symbol whose file was absent. */
  readonly missing?: readonly string[];
}

export interface CsvLoadOptions {
  /** strict (default): the first bad row fails the load. lenient: bad rows are skipped and reported. */
  readonly mode?: 'strict' | 'lenient';
  /**
   * How to read date-times without a UTC offset: 'reject' (default; they are ambiguous) or 'IST'.
   * Plain dates (YYYY-MM-DD) are always IST days and need no option.
   */
  readonly naiveTime?: 'reject' | 'IST';
  /**
   * 'close' (default) uses the Close column and ignores any Adj Close. 'adjClose' uses Adj Close as
   * the close and scales open/high/low by adjClose/close so the bar stays consistent.
   */
  readonly price?: 'close' | 'adjClose';
  /** Bar interval; inferred from the timestamps when absent. */
  readonly interval?: Interval;
  /** Series symbol; defaults to the file name without `.csv`. */
  readonly symbol?: string;
}

export interface CsvLoadResult {
  readonly series: BarSeries;
  /** Rows that were skipped (lenient mode), each with file:line and a reason. */
  readonly issues: RowIssue[];
  /** Data rows seen (header, `#` comments and blank lines excluded). rowsRead = rowsKept + issues.length. */
  readonly rowsRead: number;
  readonly rowsKept: number;
  /** `#` comment lines of the file, without the `#`. */
  readonly comments: string[];
  /** True when a comment labels the file `source: synthetic` (written by the synthetic generator). */
  readonly synthetic: boolean;
}
