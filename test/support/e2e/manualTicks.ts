/** A tick source the test drives: `push` hands one trade tick to the running app, synchronously. */
import type { StopFeed, TickFeed, TickHandler } from '../../../src/core/feed';
import { instrumentToken, type InstrumentToken } from '../../../src/core/ids';

export class ManualTicks implements TickFeed {
  readonly symbols: ReadonlyMap<InstrumentToken, string>;
  private readonly tokens = new Map<string, InstrumentToken>();
  private readonly volume = new Map<string, number>();
  private handler: TickHandler | undefined;

  constructor(symbols: readonly string[]) {
    const m = new Map<InstrumentToken, string>();
    symbols.forEach((s, i) => {
      m.set(instrumentToken(1000 + i), s);
      this.tokens.set(s, instrumentToken(1000 + i));
    });
    this.symbols = m;
  }

  async start(onTick: TickHandler): Promise<StopFeed> {
    this.handler = onTick;
    return () => {
      this.handler = undefined;
    };
  }

  get running(): boolean {
    return this.handler !== undefined;
  }

  push(symbol: string, price: number, time: number, quantity = 100): void {
    const token = this.tokens.get(symbol);
    if (token === undefined || !this.handler) throw new Error(`cannot push a tick for ${symbol}: unknown symbol or feed not started`);
    const v = (this.volume.get(symbol) ?? 0) + quantity;
    this.volume.set(symbol, v);
    this.handler({ token, price, lastQuantity: quantity, volumeTraded: v, time });
  }
}
