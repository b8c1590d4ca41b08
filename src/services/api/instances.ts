import type { InstanceStatus } from '../../core/events';
import type { Result } from '../../core/result';
import type { Refusal } from '../user';

/** Capital for a new instance: a share of account capital in (0, 1], or rupees. */
export type CapitalRequest = { readonly share: number } | { readonly rupees: number };

export interface StartInstanceRequest {
  readonly strategy: string;
  readonly symbols: readonly string[];
  /** Strategy parameters as typed (strings are converted by the strategy's schema). */
  readonly params: Readonly<Record<string, string | readonly string[]>>;
  readonly capital?: CapitalRequest;
  /** A sizing rule: `pct:10`, `kelly`, `risk:1`, `fixed:100` or `all` (default: the signal's weight of capital). */
  readonly sizing?: string;
}

export interface InstanceView {
  readonly id: string;
  /** How its orders are sized, in words. */
  readonly sizing: string;
  readonly strategy: string;
  readonly symbols: readonly string[];
  readonly status: InstanceStatus;
  readonly capitalShare: number;
  readonly capital: number;
  readonly equity?: number;
  readonly realised?: number;
  readonly unrealised?: number;
  readonly fills?: number;
  readonly message?: string;
}

export interface InstancesService {
  /** Default capital share when the request names none. */
  readonly defaultShare: number;
  start(req: StartInstanceRequest): Promise<Result<InstanceView, Refusal>>;
  stop(id: string): Promise<Result<InstanceView, Refusal>>;
  /** Stops every running or paused instance; returns those stopped. */
  stopAll(): Promise<Result<readonly InstanceView[], Refusal>>;
  pause(id: string): Promise<Result<InstanceView, Refusal>>;
  resume(id: string): Promise<Result<InstanceView, Refusal>>;
  list(): readonly InstanceView[];
}
