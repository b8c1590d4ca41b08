/**
 * Persistence of strategy instances behind an interface (MongoDB in src/store/strategyInstances;
 * the in-memory one serves backtests and sweeps, which keep nothing).
 */
import { z } from 'zod';
import type { InstanceStatus } from '../events';
import type { StrategyInstanceId } from '../ids';
import type { JsonObject, Params } from '../strategy';

export interface InstancePerformance {
  readonly capital: number;
  readonly cash: number;
  readonly equity: number;
  readonly realised: number;
  readonly unrealised: number;
  /** Gross value of open positions. */
  readonly exposure: number;
  readonly charges: number;
  readonly fills: number;
  readonly closedTrades: number;
  readonly winningTrades: number;
  readonly lastSignal?: { readonly symbol: string; readonly direction: string; readonly reason: string; readonly time: number };
}

/** What is stored per instance: config, status, state and the latest performance. */
export interface InstanceRecord {
  readonly id: StrategyInstanceId;
  readonly strategy: string;
  readonly params: Params;
  readonly symbols: readonly string[];
  /** Share of account capital in (0, 1]. */
  readonly capitalShare: number;
  readonly status: InstanceStatus;
  readonly message?: string;
  readonly state: JsonObject;
  /** Open positions at the last save (restored into the instance's ledger with `cash`). */
  readonly positions: Readonly<Record<string, HeldPosition>>;
  readonly cash?: number;
  readonly allowShort: boolean;
  readonly product: 'CNC' | 'MIS';
  /** The sizing rule as given (`pct:10`, `kelly`, `risk:1`, `fixed:100`); absent: the signal's weight of equity. */
  readonly sizing?: string;
  readonly createdAt: number;
  readonly updatedAt: number;
  readonly performance?: InstancePerformance;
}

export interface HeldPosition {
  /** Signed shares. */
  readonly quantity: number;
  readonly averagePrice: number;
}

export interface InstanceRepository {
  /** Inserts or replaces by id. */
  save(record: InstanceRecord): Promise<void>;
  get(id: StrategyInstanceId): Promise<InstanceRecord | undefined>;
  list(filter?: { readonly status?: readonly InstanceStatus[] }): Promise<InstanceRecord[]>;
  remove(id: StrategyInstanceId): Promise<void>;
}

const json: z.ZodType<unknown> = z.unknown();
/** Schema for records read back from storage (a boundary: stored data may be old or hand-edited). */
export const instanceRecordSchema = z.object({
  id: z.string().min(1),
  strategy: z.string().min(1),
  params: z.record(z.string(), json),
  symbols: z.array(z.string().min(1)).min(1),
  capitalShare: z.number().gt(0).max(1),
  status: z.enum(['running', 'paused', 'stopped', 'errored']),
  message: z.string().optional(),
  state: z.record(z.string(), json),
  positions: z.record(z.string(), z.object({ quantity: z.number(), averagePrice: z.number() })).default({}),
  cash: z.number().optional(),
  allowShort: z.boolean().default(false),
  product: z.enum(['CNC', 'MIS']).default('CNC'),
  /** The sizing rule as given (`pct:10`, `kelly`, `risk:1`, `fixed:100`); absent: the signal's weight of equity. */
  sizing: z.string().optional(),
  createdAt: z.number(),
  updatedAt: z.number(),
  performance: z
    .object({
      capital: z.number(),
      cash: z.number(),
      equity: z.number(),
      realised: z.number(),
      unrealised: z.number(),
      exposure: z.number(),
      charges: z.number(),
      fills: z.number(),
      closedTrades: z.number(),
      winningTrades: z.number(),
      lastSignal: z.object({ symbol: z.string(), direction: z.string(), reason: z.string(), time: z.number() }).optional(),
    })
    .optional(),
});

export class InMemoryInstanceRepository implements InstanceRepository {
  private readonly records = new Map<string, InstanceRecord>();

  async save(record: InstanceRecord): Promise<void> {
    this.records.set(record.id, structuredClone(record));
  }

  async get(id: StrategyInstanceId): Promise<InstanceRecord | undefined> {
    const r = this.records.get(id);
    return r && structuredClone(r);
  }

  async list(filter?: { readonly status?: readonly InstanceStatus[] }): Promise<InstanceRecord[]> {
    return [...this.records.values()]
      .filter((r) => !filter?.status || filter.status.includes(r.status))
      .sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1))
      .map((r) => structuredClone(r));
  }

  async remove(id: StrategyInstanceId): Promise<void> {
    this.records.delete(id);
  }
}
