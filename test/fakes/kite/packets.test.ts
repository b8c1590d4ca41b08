/** Binary packet encoding checked by the real client's decoder (KiteTicker.parseBinary), without a socket. */
import { KiteTicker } from 'kiteconnect';
import { encodeFrame, type MarketSnapshot } from '.';
import { MarketState } from './market';

const toArrayBuffer = (b: Buffer): ArrayBuffer => b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;

describe('ticker packet encoding', () => {
  // parseBinary exists on the class (dist/lib/ticker.js) but is missing from the TS type `Ticker`.
  const ticker = new KiteTicker({ api_key: 'k', access_token: 't', reconnect: false }) as unknown as { parseBinary(b: ArrayBuffer): unknown[] };
  const market = new MarketState();
  const snap = (token: number, ltp: number): MarketSnapshot => market.applyTick(token, { ltp, ohlc: { open: ltp, high: ltp, low: ltp, close: ltp } }, 0);

  it('frames several packets with their lengths and sizes by mode', () => {
    const frame = encodeFrame([
      { snapshot: snap(408065, 1500.05), mode: 'ltp' },
      { snapshot: snap(738561, 2500.1), mode: 'quote' },
      { snapshot: snap(5633, 100), mode: 'full' },
      { snapshot: snap(256265, 21000.5), mode: 'quote' },
      { snapshot: snap(265, 70000), mode: 'full' },
    ]);
    expect(frame.readUInt16BE(0)).toBe(5);
    expect(frame.length).toBe(2 + 5 * 2 + 8 + 44 + 184 + 28 + 32);
    const ticks = ticker.parseBinary(toArrayBuffer(frame)) as { instrument_token: number; mode: string; last_price: number; tradable: boolean }[];
    expect(ticks.map((t) => [t.instrument_token, t.mode, t.last_price, t.tradable])).toEqual([
      [408065, 'ltp', 1500.05, true],
      [738561, 'quote', 2500.1, true],
      [5633, 'full', 100, true],
      [256265, 'quote', 21000.5, false],
      [265, 'full', 70000, false],
    ]);
  });

  it('scales currency-segment prices as the client divides them (NSE CD ×1e7, BSE CD ×1e4)', () => {
    const nseCd = 412675 & ~0xff | 3;
    const bseCd = 412675 & ~0xff | 6;
    const ticks = ticker.parseBinary(toArrayBuffer(encodeFrame([
      { snapshot: snap(nseCd, 83.1234), mode: 'ltp' },
      { snapshot: snap(bseCd, 83.1234), mode: 'ltp' },
    ]))) as { last_price: number }[];
    expect(ticks.map((t) => t.last_price)).toEqual([83.1234, 83.1234]);
  });
});
