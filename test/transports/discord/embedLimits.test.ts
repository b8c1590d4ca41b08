/** Embed fitting: every Discord limit holds for any input, checked by an independent count in code points. */
import fc from 'fast-check';
import type { APIEmbed } from 'discord.js';
import { fitEmbed, truncate } from '../../../src/transports/discord/embedLimits';

const cps = (s: string | undefined): number => Array.from(s ?? '').length;

describe('embed limits', () => {
  it('truncate cuts by code points, ends with an ellipsis and never splits a pair', () => {
    expect(truncate('abc', 3)).toBe('abc');
    expect(truncate('abcd', 3)).toBe('ab…');
    expect(truncate('😀😀😀😀', 3)).toBe('😀😀…');
    expect(truncate('abc', 0)).toBe('');
  });

  it('leaves a small embed exactly as it was', () => {
    const e: APIEmbed = { title: 'VaR', description: 'd', color: 1, fields: [{ name: 'a', value: '1', inline: true }], footer: { text: 'f' } };
    expect(fitEmbed(e)).toEqual(e);
  });

  it('any embed comes out within every limit, keeping the title start and the first fields', () => {
    const text = (max: number) => fc.string({ unit: fc.constantFrom('a', 'é', '😀', ' ', '₹'), maxLength: max });
    const embed = fc.record({
      title: text(400),
      description: fc.option(text(6000), { nil: undefined }),
      fields: fc.array(fc.record({ name: text(400), value: text(1500) }), { maxLength: 40 }),
      footer: fc.option(text(2500), { nil: undefined }),
    });
    fc.assert(
      fc.property(embed, (raw) => {
        const input: APIEmbed = { title: raw.title, fields: raw.fields, ...(raw.description !== undefined ? { description: raw.description } : {}), ...(raw.footer !== undefined ? { footer: { text: raw.footer } } : {}) };
        const out = fitEmbed(input);
        const fields = out.fields ?? [];
        const total = cps(out.title) + cps(out.description) + cps(out.footer?.text) + fields.reduce((a, f) => a + cps(f.name) + cps(f.value), 0);
        expect(total).toBeLessThanOrEqual(6000);
        expect(cps(out.title)).toBeLessThanOrEqual(256);
        expect(cps(out.description)).toBeLessThanOrEqual(4096);
        expect(cps(out.footer?.text)).toBeLessThanOrEqual(2048);
        expect(fields.length).toBeLessThanOrEqual(25);
        for (const f of fields) {
          expect(cps(f.name)).toBeGreaterThan(0);
          expect(cps(f.name)).toBeLessThanOrEqual(256);
          expect(cps(f.value)).toBeGreaterThan(0);
          expect(cps(f.value)).toBeLessThanOrEqual(1024);
        }
        // the title is cut, never dropped; kept fields are the first ones, in order
        expect(Array.from(raw.title).slice(0, 200).join('')).toBe(Array.from(out.title ?? '').slice(0, 200).join(''));
        fields.forEach((f, i) => {
          const name = raw.fields[i]!.name;
          expect(f.name === name || f.name.endsWith('…') || (name.trim() === '' && f.name === '–')).toBe(true);
        });
        if (fields.length < raw.fields.length) expect(out.footer?.text).toMatch(new RegExp(`${raw.fields.length - fields.length} more fields? not shown$`));
      }),
      { numRuns: 150 },
    );
  });
});
