/**
 * Persistence port of approvals (src/store/approvals implements it on MongoDB; `MemoryApprovalRepository` here
 * serves tests). Every change is a compare-and-set on `version`: the write succeeds only if the stored approval
 * still has the version the decision was based on, so an approval is acted on exactly once even when two
 * people (or two processes) decide at the same moment.
 */
import { greatestOf } from '../core/ports/orderRepository';
import type { ApprovalId } from '../core/ids';
import type { Approval, ApprovalStatus } from './approvals';

export interface ApprovalRepository {
  /** Stores a new approval; false if the id already exists (nothing written). */
  create(a: Approval): Promise<boolean>;
  get(id: ApprovalId): Promise<Approval | undefined>;
  /** Replaces the approval if its stored version is still `expectedVersion`; false when someone changed it first. */
  replace(next: Approval, expectedVersion: number): Promise<boolean>;
  withStatus(status: ApprovalStatus): Promise<Approval[]>;
  /** PENDING approvals whose time ran out at or before `now`. */
  pendingDue(now: number): Promise<Approval[]>;
  /** The greatest approval id matching `pattern`, in text order (a start resumes the id mint after it). */
  greatestId(pattern: RegExp): Promise<string | undefined>;
}

export class MemoryApprovalRepository implements ApprovalRepository {
  private readonly byId = new Map<ApprovalId, Approval>();

  async greatestId(pattern: RegExp): Promise<string | undefined> {
    return greatestOf(this.byId.keys(), pattern);
  }

  async create(a: Approval): Promise<boolean> {
    if (this.byId.has(a.id)) return false;
    this.byId.set(a.id, a);
    return true;
  }

  async get(id: ApprovalId): Promise<Approval | undefined> {
    return this.byId.get(id);
  }

  async replace(next: Approval, expectedVersion: number): Promise<boolean> {
    const cur = this.byId.get(next.id);
    if (!cur || cur.version !== expectedVersion) return false;
    this.byId.set(next.id, next);
    return true;
  }

  async withStatus(status: ApprovalStatus): Promise<Approval[]> {
    return [...this.byId.values()].filter((a) => a.status === status);
  }

  async pendingDue(now: number): Promise<Approval[]> {
    return [...this.byId.values()].filter((a) => a.status === 'PENDING' && a.expiresAt <= now);
  }
}
