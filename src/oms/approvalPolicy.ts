/**
 * Whether an order waits for a person's approval. `approvalPredicate` reads APPROVAL_POLICY (always, above a rupee
 * value, never) from the config; `settingsApprovalPredicate` asks the operator settings at each order for the
 * policy of the order's mode and strategy instance (/settings approval.<mode|instance>), so a change applies to the
 * next order. The order's value is at its limit price or the last price.
 */
import type { OrderIntent } from '../core/order';
import { needsApproval, type ApprovalPolicy } from './approvals';

/** APPROVAL_POLICY as the config reads it (src/config/types.ts has the same shape). */
export interface ConfiguredApproval {
  readonly policy: 'always' | 'never' | 'above_value';
  readonly minValue: number;
}

export function approvalPredicate(approval: ConfiguredApproval, lastPrice: (symbol: string) => number | undefined): (intent: OrderIntent) => boolean {
  switch (approval.policy) {
    case 'always':
      return () => true;
    case 'never':
      return () => false;
    case 'above_value':
      return (intent) => {
        const price = intent.price ?? lastPrice(intent.symbol);
        // Without a price the value is unknown: ask a person rather than guess.
        return price === undefined || intent.quantity * price > approval.minValue;
      };
  }
}

/** The settings' view the venue needs (OperatorSettings has it). */
export interface ApprovalPolicySource {
  approvalPolicy(mode: 'paper' | 'live', instance?: string): ApprovalPolicy;
}

export function settingsApprovalPredicate(settings: ApprovalPolicySource, mode: 'paper' | 'live', lastPrice: (symbol: string) => number | undefined): (intent: OrderIntent) => boolean {
  return (intent) => {
    const policy = settings.approvalPolicy(mode, intent.source.kind === 'strategy' ? intent.source.instanceId : undefined);
    if (policy.kind !== 'auto-below') return policy.kind === 'always-ask';
    const price = intent.price ?? lastPrice(intent.symbol);
    // Without a price the value is unknown: ask a person rather than guess.
    return price === undefined || needsApproval(policy, intent.quantity * price);
  };
}
