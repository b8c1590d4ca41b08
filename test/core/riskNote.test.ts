import { riskNoteOf, withoutRiskNotes, withRiskNote } from '../../src/core/riskNote';

describe('the risk checks’ note on an order’s reason', () => {
  test('appended, read back (the last one), and left out (all of them)', () => {
    const once = withRiskNote('manual buy', 'resized from 40 to 33, what portfolio’s cash pays for');
    expect(once).toBe('manual buy [risk: resized from 40 to 33, what portfolio’s cash pays for]');
    expect(riskNoteOf(once)).toBe('resized from 40 to 33, what portfolio’s cash pays for');
    const twice = withRiskNote(once, 'resized from 33 to 20 to stay within the maximum order value of ₹1,00,000');
    expect(riskNoteOf(twice)).toBe('resized from 33 to 20 to stay within the maximum order value of ₹1,00,000');
    expect(withoutRiskNotes(twice)).toBe('manual buy');
  });

  test('a reason without a note (brackets of its own included) has none and stays as it is', () => {
    for (const r of ['sma cross', 'alert [tv] buy', 'x [risk: unterminated']) {
      expect(riskNoteOf(r)).toBeUndefined();
      expect(withoutRiskNotes(r)).toBe(r);
    }
  });
});
