/**
 * Persistence port of operator settings (the mode to start in, approval policy, risk-limit overrides): string
 * keys to plain JSON values. Readers validate what they get back with zod; the Mongo implementation is
 * `MongoSettingsRepository`, the in-memory one serves tests and builds without a database.
 */
import type { Result } from '../result';
import { ok } from '../result';

export interface SettingsRepository {
  /** Every stored key and value (values as stored; validate them). */
  all(): Promise<Result<Readonly<Record<string, unknown>>, string>>;
  /** Stores one value, replacing the previous one. */
  set(key: string, value: unknown, by: string, time: number): Promise<Result<void, string>>;
}

export class MemorySettingsRepository implements SettingsRepository {
  private readonly values = new Map<string, unknown>();

  async all(): Promise<Result<Readonly<Record<string, unknown>>, string>> {
    return ok(Object.fromEntries(this.values));
  }

  async set(key: string, value: unknown): Promise<Result<void, string>> {
    this.values.set(key, structuredClone(value));
    return ok(undefined);
  }
}
