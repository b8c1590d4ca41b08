/** The HTML parse mode parser: entities, offsets in UTF-16 units, decoding and refusals. */
import { parseHtml } from '.';

describe('parseHtml', () => {
  it('turns tags into entities with offsets into the visible text', () => {
    const r = parseHtml('<b>Buy</b> <i>10</i> <a href="https://kite.zerodha.com/x?a=1&amp;b=2">INFY</a>');
    expect(r).toEqual({
      ok: true,
      text: 'Buy 10 INFY',
      entities: [
        { type: 'bold', offset: 0, length: 3 },
        { type: 'italic', offset: 4, length: 2 },
        { type: 'text_link', offset: 7, length: 4, url: 'https://kite.zerodha.com/x?a=1&b=2' },
      ],
    });
  });

  it('counts offsets in UTF-16 code units like Telegram (₹ is 1, an emoji is 2)', () => {
    const r = parseHtml('📈 <b>₹1,500</b>');
    expect(r.ok && r.entities).toEqual([{ type: 'bold', offset: 3, length: 6 }]);
  });

  it('handles nesting, pre with a language, spoilers, blockquotes and aliases', () => {
    const r = parseHtml('<pre><code class="language-ts">x</code></pre><tg-spoiler>s</tg-spoiler><span class="tg-spoiler">t</span><strong><u>u</u></strong><blockquote expandable>q</blockquote>');
    expect(r).toEqual({
      ok: true,
      text: 'xstuq',
      entities: [
        { type: 'pre', offset: 0, length: 1, language: 'ts' },
        { type: 'spoiler', offset: 1, length: 1 },
        { type: 'spoiler', offset: 2, length: 1 },
        { type: 'bold', offset: 3, length: 1 },
        { type: 'underline', offset: 3, length: 1 },
        { type: 'expandable_blockquote', offset: 4, length: 1 },
      ],
    });
  });

  it('decodes &lt; &gt; &amp; &quot; and numeric references, leaves unknown entities literal', () => {
    expect(parseHtml('&lt;&gt;&amp;&quot;&#8377;&#x20B9;&nbsp;')).toEqual({ ok: true, text: '<>&"₹₹&nbsp;', entities: [] });
  });

  it('reports the byte offset (UTF-8) of the offending tag', () => {
    expect(parseHtml('₹ <x>')).toEqual({ ok: false, error: `Bad Request: can't parse entities: Unsupported start tag "x" at byte offset 4` });
    expect(parseHtml('<span>a</span>').ok).toBe(false);
    expect(parseHtml('<b><i>a</b></i>')).toEqual({
      ok: false,
      error: `Bad Request: can't parse entities: Unmatched end tag at byte offset 7, expected "</i>", found "</b>"`,
    });
  });
});
