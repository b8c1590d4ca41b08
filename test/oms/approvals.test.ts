import { ZerodhaEquityCostModel } from '../../src/core/costs';
import { approvalId, userId } from '../../src/core/ids';
import { createApproval, decide, defaultPolicy, expire, needsApproval, type ApprovalFacts, type DecisionContext } from '../../src/oms/approvals';
import { omsIntent } from '../support/brokers/omsFixtures';

const costs = new ZerodhaEquityCostModel();
const facts: ApprovalFacts = { charges: { estimate: (t) => costs.charges(t) }, exchange: () => 'NSE', margin: (i, p) => i.quantity * p, varChange: (i, p) => i.quantity * p * 0.02 };
const T0 = Date.parse('2025-01-06T04:00:00Z');
const trader = { userId: userId('t1'), roles: ['trader'] };
let last = new Map<string, number>([['INFY', 1500], ['TCS', 4000]]);
const ctx = (now = T0 + 1000): DecisionContext => ({ now, lastPrice: (s) => last.get(s), tickSize: () => 0.05, lotSize: () => 1, facts, maxMovePct: 1 });
const make = () =>
  createApproval(approvalId('a1'), [
    { intent: omsIntent({ quantity: 10, stop: 1470 }), sizingReason: '2% risk on ₹10L', signalPrice: 1500 },
    { intent: omsIntent({ symbol: 'TCS', quantity: 4 }), sizingReason: 'equal weight', signalPrice: 4000 },
  ], facts, T0);

describe('approvals', () => {
  beforeEach(() => {
    last = new Map([['INFY', 1500], ['TCS', 4000]]);
  });

  it('policies: live always asks, paper is automatic, auto-below asks from the threshold up', () => {
    expect(needsApproval(defaultPolicy('live'), 1)).toBe(true);
    expect(needsApproval(defaultPolicy('paper'), 1e9)).toBe(false);
    expect(needsApproval({ kind: 'auto-below', maxValue: 50_000 }, 49_999.99)).toBe(false);
    expect(needsApproval({ kind: 'auto-below', maxValue: 50_000 }, 50_000)).toBe(true);
  });

  it('records ₹ at risk, charges from the cost model, margin and VaR change per line', () => {
    const a = make();
    expect(a.expiresAt - a.createdAt).toBe(120_000);
    const l = a.lines[0]!;
    expect(l.riskRupees).toBe(300);
    expect(l.estimatedCharges).toBe(costs.charges({ side: 'BUY', quantity: 10, price: 1500, product: 'CNC', exchange: 'NSE', time: T0, symbol: 'INFY' }).total);
    expect(l.marginNeeded).toBe(15_000);
    expect(l.varChange).toBeCloseTo(300, 9);
  });

  it('approves a batch once with a per-line opt-out; a second approve, an expired one, a non-trader change nothing', () => {
    const a = make();
    const r = decide(a, { kind: 'approve', optOut: [1] }, trader, ctx());
    expect(r.ok && r.value.kind).toBe('approved');
    if (!r.ok || r.value.kind !== 'approved') return;
    expect(r.value.intents.map((i) => i.symbol)).toEqual(['INFY']);
    const again = decide(r.value.approval, { kind: 'approve' }, trader, ctx());
    expect(!again.ok && again.error).toMatch(/already approved/);
    const late = decide(a, { kind: 'approve' }, trader, ctx(T0 + 120_000));
    expect(!late.ok && late.error).toMatch(/expired/);
    expect(expire(a, T0 + 120_000).status).toBe('EXPIRED');
    expect(expire(a, T0 + 119_999).status).toBe('PENDING');
    const viewer = decide(a, { kind: 'approve' }, { userId: userId('v'), roles: ['viewer'] }, ctx());
    expect(!viewer.ok && viewer.error).toMatch(/Only a trader/);
  });

  it('sends the approval back when the price moved beyond the limit since the signal', () => {
    last.set('INFY', 1520); // +1.33 %
    const r = decide(make(), { kind: 'approve' }, trader, ctx());
    expect(r.ok && r.value.kind).toBe('requote');
    if (r.ok && r.value.kind === 'requote') {
      expect(r.value.approval.status).toBe('PENDING');
      expect(r.value.approval.lines[0]!.signalPrice).toBe(1520);
      expect(r.value.approval.lines[0]!.riskRupees).toBe(500);
      expect(r.value.message).toMatch(/INFY moved 1.33%/);
    }
  });

  it('scales quantity ½× and 2× within the maximum, and converts to a limit at the last price on the tick grid', () => {
    const half = decide(make(), { kind: 'scale', factor: 0.5, maxQuantity: 100 }, trader, ctx());
    expect(half.ok && half.value.approval.lines.map((l) => l.intent.quantity)).toEqual([5, 2]);
    const dbl = decide(make(), { kind: 'scale', factor: 2, maxQuantity: 12 }, trader, ctx());
    expect(dbl.ok && dbl.value.approval.lines.map((l) => l.intent.quantity)).toEqual([12, 8]);
    last.set('INFY', 1501.13);
    const lim = decide(make(), { kind: 'limit-at-last' }, trader, ctx());
    expect(lim.ok && lim.value.approval.lines[0]!.intent).toMatchObject({ orderType: 'LIMIT', price: 1501.15 });
  });
});
