/**
 * The demo market of paper mode without Kite: a seeded synthetic market that keeps trading. Every `everyMs` of
 * wall time each symbol trades once at the wall-clock time (so orders, fills and bars carry real times and a
 * restart simply continues at the current time), its price a geometric random walk with `dailyVolatility` per
 * session, sped up `speed` times (a wall second moves the price as much as `speed` seconds of a session would),
 * on the 0.05 tick grid. Seeds come from the symbol and the start time: the same inputs give the same market,
 * a later start a new path from the given start prices.
 *
 * The tick path allocates nothing: prices and volumes live in typed arrays and one tick object is reused
 * (copy it if you keep it).
 */
import { istDayIndex } from '../../calendar/ist';
import type { StopFeed, TickFeed, TickHandler } from '../../core/feed';
import type { InstrumentToken } from '../../core/ids';
import type { MutableTick } from '../../core/tick';
import { Xoshiro128 } from './prng';

export interface SyntheticInstrument {
  readonly token: InstrumentToken;
  readonly symbol: string;
  /** The first price (e.g. the last close of the symbol's synthetic history). */
  readonly price: number;
}

export interface SyntheticTickOptions {
  readonly instruments: readonly SyntheticInstrument[];
  /** Wall clock (ms). */
  readonly now: () => number;
  /** Market seconds per wall second of price movement (default 60). */
  readonly speed?: number;
  /** Wall ms between trades of a symbol (default 250). */
  readonly everyMs?: number;
  /** Standard deviation of a session's log return (default 1.5%). */
  readonly dailyVolatility?: number;
  /** Mixed into every symbol's seed (default: the start time, so each start takes a new path). */
  readonly seed?: number;
}

/** Seconds of a regular NSE session (09:15–15:30 IST). */
const SESSION_SECONDS = 375 * 60;
const TICK = 0.05;

/** FNV-1a of a symbol, mixed with `salt`. */
export function symbolSeed(symbol: string, salt = 0): number {
  let h = 2166136261 ^ (salt >>> 0);
  for (let i = 0; i < symbol.length; i++) h = Math.imul(h ^ symbol.charCodeAt(i), 16777619) >>> 0;
  return h >>> 0;
}

export class SyntheticTickFeed implements TickFeed {
  constructor(private readonly o: SyntheticTickOptions) {}

  /** The symbols it trades. */
  get symbols(): ReadonlyMap<InstrumentToken, string> {
    return new Map(this.o.instruments.map((i) => [i.token, i.symbol]));
  }

  async start(onTick: TickHandler): Promise<StopFeed> {
    const list = this.o.instruments;
    const n = list.length;
    const everyMs = this.o.everyMs ?? 250;
    const speed = this.o.speed ?? 60;
    const vol = this.o.dailyVolatility ?? 0.015;
    // σ of one step: the session's σ scaled to the market seconds one step stands for.
    const sigma = vol * Math.sqrt(Math.min(1, ((everyMs / 1000) * speed) / SESSION_SECONDS));
    const salt = this.o.seed ?? this.o.now();
    const rngs = list.map((i) => new Xoshiro128(symbolSeed(i.symbol, salt)));
    const price = Float64Array.from(list, (i) => i.price);
    const volume = new Float64Array(n);
    let day = -1;
    const tick: MutableTick = { token: 0 as InstrumentToken, price: 0, lastQuantity: 0, volumeTraded: 0, time: 0 };
    const step = (): void => {
      const time = this.o.now();
      const d = istDayIndex(time);
      if (d !== day) {
        day = d;
        volume.fill(0);
      }
      for (let k = 0; k < n; k++) {
        const rng = rngs[k]!;
        const next = Math.max(TICK, Math.round((price[k]! * Math.exp(sigma * rng.normal() - (sigma * sigma) / 2)) / TICK) * TICK);
        price[k] = Math.round(next * 100) / 100;
        const q = 1 + Math.floor(rng.nextFloat() * 200);
        volume[k] = volume[k]! + q;
        tick.token = list[k]!.token;
        tick.price = price[k]!;
        tick.lastQuantity = q;
        tick.volumeTraded = volume[k]!;
        tick.time = time;
        onTick(tick);
      }
    };
    const timer = setInterval(step, everyMs);
    timer.unref();
    step();
    return () => clearInterval(timer);
  }
}
