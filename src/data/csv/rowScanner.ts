/**
 * Splits CSV text into rows and field slices without allocating per cell: field i of the current
 * row is text[start(i), end(i)). Handles CRLF, quoted fields (with "" escapes and embedded
 * newlines) and reports how many physical lines each row spans.
 */
export class RowScanner {
  /** Field count of the current row. */
  fields = 0;
  /** True when the current row is a `#` comment line (one field: the whole line). */
  comment = false;
  /** Physical lines the current row spans (more than 1 when a quoted field holds a newline). */
  lines = 0;
  /** Index where the current row starts (for error text). */
  rowStart = 0;
  /** Index just past the current row's last field (before its line break). */
  rowEnd = 0;
  private bounds: Int32Array;

  constructor(
    private readonly text: string,
    private pos: number,
    maxFields = 64,
  ) {
    this.bounds = new Int32Array(maxFields * 2);
  }

  get done(): boolean {
    return this.pos >= this.text.length;
  }

  start(i: number): number {
    return this.bounds[2 * i]!;
  }

  end(i: number): number {
    return this.bounds[2 * i + 1]!;
  }

  /** Copies field i out as a string (header and error paths only). */
  field(i: number): string {
    return this.text.slice(this.start(i), this.end(i));
  }

  /** Advances over the next row; returns false at the end of the text. */
  next(): boolean {
    const s = this.text;
    const n = s.length;
    let i = this.pos;
    if (i >= n) return false;
    this.rowStart = i;
    this.fields = 0;
    this.lines = 1;
    this.comment = s.charCodeAt(i) === 35;
    if (this.comment) {
      while (i < n && s.charCodeAt(i) !== 10 && s.charCodeAt(i) !== 13) i++;
      this.bounds[0] = this.rowStart;
      this.bounds[1] = i;
      this.fields = 1;
      return this.finishRow(i);
    }
    for (;;) {
      if (this.fields * 2 >= this.bounds.length) this.growBounds();
      let fStart = i;
      let fEnd: number;
      if (i < n && s.charCodeAt(i) === 34) {
        // Quoted field: content runs to the closing quote; "" is an escaped quote.
        fStart = ++i;
        for (;;) {
          if (i >= n) {
            fEnd = n;
            break;
          }
          const c = s.charCodeAt(i);
          if (c === 34) {
            if (i + 1 < n && s.charCodeAt(i + 1) === 34) {
              i += 2;
              continue;
            }
            fEnd = i++;
            break;
          }
          if (c === 10) this.lines++;
          i++;
        }
        // Skip anything between the closing quote and the delimiter.
        while (i < n) {
          const c = s.charCodeAt(i);
          if (c === 44 || c === 10 || c === 13) break;
          i++;
        }
      } else {
        while (i < n) {
          const c = s.charCodeAt(i);
          if (c === 44 || c === 10 || c === 13) break;
          i++;
        }
        fEnd = i;
      }
      this.bounds[2 * this.fields] = fStart;
      this.bounds[2 * this.fields + 1] = fEnd;
      this.fields++;
      if (i < n && s.charCodeAt(i) === 44) {
        i++;
        continue;
      }
      return this.finishRow(i);
    }
  }

  private finishRow(i: number): boolean {
    const s = this.text;
    this.rowEnd = i;
    if (i < s.length && s.charCodeAt(i) === 13) i++;
    if (i < s.length && s.charCodeAt(i) === 10) i++;
    this.pos = i;
    return true;
  }

  /** True when the current row is empty or only whitespace. */
  isBlank(): boolean {
    if (this.fields !== 1) return false;
    for (let i = this.start(0); i < this.end(0); i++) {
      const c = this.text.charCodeAt(i);
      if (c !== 32 && c !== 9) return false;
    }
    return true;
  }

  private growBounds(): void {
    const b = new Int32Array(this.bounds.length * 2);
    b.set(this.bounds);
    this.bounds = b;
  }
}
