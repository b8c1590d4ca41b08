/** Operator basics: what runs, whether it is healthy (the same checks as HTTP /health), recent warnings and errors. */
import type { RunMode } from './status';

export interface VersionView {
  readonly version: string;
  readonly node: string;
  readonly mode: RunMode;
  /** The commit the code is from, when known. */
  readonly commit?: string;
  readonly startedAt: number;
}

/** The health report HTTP /health answers with (src/http/health.ts). */
export interface HealthView {
  readonly status: 'ok' | 'down';
  readonly checks: Readonly<Record<string, { readonly status: 'up' | 'down'; readonly detail?: string }>>;
}

export interface LogView {
  readonly time: number;
  readonly level: 'warn' | 'error' | 'fatal';
  readonly message: string;
  readonly detail?: string;
}

export interface OperatorService {
  version(): VersionView;
  health(): Promise<HealthView>;
  /** The newest `n` warnings and errors, newest first (secrets scrubbed); undefined when this process keeps none. */
  logs(n: number): readonly LogView[] | undefined;
}
