/**
 * The facade's one door for approval decisions (`approvals.decide`) as tests call it for each choice, with the
 * outcome as a person reads it (id, status, who, message): what /approve, /reject and REST answer.
 */
import type { Result } from '../../src/core/result';
import { placedOrRefused, type ApprovalChange, type ApprovalsService } from '../../src/services/api/approvals';
import type { User } from '../../src/services/user';

export interface DecisionView {
  readonly id: string;
  readonly status: string;
  readonly by: string;
  readonly message?: string;
}

const view = (r: Awaited<ReturnType<ApprovalsService['decide']>>): Result<DecisionView, string> =>
  r.ok ? { ok: true, value: { id: r.value.id, status: r.value.status, by: r.value.by, ...(r.value.message !== undefined ? { message: r.value.message } : {}) } } : r;

export const approveVia = async (s: ApprovalsService, id: string, user: User): Promise<Result<DecisionView, string>> => view(placedOrRefused(await s.decide({ id, choice: { kind: 'approve' } }, user)));
export const rejectVia = async (s: ApprovalsService, id: string, user: User): Promise<Result<DecisionView, string>> => view(await s.decide({ id, choice: { kind: 'reject' } }, user));
export const modifyVia = async (s: ApprovalsService, id: string, user: User, change: ApprovalChange): Promise<Result<DecisionView, string>> =>
  view(placedOrRefused(await s.decide({ id, choice: { kind: 'change', change, then: 'approve' } }, user)));
