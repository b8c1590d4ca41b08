/** Shared figures for approval tests. */
import { ZerodhaEquityCostModel } from '../../../src/core/costs';
import { userId } from '../../../src/core/ids';
import type { ApprovalFacts } from '../../../src/oms/approvals';
import type { OrderIntent } from '../../../src/core/order';
import { omsIntent } from './omsFixtures';

const model = new ZerodhaEquityCostModel();

export const approvalFacts: ApprovalFacts = {
  charges: { estimate: (t) => model.charges(t) },
  exchange: () => 'NSE',
  margin: (i, p) => i.quantity * p,
  varChange: (i, p) => i.quantity * p * 0.02,
};

export const trader = { userId: userId('trader1'), roles: ['trader'] };
export const admin = { userId: userId('admin1'), roles: ['admin'] };
export const viewer = { userId: userId('viewer1'), roles: ['viewer'] };

/** One line of an approval request: an intent, why it is this size, the price it was sized at. */
export const line = (symbol: string, quantity: number, signalPrice: number): { intent: OrderIntent; sizingReason: string; signalPrice: number } => ({
  intent: omsIntent({ symbol, quantity }),
  sizingReason: `${quantity} shares by equal weight`,
  signalPrice,
});
