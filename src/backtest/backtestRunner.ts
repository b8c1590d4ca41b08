/**
 * BacktestRunner: a prepared backtest (prepare.ts) behind the results cache. The result key was computed when
 * the request was prepared (strategy, validated params, data fingerprint, costs, sizing, engine version); a
 * stored result with that key is returned as it is, without running the kernel. A fresh result is stored
 * for next time. The store is a convenience: when it cannot be read or written the run still
 * happens and the result still comes back; the failure goes to `onStoreError`.
 */
import { err, ok, type Result } from '../core/result';
import type { BacktestResultRepository, StoredBacktestSummary } from './resultRepository';
import type { PreparedBacktest } from './prepare';
import { runPrepared, type RunPreparedOptions } from './runBacktest';
import type { BacktestProgressFn, BacktestResult } from './types';

export interface RunnerOptions extends Omit<RunPreparedOptions, 'onProgress'> {
  readonly repository: BacktestResultRepository;
  readonly now?: () => number;
  readonly onStoreError?: (error: unknown) => void;
}

export interface RunnerOutcome {
  readonly result: BacktestResult;
  /** True when the result came from the store (no run). */
  readonly cached: boolean;
}

export class BacktestRunner {
  constructor(private readonly o: RunnerOptions) {}

  async run(prepared: PreparedBacktest, onProgress?: BacktestProgressFn): Promise<Result<RunnerOutcome, string>> {
    const stored = await this.attempt(() => this.o.repository.get(prepared.key));
    if (stored) {
      onProgress?.(1, 'cached result');
      return ok({ result: stored, cached: true });
    }
    const { calendar, onFill } = this.o;
    const r = runPrepared(prepared, { ...(calendar ? { calendar } : {}), ...(onFill ? { onFill } : {}), ...(onProgress ? { onProgress } : {}) });
    if (!r.ok) return r;
    await this.attempt(() => this.o.repository.save(r.value, (this.o.now ?? Date.now)()));
    return ok({ result: r.value, cached: false });
  }

  /** Stored results, most recent first. */
  async list(limit = 20): Promise<Result<StoredBacktestSummary[], string>> {
    try {
      return ok(await this.o.repository.list(limit));
    } catch (e) {
      this.o.onStoreError?.(e);
      return err('The stored backtests could not be read; check the database connection and try again.');
    }
  }

  /** One stored result by its key (or a unique prefix of at least 8 characters from the list). */
  async show(key: string): Promise<Result<BacktestResult, string>> {
    let k = key.trim().toLowerCase();
    if (!/^[0-9a-f]{8,40}$/.test(k)) return err(`"${key}" is not a backtest key; copy one from the list of stored backtests.`);
    if (k.length < 40) {
      const listed = await this.list(1000);
      if (!listed.ok) return listed;
      const matches = listed.value.filter((s) => s.key.startsWith(k));
      if (matches.length > 1) return err(`More than one stored backtest starts with ${k}; give more characters of the key.`);
      if (matches.length === 1) k = matches[0]!.key;
    }
    const r = await this.attempt(() => this.o.repository.get(k));
    return r ? ok(r) : err(`There is no stored backtest with key ${key}; list them to see the keys.`);
  }

  private async attempt<T>(f: () => Promise<T>): Promise<T | undefined> {
    try {
      return await f();
    } catch (e) {
      this.o.onStoreError?.(e);
      return undefined;
    }
  }
}
