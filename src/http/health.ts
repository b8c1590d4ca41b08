/**
 * Health as a registry of named checks (mongo now; later the broker session, the ticker, the job queue …).
 * Each check answers up or down; a check that throws or does not answer in time counts as down.
 */
export type CheckStatus = 'up' | 'down';

export interface CheckResult {
  readonly status: CheckStatus;
  /** A short note for operators (never a secret). */
  readonly detail?: string;
}

export type HealthCheck = () => Promise<CheckResult>;

export interface HealthReport {
  readonly status: 'ok' | 'down';
  readonly checks: Readonly<Record<string, CheckResult>>;
}

export class HealthRegistry {
  private readonly checks = new Map<string, HealthCheck>();

  constructor(private readonly timeoutMs = 3000) {}

  /** Adds a named check; a name can be registered once. */
  register(name: string, check: HealthCheck): void {
    if (this.checks.has(name)) throw new Error(`health check "${name}" is already registered`);
    this.checks.set(name, check);
  }

  names(): string[] {
    return [...this.checks.keys()];
  }

  /** Runs every check concurrently; the report is ok only when all are up. */
  async run(): Promise<HealthReport> {
    const entries = await Promise.all([...this.checks].map(async ([name, check]) => [name, await this.runOne(check)] as const));
    const checks = Object.fromEntries(entries);
    const status = entries.every(([, r]) => r.status === 'up') ? 'ok' : 'down';
    return { status, checks };
  }

  private async runOne(check: HealthCheck): Promise<CheckResult> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<CheckResult>((resolve) => {
      timer = setTimeout(() => resolve({ status: 'down', detail: `no answer within ${this.timeoutMs} ms` }), this.timeoutMs);
    });
    try {
      return await Promise.race([check(), timeout]);
    } catch (e) {
      return { status: 'down', detail: e instanceof Error ? e.message.split('\n')[0] : 'check failed' };
    } finally {
      clearTimeout(timer);
    }
  }
}
