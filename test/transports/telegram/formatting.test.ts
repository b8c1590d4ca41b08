/** Pure formatting: HTML escaping and splitting, phone tables, signed callback data (property tests included). */
import fc from 'fast-check';
import { parseHtml } from '../../fakes/telegram';
import { callbackKey, signApprovalButton, verifyApprovalButton } from '../../../src/transports/telegram/callbackData';
import { escapeHtml, layoutHtml, para, splitCaption, type Block } from '../../../src/transports/telegram/html';
import { phoneTable } from '../../../src/transports/telegram/phoneTable';

const visible = (html: string): string => {
  const p = parseHtml(html);
  if (!p.ok) throw new Error(p.error);
  return p.text;
};
const squash = (s: string): string => s.replace(/\s+/g, '');

describe('Telegram HTML', () => {
  it('escapes < > & and nothing else', () => {
    expect(escapeHtml('a<b>&c "d"')).toBe('a&lt;b&gt;&amp;c "d"');
    expect(visible(layoutHtml([para('P&L <today> & more')])[0]!)).toBe('P&L <today> & more');
  });

  it('splits long text on line boundaries into valid messages of at most 4096 characters', () => {
    const lines = Array.from({ length: 300 }, (_, i) => `line ${i}: <${'x'.repeat(20)}> & co`);
    const messages = layoutHtml([para(lines.join('\n'))]);
    expect(messages.length).toBeGreaterThan(1);
    for (const m of messages) expect(m.length).toBeLessThanOrEqual(4096);
    const shown = messages.map(visible);
    // every message ends with a whole line
    for (const s of shown) expect(s.split('\n').every((l) => /^line \d+: <x{20}> & co$/.test(l))).toBe(true);
    expect(shown.join('\n')).toBe(lines.join('\n'));
  });

  it('closes a <pre> block at a split and reopens it in the next message', () => {
    const rows = Array.from({ length: 400 }, (_, i) => `${String(i).padStart(3)} RELIANCE  2,950.05`);
    const messages = layoutHtml([para('Title', { bold: true }), { kind: 'pre', lines: rows }, para('footer')]);
    expect(messages.length).toBeGreaterThan(1);
    for (const m of messages) {
      expect(m.length).toBeLessThanOrEqual(4096);
      expect((m.match(/<pre>/g) ?? []).length).toBe((m.match(/<\/pre>/g) ?? []).length);
      const p = parseHtml(m);
      expect(p.ok && p.entities.some((e) => e.type === 'pre')).toBe(true);
    }
    expect(messages.map(visible).join('\n')).toBe(['Title', '', ...rows, '', 'footer'].join('\n'));
  });

  it('property: any text lays out as parseable messages ≤ limit that keep every character', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.string({ maxLength: 300 }), fc.constantFrom('<', '>', '&', '&amp;', '</pre>', '\n')), { maxLength: 60 }), fc.boolean(), fc.integer({ min: 40, max: 400 }), (parts, pre, limit) => {
        const text = parts.join('');
        const blocks: Block[] = pre ? [{ kind: 'pre', lines: text.split('\n') }] : [para(text)];
        const messages = layoutHtml(blocks, limit);
        for (const m of messages) {
          expect(m.length).toBeLessThanOrEqual(limit);
          expect(parseHtml(m).ok).toBe(true);
        }
        expect(squash(messages.map(visible).join(''))).toBe(squash(text));
      }),
      { numRuns: 300 },
    );
  });

  it('a caption over 1024 characters is cut at a line and the rest is returned for a follow-up', () => {
    const raw = Array.from({ length: 60 }, (_, i) => `caption line ${i} & <more>`).join('\n');
    const { caption, rest } = splitCaption(raw);
    expect(caption.length).toBeLessThanOrEqual(1024);
    expect(visible(caption).endsWith('\n…')).toBe(true);
    expect(`${visible(caption).slice(0, -2)}\n${rest}`).toBe(raw);
    expect(splitCaption('short & sweet')).toEqual({ caption: 'short &amp; sweet', rest: undefined });
  });
});

describe('phone tables', () => {
  it('aligns a table that fits 36 columns: numbers right-aligned', () => {
    const nums = phoneTable(['sym', 'qty', 'P&L'], [['INFY', '10', '₹1,234.50'], ['TCS', '5', '−₹12.00']]);
    expect(nums).toEqual(['sym  qty       P&L', '──── ─── ─────────', 'INFY  10 ₹1,234.50', 'TCS    5   −₹12.00']);
  });

  it('never cuts a cell: a row that does not fit turns every row into a two-line card', () => {
    const lines = phoneTable(['id', 'order', 'status', 'time'], [
      ['ppmxbxm9k2', 'BUY 10/20 BAJAJ-AUTO @9,150.00', 'PARTIALLY_FILLED', '11:05'],
      ['ppmxbxm9k3', 'SELL 5 INFY', 'OPEN', '11:06'],
    ]);
    expect(lines).toEqual(['ppmxbxm9k2', '  BUY 10/20 BAJAJ-AUTO @9,150.00 ·', '  PARTIALLY_FILLED · 11:05', '', 'ppmxbxm9k3', '  SELL 5 INFY · OPEN · 11:06']);
    const strategies = phoneTable(['name', 'what it does'], [['mean-reversion', 'Bollinger/RSI z-score entries with ATR stops']]);
    expect(strategies).toEqual(['mean-reversion', '  Bollinger/RSI z-score entries with', '  ATR stops']);
  });

  it('labels the numbers of a card with their column', () => {
    const cols = ['symbol', 'qty', 'avg', 'last', 'P&L', 'day'];
    const lines = phoneTable(cols, [['RELIANCE', '1000', '2,950.05', '2,990.10', '₹40,050.00', '1.36%']]);
    expect(lines).toEqual(['RELIANCE', '  qty 1000 · avg 2,950.05 · last', '  2,990.10 · P&L ₹40,050.00 · day', '  1.36%']);
  });

  it('property: every word of every cell is shown whole, and lines fit the width unless one word is wider', () => {
    const word = fc.stringMatching(/^[A-Za-z0-9&_.:-]{1,40}$/);
    fc.assert(
      fc.property(fc.array(fc.array(word, { minLength: 1, maxLength: 6 }), { maxLength: 8 }), (rows) => {
        const lines = phoneTable(['a', 'b', 'c'], rows);
        const shown = lines.join(' ');
        for (const r of rows) for (const c of r.slice(0, 3)) expect(shown).toContain(c);
        for (const l of lines) if ([...l].length > 36) expect(l.trim().split(/ +/).some((w) => [...w].length > 33)).toBe(true);
      }),
    );
  });
});

describe('approval callback data', () => {
  const key = callbackKey(Buffer.alloc(32, 7));
  const button = { approvalId: 'apm5x1k2a9', version: 3, action: 'approve' as const, recipient: 111 };

  it('fits 64 bytes and verifies only for its recipient, version and action', () => {
    const data = signApprovalButton(key, { ...button, approvalId: 'a'.repeat(32), version: 2 ** 40 });
    expect(Buffer.byteLength(data)).toBeLessThanOrEqual(64);
    const d = signApprovalButton(key, button);
    expect(verifyApprovalButton(key, d, 111, [111, 222])).toEqual({ ok: true, button });
    expect(verifyApprovalButton(key, d, 222, [111, 222])).toEqual({ ok: false, reason: 'other-user', approvalId: 'apm5x1k2a9' });
    expect(verifyApprovalButton(key, d.replace(':y:', ':n:'), 111, [111])).toMatchObject({ ok: false, reason: 'forged' });
    expect(verifyApprovalButton(key, d.replace(':3:', ':4:'), 111, [111])).toMatchObject({ ok: false, reason: 'forged' });
    expect(verifyApprovalButton(callbackKey('another secret'), d, 111, [111])).toMatchObject({ ok: false, reason: 'forged' });
    expect(verifyApprovalButton(key, 'a:x', 111, [111])).toEqual({ ok: false, reason: 'malformed' });
  });

  it('property: random data never verifies', () => {
    fc.assert(fc.property(fc.string({ maxLength: 64 }), (s) => expect(verifyApprovalButton(key, s, 111, [111]).ok).toBe(false)));
  });
});
