import fc from 'fast-check';
import { clientOrderId, orderId } from '../../src/core/ids';
import type { BrokerOrderSnapshot } from '../../src/oms/brokerOrders';
import { CumulativeFillTracker } from '../../src/oms/fillIngest';

const id = clientOrderId('abc123');
const src = { kind: 'job', job: 't' } as const;
const snap = (filled: number, avg: number, status: BrokerOrderSnapshot['status'] = filled === 10 ? 'FILLED' : filled > 0 ? 'PARTIALLY_FILLED' : 'OPEN'): BrokerOrderSnapshot => ({
  brokerOrderId: orderId('O1'), clientOrderId: id, symbol: 'INFY', side: 'BUY', orderType: 'LIMIT', product: 'CNC', quantity: 10,
  filledQuantity: filled, averagePrice: avg, status, time: 1,
});

describe('CumulativeFillTracker (cumulative → delta)', () => {
  it('turns duplicated, shuffled cumulative updates into exact deltas', () => {
    // Executions: 3 @ 100, 4 @ 101.5, 3 @ 99 → cumulative snapshots with the broker's running average.
    const execs = [[3, 100], [4, 101.5], [3, 99]] as const;
    const cumul: BrokerOrderSnapshot[] = [snap(0, 0)];
    let q = 0;
    let v = 0;
    for (const [eq, ep] of execs) {
      q += eq;
      v += eq * ep;
      cumul.push(snap(q, v / q));
    }
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: cumul.length - 1 }), { minLength: 1, maxLength: 20 }), (picks) => {
        const t = new CumulativeFillTracker();
        const seq = [...picks.map((k) => cumul[k]!), cumul[cumul.length - 1]!];
        const fills = seq.flatMap((s) => t.observe(s, id, src)).filter((u) => u.kind === 'filled');
        const qty = fills.reduce((s, u) => s + (u.kind === 'filled' ? u.fill.quantity : 0), 0);
        const value = fills.reduce((s, u) => s + (u.kind === 'filled' ? u.fill.quantity * u.fill.price : 0), 0);
        expect(qty).toBe(10);
        expect(value).toBeCloseTo(3 * 100 + 4 * 101.5 + 3 * 99, 6);
        for (const u of fills) if (u.kind === 'filled') expect(u.fill.quantity).toBeGreaterThan(0);
      }),
    );
  });

  it('emits accepted once before the first fill, and a cancel after the fill it carries', () => {
    const t = new CumulativeFillTracker();
    const a = t.observe(snap(0, 0), id, src);
    expect(a.map((u) => u.kind)).toEqual(['accepted']);
    expect(t.observe(snap(0, 0), id, src)).toEqual([]);
    const c = t.observe({ ...snap(4, 100), status: 'CANCELLED', message: 'cancelled by user' }, id, src);
    expect(c.map((u) => u.kind)).toEqual(['filled', 'cancelled']);
    expect(t.observe({ ...snap(4, 100), status: 'CANCELLED' }, id, src)).toEqual([]);
    // A fill crossing the cancel, arriving late, is still counted.
    const late = t.observe({ ...snap(6, 100), status: 'CANCELLED' }, id, src);
    expect(late.map((u) => (u.kind === 'filled' ? u.fill.quantity : u.kind))).toEqual([2]);
  });

  it('reports a rejection with the broker message and no acceptance', () => {
    const t = new CumulativeFillTracker();
    const r = t.observe({ ...snap(0, 0), status: 'REJECTED', message: 'Insufficient funds' }, id, src);
    expect(r).toEqual([{ kind: 'rejected', clientOrderId: id, message: 'Insufficient funds', time: 1 }]);
  });
});
