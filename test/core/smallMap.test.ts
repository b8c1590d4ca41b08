/** SmallMap behaves as a Map — get, has, set, delete, size and insertion order — whether small or grown into a Map. */
import fc from 'fast-check';
import { SmallMap } from '../../src/core/smallMap';

type Op = { readonly kind: 'set'; readonly key: number; readonly value: number } | { readonly kind: 'delete'; readonly key: number };

describe('SmallMap', () => {
  test('property: any sequence of sets and deletes leaves it equal to a Map (entries in order, size, get, has)', () => {
    const op = fc.oneof(
      fc.record({ kind: fc.constant('set' as const), key: fc.integer({ min: 0, max: 20 }), value: fc.integer() }),
      fc.record({ kind: fc.constant('delete' as const), key: fc.integer({ min: 0, max: 20 }) }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 80 }), (ops: Op[]) => {
        const small = new SmallMap<number, number>();
        const model = new Map<number, number>();
        for (const o of ops) {
          if (o.kind === 'set') {
            expect(small.set(o.key, o.value)).toBe(small);
            model.set(o.key, o.value);
          } else expect(small.delete(o.key)).toBe(model.delete(o.key));
          expect(small.size).toBe(model.size);
        }
        expect([...small.entries()]).toEqual([...model.entries()]);
        expect([...small.values()]).toEqual([...model.values()]);
        for (let k = 0; k <= 20; k++) {
          expect(small.get(k)).toBe(model.get(k));
          expect(small.has(k)).toBe(model.has(k));
        }
      }),
      { numRuns: 500 },
    );
  });

  test('emptied by deletes (from the front), it iterates what is left and then nothing', () => {
    const m = new SmallMap<string, { id: number }>();
    m.set('a', { id: 1 });
    m.set('b', { id: 2 });
    m.delete('a');
    expect([...m.entries()]).toEqual([['b', { id: 2 }]]);
    m.delete('b');
    expect(m.size).toBe(0);
    expect([...m.values()]).toEqual([]);
  });
});
