/** BSON comparison of the test server, checked against straightforward references (fast-check). */
import { Decimal128, Int32, Long, ObjectId, Timestamp, MinKey, MaxKey, Binary } from 'bson';
import fc from 'fast-check';
import { compareBson } from './compare';
import { keyString } from './keys';

/** One numeric value in a random BSON kind, with the plain number it stands for. */
const numericKinds = fc.oneof(
  fc.integer({ min: -2_000_000, max: 2_000_000 }).map((n) => fc.constantFrom<[unknown, number]>([n, n], [new Int32(n), n], [Long.fromNumber(n), n], [Decimal128.fromString(String(n)), n])),
  fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e12, max: 1e12 }).map((x) => fc.constantFrom<[unknown, number]>([x, x], [Decimal128.fromString(String(x)), x])),
).chain((arb) => arb);

const sign = (n: number): number => (n < 0 ? -1 : n > 0 ? 1 : 0);

describe('compareBson', () => {
  it('compares numbers of every BSON kind by numeric value', () => {
    fc.assert(
      fc.property(numericKinds, numericKinds, ([a, x], [b, y]) => {
        expect(sign(compareBson(a, b))).toBe(sign(x - y));
      }),
    );
  });

  it('gives equal canonical keys exactly to values that compare equal', () => {
    fc.assert(
      fc.property(numericKinds, numericKinds, ([a], [b]) => {
        expect(keyString(a) === keyString(b)).toBe(compareBson(a, b) === 0);
      }),
    );
  });

  it('orders values of different types in MongoDB canonical BSON order', () => {
    const ascending: unknown[] = [
      new MinKey(),
      null,
      -5,
      Decimal128.fromString('2.5'),
      'abc',
      { a: 1 },
      [1, 2],
      new Binary(Buffer.from([1, 2, 3])),
      new ObjectId('65a000000000000000000001'),
      false,
      true,
      new Date('2024-01-01T00:00:00Z'),
      new Timestamp({ t: 1, i: 1 }),
      /abc/,
      new MaxKey(),
    ];
    fc.assert(
      fc.property(fc.shuffledSubarray(ascending, { minLength: ascending.length }), (shuffled) => {
        expect([...shuffled].sort(compareBson)).toEqual(ascending);
      }),
      { numRuns: 50 },
    );
  });

  it('orders ObjectIds by their bytes and Dates by their instant', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 12, maxLength: 12 }), fc.uint8Array({ minLength: 12, maxLength: 12 }), (x, y) => {
        const ref = Buffer.compare(Buffer.from(x), Buffer.from(y));
        expect(sign(compareBson(new ObjectId(x), new ObjectId(y)))).toBe(ref);
      }),
    );
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4e12 }), fc.integer({ min: 0, max: 4e12 }), (x, y) => {
        expect(sign(compareBson(new Date(x), new Date(y)))).toBe(sign(x - y));
      }),
    );
  });
});
