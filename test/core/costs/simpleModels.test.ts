import { istTime } from '../../../src/calendar/ist';
import type { ChargeableTrade } from '../../../src/core/costs';
import { CHARGE_KINDS, FlatBpsCostModel, ZeroCostModel, parseCostModel, sumCharges } from '../../../src/core/costs';

const base: ChargeableTrade = { side: 'BUY', quantity: 100, price: 1000, product: 'CNC', exchange: 'NSE', time: istTime('2025-03-10', '10:00') };

test('flat bps: 5 bps of ₹1,00,000 is ₹50, of ₹12,345.65 is 6.172825 → ₹6.17', () => {
  const m = new FlatBpsCostModel(5);
  expect(m.name).toBe('bps:5');
  expect(m.charges(base)).toEqual({ brokerage: 50, stt: 0, exchange: 0, sebi: 0, stampDuty: 0, gst: 0, dp: 0, total: 50 });
  expect(m.charges({ ...base, quantity: 1, price: 12345.65 }).total).toBe(6.17);
  // A note is the plain sum of its orders.
  expect(m.contractNotes([base, { ...base, side: 'SELL', quantity: 1, price: 12345.65 }]).total).toBe(56.17);
});

test('zero model charges nothing', () => {
  const m = new ZeroCostModel();
  expect(m.charges(base).total).toBe(0);
  expect(m.contractNotes([base, base]).total).toBe(0);
});

test('sumCharges adds component-wise to the paisa', () => {
  const m = new FlatBpsCostModel(3);
  // 3 bps of ₹0.10 × 333 = ₹33.30 → ₹0.00999 → ₹0.01 each; 1000 of them must total exactly ₹10.00.
  const c = m.charges({ ...base, quantity: 333, price: 0.1 });
  expect(c.total).toBe(0.01);
  const s = sumCharges(Array.from({ length: 1000 }, () => c));
  expect(s.total).toBe(10);
  for (const k of CHARGE_KINDS) expect(typeof s[k]).toBe('number');
});

test('parseCostModel accepts zerodha, none, bps:N and explains anything else', () => {
  const z = parseCostModel('zerodha');
  expect(z.ok && z.value.name).toBe('zerodha');
  const n = parseCostModel('none');
  expect(n.ok && n.value.name).toBe('none');
  const b = parseCostModel('bps:2.5');
  expect(b.ok && b.value.name).toBe('bps:2.5');
  const bad = parseCostModel('cheap');
  expect(bad.ok).toBe(false);
  if (!bad.ok) expect(bad.error).toMatch(/^Unknown cost model "cheap"; use zerodha, none or bps/);
});
