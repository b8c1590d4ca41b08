/** Shared wiring for approval tests: an ApprovalService over an OrderManager on a KiteBroker on the fake Kite. */
import { ZerodhaEquityCostModel } from '../../../src/core/costs';
import { approvalId, userId, type ApprovalId } from '../../../src/core/ids';
import type { ApprovalRepository } from '../../../src/oms/approvalRepository';
import type { ApprovalFacts, LineRequest } from '../../../src/oms/approvals';
import { ApprovalService } from '../../../src/oms/approvalService';
import type { OrderManager } from '../../../src/oms/orderManager';
import type { ManualClock } from './omsFixtures';
import { omsIntent } from './omsFixtures';

export const approvalFacts: ApprovalFacts = {
  costs: new ZerodhaEquityCostModel(),
  exchange: () => 'NSE',
  margin: (i, p) => i.quantity * p,
  varChange: (i, p) => i.quantity * p * 0.02,
};

export const trader = { userId: userId('trader1'), roles: ['trader'] };
export const admin = { userId: userId('admin1'), roles: ['admin'] };
export const viewer = { userId: userId('viewer1'), roles: ['viewer'] };

let n = 0;
export const nextApprovalId = (): ApprovalId => approvalId(`ap${Date.now().toString(36)}${(n++).toString(36)}`);

export function approvalServiceOn(oms: OrderManager, repo: ApprovalRepository, clock: ManualClock, prices: Map<string, number>, ttlMs = 120_000): ApprovalService {
  return new ApprovalService({
    repo,
    orders: oms,
    clock,
    facts: approvalFacts,
    lastPrice: (s) => prices.get(s),
    tickSize: () => 0.05,
    lotSize: () => 1,
    maxMovePct: 1,
    ttlMs,
    newId: nextApprovalId,
  });
}

export const line = (symbol: string, quantity: number, signalPrice: number): LineRequest => ({
  intent: omsIntent({ symbol, quantity }),
  sizingReason: `${quantity} shares by equal weight`,
  signalPrice,
});
