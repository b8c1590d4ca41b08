/**
 * The approval service with an event stream: every approval that opens or changes (a request, a decision, an
 * expiry sweep) is handed to the subscribers — the Telegram desk shows or edits its cards, the kernel's order
 * venue releases the working quantity of refused orders. A listener that throws never stops the others.
 */
import type { ApprovalId } from '../core/ids';
import type { Result } from '../core/result';
import type { ApprovalRepository } from '../oms/approvalRepository';
import type { ApprovalRequested, ApprovalResult, ApprovalService } from '../oms/approvalService';
import type { Actor, Approval, Decision, LineRequest } from '../oms/approvals';

export type ApprovalListener = (a: Approval) => void;

export class ObservedApprovals {
  private readonly listeners = new Set<ApprovalListener>();

  constructor(
    private readonly service: ApprovalService,
    private readonly repo: ApprovalRepository,
    private readonly onListenerError: (e: unknown) => void = () => undefined,
  ) {}

  subscribe(listener: ApprovalListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async request(lines: readonly LineRequest[]): Promise<Result<ApprovalRequested, string>> {
    const r = await this.service.request(lines);
    if (r.ok && r.value.approval) this.emit(r.value.approval);
    return r;
  }

  get(id: ApprovalId): Promise<Approval | undefined> {
    return this.service.get(id);
  }

  async decide(id: ApprovalId, decision: Decision, actor: Actor): Promise<Result<ApprovalResult, string>> {
    const r = await this.service.decide(id, decision, actor);
    if (r.ok) this.emit(r.value.approval);
    else {
      // A refusal may still have changed the approval (a decision after the expiry expires it).
      const cur = await this.repo.get(id);
      if (cur && cur.status === 'EXPIRED') this.emit(cur);
    }
    return r;
  }

  /** Expires what is due and tells the subscribers about each approval it expired. */
  async sweepExpired(now: number): Promise<number> {
    const due = await this.repo.pendingDue(now);
    const n = await this.service.sweepExpired();
    for (const a of due) {
      const cur = await this.repo.get(a.id);
      if (cur && cur.version !== a.version) this.emit(cur);
    }
    return n;
  }

  private emit(a: Approval): void {
    for (const l of this.listeners) {
      try {
        l(a);
      } catch (e) {
        this.onListenerError(e);
      }
    }
  }
}
