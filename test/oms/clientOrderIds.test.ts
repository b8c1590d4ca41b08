import { isValidTag, MAX_TAG_LENGTH, parseClientOrderId } from '../../src/oms/clientOrderIds';

// Kite's `tag`: 1–20 ASCII letters and digits (shared/reference/kite.md). Compared with the regular expression
// that states the rule, over every single character and over lengths 0..22.
const RULE = /^[A-Za-z0-9]{1,20}$/;

describe('isValidTag', () => {
  it('accepts exactly the ASCII letters and digits, one character at a time', () => {
    for (let c = 0; c < 0x3000; c++) {
      const s = String.fromCharCode(c);
      expect([s, isValidTag(s)]).toEqual([s, RULE.test(s)]);
    }
  });

  it('accepts 1 to 20 characters and nothing longer or empty', () => {
    for (let n = 0; n <= MAX_TAG_LENGTH + 2; n++) {
      const s = 'a1Z'.repeat(8).slice(0, n);
      expect([n, isValidTag(s)]).toEqual([n, n >= 1 && n <= MAX_TAG_LENGTH]);
    }
  });

  it('refuses a valid tag with one bad character anywhere', () => {
    for (const bad of [' ', '-', '_', 'é', '\n', '.', '/']) {
      for (let at = 0; at < 8; at++) {
        const s = `ab12cd34`.slice(0, at) + bad + `ab12cd34`.slice(at + 1);
        expect(isValidTag(s)).toBe(false);
        expect(parseClientOrderId(s)).toBeUndefined();
      }
    }
    expect(parseClientOrderId('ab12cd34')).toBe('ab12cd34');
  });
});
