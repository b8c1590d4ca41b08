/** OrderSlots: lookup by minted id, growth while many are working, foreign ids never match. */
import { OrderSlots } from '../../src/engine/orderSlots';
import { allowedTransitions, canTransition, ORDER_STATUSES } from '../../src/core/orderStatus';

describe('OrderSlots', () => {
  it('finds, grows and deletes by the sequence at the end of the id', () => {
    const slots = new OrderSlots<number>(2);
    for (let seq = 1; seq <= 100; seq++) slots.put(seq, `inst-7-${seq}`, seq * 10);
    expect(slots.size).toBe(100);
    for (let seq = 1; seq <= 100; seq++) expect(slots.get(`inst-7-${seq}`)).toBe(seq * 10);
    expect(slots.get('other-5')).toBeUndefined(); // same sequence, different id
    expect(slots.get('no-digits')).toBeUndefined();
    for (let seq = 1; seq <= 100; seq += 2) slots.delete(`inst-7-${seq}`);
    expect(slots.size).toBe(50);
    expect(slots.get('inst-7-3')).toBeUndefined();
    expect(slots.get('inst-7-4')).toBe(40);
    slots.delete('inst-7-999');
    expect(slots.size).toBe(50);
    expect(OrderSlots.seqOf('a-1-2034')).toBe(2034);
    expect(OrderSlots.seqOf('a-')).toBe(-1);
  });
});

describe('canTransition agrees with the transition table', () => {
  it.each(ORDER_STATUSES)('from %s', (from) => {
    for (const to of ORDER_STATUSES) expect(canTransition(from, to)).toBe(allowedTransitions(from).includes(to));
  });
});
