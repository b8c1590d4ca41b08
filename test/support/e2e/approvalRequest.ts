/**
 * Asks for a person's decision on orders in a running app, as a strategy or a rebalance would: the intents go into
 * the app's order pipeline waiting for approval (one order: its own approval; several: one batch), and the answer
 * comes once the approval is stored, in the shape the approval tests read.
 */
import type { TradingEngine } from '../../../src/app/tradingWiring';
import { approvalId } from '../../../src/core/ids';
import type { OrderIntent } from '../../../src/core/order';
import type { Result } from '../../../src/core/result';
import type { Approval } from '../../../src/oms/approvals';
import type { PendingLine } from '../../../src/oms/pipelinePorts';

export interface LineRequest {
  readonly intent: OrderIntent;
  readonly sizingReason: string;
  readonly signalPrice: number;
}

export async function requestApproval(trading: Pick<TradingEngine, 'pipeline' | 'approvals'>, lines: readonly LineRequest[]): Promise<Result<{ approval?: Approval; refused: string[]; message: string }, string>> {
  const pending: PendingLine[] = [];
  const refused: string[] = [];
  await trading.pipeline.prepare(lines.map((l) => l.intent.symbol));
  for (const l of lines) {
    const opts = { approval: 'always' as const, batch: true, sizingReason: l.sizingReason, signalPrice: l.signalPrice };
    const r = trading.pipeline.submit(l.intent, opts);
    if (r.ok) pending.push(trading.pipeline.pendingLine(r.value, opts));
    else refused.push(r.error.message);
  }
  const id = trading.pipeline.openBatch(pending);
  const approval = id === undefined ? undefined : await trading.approvals.get(approvalId(id));
  return { ok: true, value: { ...(approval ? { approval } : {}), refused, message: approval ? `Approval ${approval.id} waits for a decision.` : `Nothing waits for approval: ${refused.join(' ')}` } };
}

/** The approval `requestApproval` opened; throws with the refusals when none was. */
export function openedApproval(r: Result<{ approval?: Approval; message: string }, string>): Approval {
  if (!r.ok) throw new Error(r.error);
  if (!r.value.approval) throw new Error(`no approval opened: ${r.value.message}`);
  return r.value.approval;
}
