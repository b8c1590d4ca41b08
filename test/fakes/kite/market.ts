/** Instruments master and the live market picture per instrument (LTP, OHLC, depth) that quotes, ticks and fills read. */
import type { Instrument } from '../../../src/core/instrument';

export interface DepthLevel {
  readonly price: number;
  readonly quantity: number;
  readonly orders: number;
}

/** What a test pushes: only `ltp` is required; the rest keeps its previous value (OHLC tracks LTP when omitted). */
export interface TickInput {
  readonly ltp: number;
  readonly lastQty?: number;
  readonly avgPrice?: number;
  readonly volume?: number;
  readonly buyQty?: number;
  readonly sellQty?: number;
  readonly ohlc?: { readonly open: number; readonly high: number; readonly low: number; readonly close: number };
  /** Last trade time, epoch ms (defaults to the fake's clock). */
  readonly time?: number;
  /** Exchange timestamp, epoch ms (defaults to `time`). */
  readonly exchangeTime?: number;
  readonly oi?: number;
  readonly oiHigh?: number;
  readonly oiLow?: number;
  readonly depth?: { readonly buy: readonly DepthLevel[]; readonly sell: readonly DepthLevel[] };
  readonly circuit?: { readonly lower: number; readonly upper: number };
}

export interface MarketSnapshot {
  readonly token: number;
  readonly ltp: number;
  readonly lastQty: number;
  readonly avgPrice: number;
  readonly volume: number;
  readonly buyQty: number;
  readonly sellQty: number;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly lastTradeTime: number;
  readonly exchangeTime: number;
  readonly oi: number;
  readonly oiHigh: number;
  readonly oiLow: number;
  readonly depthBuy: readonly DepthLevel[];
  readonly depthSell: readonly DepthLevel[];
  readonly lowerCircuit: number;
  readonly upperCircuit: number;
}

const EMPTY_DEPTH: readonly DepthLevel[] = Array.from({ length: 5 }, () => ({ price: 0, quantity: 0, orders: 0 }));

const fiveLevels = (levels: readonly DepthLevel[]): readonly DepthLevel[] =>
  Array.from({ length: 5 }, (_, i) => levels[i] ?? { price: 0, quantity: 0, orders: 0 });

export class MarketState {
  private readonly instruments = new Map<number, Instrument>();
  private readonly bySymbol = new Map<string, number>();
  private readonly snapshots = new Map<number, MarketSnapshot>();

  loadInstruments(list: readonly Instrument[]): void {
    for (const i of list) {
      this.instruments.set(i.token, i);
      this.bySymbol.set(`${i.exchange}:${i.tradingsymbol}`, i.token);
    }
  }

  allInstruments(): readonly Instrument[] {
    return [...this.instruments.values()];
  }

  instrument(token: number): Instrument | undefined {
    return this.instruments.get(token);
  }

  /** Looks up `NSE:INFY` (exchange and tradingsymbol). */
  bySymbolKey(key: string): Instrument | undefined {
    const token = this.bySymbol.get(key);
    return token === undefined ? undefined : this.instruments.get(token);
  }

  snapshot(token: number): MarketSnapshot | undefined {
    return this.snapshots.get(token);
  }

  ltp(token: number): number | undefined {
    return this.snapshots.get(token)?.ltp;
  }

  /** Merges a tick into the instrument's market picture and returns the new picture. */
  applyTick(token: number, t: TickInput, now: number): MarketSnapshot {
    const prev = this.snapshots.get(token);
    const time = t.time ?? now;
    const next: MarketSnapshot = {
      token,
      ltp: t.ltp,
      lastQty: t.lastQty ?? prev?.lastQty ?? 0,
      avgPrice: t.avgPrice ?? prev?.avgPrice ?? t.ltp,
      volume: t.volume ?? prev?.volume ?? 0,
      buyQty: t.buyQty ?? prev?.buyQty ?? 0,
      sellQty: t.sellQty ?? prev?.sellQty ?? 0,
      open: t.ohlc?.open ?? prev?.open ?? t.ltp,
      high: t.ohlc?.high ?? Math.max(prev?.high ?? t.ltp, t.ltp),
      low: t.ohlc?.low ?? Math.min(prev?.low ?? t.ltp, t.ltp),
      close: t.ohlc?.close ?? prev?.close ?? t.ltp,
      lastTradeTime: time,
      exchangeTime: t.exchangeTime ?? time,
      oi: t.oi ?? prev?.oi ?? 0,
      oiHigh: t.oiHigh ?? prev?.oiHigh ?? 0,
      oiLow: t.oiLow ?? prev?.oiLow ?? 0,
      depthBuy: t.depth ? fiveLevels(t.depth.buy) : (prev?.depthBuy ?? EMPTY_DEPTH),
      depthSell: t.depth ? fiveLevels(t.depth.sell) : (prev?.depthSell ?? EMPTY_DEPTH),
      lowerCircuit: t.circuit?.lower ?? prev?.lowerCircuit ?? 0,
      upperCircuit: t.circuit?.upper ?? prev?.upperCircuit ?? 0,
    };
    this.snapshots.set(token, next);
    return next;
  }
}
