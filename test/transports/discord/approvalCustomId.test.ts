/** Signed approval button ids: round trip, ≤ 100 characters, bound to the channel, key and every part. */
import fc from 'fast-check';
import { ApprovalButtonCodec, BUTTON_ACTIONS } from '../../../src/transports/discord/approvalCustomId';

const codec = new ApprovalButtonCodec(Buffer.alloc(32, 7));
const CHANNEL = '1300000000000000001';

describe('approval button ids', () => {
  it('round-trips every action, stays within 100 characters, and refuses any change, another channel or another key', () => {
    const id = fc.stringMatching(/^[A-Za-z0-9_-]{1,60}$/);
    const price = fc.integer({ min: 1, max: 99_999_999_999 }).map((paise) => paise / 100);
    fc.assert(
      fc.property(id, fc.constantFrom(...BUTTON_ACTIONS), price, fc.nat(), (approvalId, action, p, at) => {
        const claim = action === 'limit' ? { action, approvalId, price: p } : { action, approvalId };
        const r = codec.encode(CHANNEL, claim);
        if (!r.ok) throw new Error(r.error);
        expect(r.value.length).toBeLessThanOrEqual(100);
        expect(codec.decode(CHANNEL, r.value)).toEqual({ ok: true, value: claim });
        expect(codec.decode('1300000000000000002', r.value).ok).toBe(false);
        expect(new ApprovalButtonCodec(Buffer.alloc(32, 8)).decode(CHANNEL, r.value).ok).toBe(false);
        // flip one character anywhere
        const i = at % r.value.length;
        const flipped = r.value.slice(0, i) + (r.value[i] === 'A' ? 'B' : 'A') + r.value.slice(i + 1);
        expect(codec.decode(CHANNEL, flipped).ok).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it('keeps the limit price to the paisa (1502.35 is not 1502.3499…)', () => {
    const r = codec.encode(CHANNEL, { action: 'limit', approvalId: 'o1', price: 1502.35 });
    if (!r.ok) throw new Error(r.error);
    expect(r.value.split('.')[3]).toBe('150235');
    expect(codec.decode(CHANNEL, r.value)).toEqual({ ok: true, value: { action: 'limit', approvalId: 'o1', price: 1502.35 } });
  });

  it('refuses ids it cannot carry and a limit without a price', () => {
    expect(codec.encode(CHANNEL, { action: 'approve', approvalId: 'has.dot' }).ok).toBe(false);
    expect(codec.encode(CHANNEL, { action: 'approve', approvalId: 'x'.repeat(61) }).ok).toBe(false);
    expect(codec.encode(CHANNEL, { action: 'limit', approvalId: 'o1' }).ok).toBe(false);
    expect(() => new ApprovalButtonCodec(Buffer.alloc(8))).toThrow(/16 bytes/);
  });
});
