/** Every request the fake received, so tests can assert what was (or was not) called. */

export interface LoggedRequest {
  readonly seq: number;
  /** The fake's clock at arrival, epoch ms. */
  readonly time: number;
  readonly method: string;
  readonly path: string;
  /** kiteconnect route name, or null for an unknown path. */
  readonly route: string | null;
  readonly query: Readonly<Record<string, readonly string[]>>;
  /** Raw request body (form-encoded or JSON text). */
  readonly body: string;
  /** Status of the reply sent, or null when none was sent (hang, dropped or lost reply). */
  status: number | null;
  /** The fault applied to this call, if any. */
  fault: string | null;
}

export interface RequestFilter {
  readonly route?: string;
  readonly method?: string;
  readonly path?: string;
}

const matches = (r: LoggedRequest, f: RequestFilter): boolean =>
  (f.route === undefined || r.route === f.route) && (f.method === undefined || r.method === f.method) && (f.path === undefined || r.path === f.path);

export class RequestLog {
  private entries: LoggedRequest[] = [];
  private seq = 0;

  add(e: Omit<LoggedRequest, 'seq'>): LoggedRequest {
    const entry = { ...e, seq: ++this.seq };
    this.entries.push(entry);
    return entry;
  }

  list(filter: RequestFilter = {}): readonly LoggedRequest[] {
    return this.entries.filter((r) => matches(r, filter));
  }

  count(filter: RequestFilter = {}): number {
    return this.list(filter).length;
  }

  clear(): void {
    this.entries = [];
  }
}

export const queryRecord = (q: URLSearchParams): Record<string, string[]> => {
  const out: Record<string, string[]> = {};
  for (const [k, v] of q) (out[k] ??= []).push(v);
  return out;
};
