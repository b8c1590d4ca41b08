/**
 * Kite ticker binary frames (big-endian): uint16 packet count, then per packet uint16 length + packet.
 * Packets: LTP 8 bytes; index quote 28 / index full 32; quote 44; full 184 (quote + last trade time, OI, OI day
 * high/low, exchange timestamp, 5 bid and 5 ask levels of 12 bytes). Prices are int32 ×100 (NSE currency ×1e7,
 * BSE currency ×1e4); segment = token & 0xff, 9 = indices.
 */
import type { MarketSnapshot } from '../market';

export type TickMode = 'ltp' | 'quote' | 'full';

const SEGMENT_INDICES = 9;

export const isIndexToken = (token: number): boolean => (token & 0xff) === SEGMENT_INDICES;

export function priceDivisor(token: number): number {
  const segment = token & 0xff;
  if (segment === 3) return 10_000_000;
  if (segment === 6) return 10_000;
  return 100;
}

export function packetLength(token: number, mode: TickMode): number {
  if (mode === 'ltp') return 8;
  if (isIndexToken(token)) return mode === 'quote' ? 28 : 32;
  return mode === 'quote' ? 44 : 184;
}

const seconds = (ms: number): number => Math.floor(ms / 1000);

/** Writes one packet for `s` in `mode` at `offset`; returns the bytes written. */
export function writePacket(buf: Buffer, offset: number, s: MarketSnapshot, mode: TickMode): number {
  const d = priceDivisor(s.token);
  const px = (p: number): number => Math.round(p * d);
  const len = packetLength(s.token, mode);
  let o = offset;
  const i32 = (v: number): void => {
    buf.writeInt32BE(v, o);
    o += 4;
  };
  i32(s.token);
  i32(px(s.ltp));
  if (mode === 'ltp') return len;
  if (isIndexToken(s.token)) {
    i32(px(s.high));
    i32(px(s.low));
    i32(px(s.open));
    i32(px(s.close));
    i32(px(s.ltp - s.close));
    if (mode === 'full') i32(seconds(s.exchangeTime));
    return len;
  }
  i32(s.lastQty);
  i32(px(s.avgPrice));
  i32(s.volume);
  i32(s.buyQty);
  i32(s.sellQty);
  i32(px(s.open));
  i32(px(s.high));
  i32(px(s.low));
  i32(px(s.close));
  if (mode === 'quote') return len;
  i32(seconds(s.lastTradeTime));
  i32(s.oi);
  i32(s.oiHigh);
  i32(s.oiLow);
  i32(seconds(s.exchangeTime));
  for (const level of [...s.depthBuy, ...s.depthSell]) {
    i32(level.quantity);
    i32(px(level.price));
    buf.writeInt16BE(level.orders, o);
    buf.writeInt16BE(0, o + 2);
    o += 4;
  }
  return len;
}

/** One binary frame carrying the given packets. */
export function encodeFrame(packets: readonly { readonly snapshot: MarketSnapshot; readonly mode: TickMode }[]): Buffer {
  let size = 2;
  for (const p of packets) size += 2 + packetLength(p.snapshot.token, p.mode);
  const buf = Buffer.alloc(size);
  buf.writeUInt16BE(packets.length, 0);
  let o = 2;
  for (const p of packets) {
    const len = packetLength(p.snapshot.token, p.mode);
    buf.writeUInt16BE(len, o);
    writePacket(buf, o + 2, p.snapshot, p.mode);
    o += 2 + len;
  }
  return buf;
}
