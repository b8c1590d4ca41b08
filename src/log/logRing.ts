/**
 * The process's recent warnings and errors, in memory, for /logs: the logger hands it every line it writes, after
 * the secret scrubber (src/log/logger.ts), and it keeps the last `capacity` lines at level warn or above. A line
 * is pino's JSON; one that does not parse is kept as its text.
 */

export type LogLevelName = 'warn' | 'error' | 'fatal';

export interface LogEntry {
  readonly time: number;
  readonly level: LogLevelName;
  readonly message: string;
  /** The line's other fields (scrubbed JSON, without pid/hostname/app), when it has any. */
  readonly detail?: string;
}

const WARN = 40;
const LEVELS: Readonly<Record<number, LogLevelName>> = { 40: 'warn', 50: 'error', 60: 'fatal' };
const QUIET = new Set(['level', 'time', 'msg', 'pid', 'hostname', 'app']);

export class LogRing {
  private readonly entries: (LogEntry | undefined)[];
  private next = 0;
  private count = 0;

  constructor(readonly capacity = 200) {
    this.entries = new Array<LogEntry | undefined>(capacity);
  }

  /** One written log line (already scrubbed); kept when it is a warning or worse. */
  push(line: string): void {
    const e = entryOf(line);
    if (!e) return;
    this.entries[this.next] = e;
    this.next = (this.next + 1) % this.capacity;
    this.count = Math.min(this.count + 1, this.capacity);
  }

  /** The newest `n` entries, newest first. */
  recent(n: number): LogEntry[] {
    const out: LogEntry[] = [];
    for (let k = 1; k <= Math.min(n, this.count); k++) out.push(this.entries[(this.next - k + this.capacity) % this.capacity]!);
    return out;
  }
}

function entryOf(line: string): LogEntry | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const rec = parsed as Record<string, unknown>;
  const level = typeof rec.level === 'number' ? rec.level : 0;
  if (level < WARN) return undefined;
  const rest = Object.fromEntries(Object.entries(rec).filter(([k]) => !QUIET.has(k)));
  return {
    time: typeof rec.time === 'number' ? rec.time : Date.now(),
    level: LEVELS[level] ?? 'fatal',
    message: typeof rec.msg === 'string' ? rec.msg : '',
    ...(Object.keys(rest).length > 0 ? { detail: JSON.stringify(rest) } : {}),
  };
}
