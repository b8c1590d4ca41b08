/**
 * The demo market's tick source: ticks at the clock's times (wall clock in the product), prices on the 0.05 grid
 * following a seeded random walk from the given start prices, cumulative day volume reset at IST midnight, the same
 * path for the same seed and another for another seed, and it keeps going (no end of data) until stopped.
 */
import { instrumentToken } from '../../../src/core/ids';
import type { Tick } from '../../../src/core/tick';
import { SyntheticTickFeed } from '../../../src/data/synthetic/syntheticTickFeed';

const MIDNIGHT_IST = Date.parse('2025-01-11T18:30:00Z');

async function collect(seed: number, n: number, times: number[]): Promise<Tick[]> {
  let k = 0;
  const feed = new SyntheticTickFeed({
    instruments: [{ token: instrumentToken(1), symbol: 'INFY', price: 1500 }, { token: instrumentToken(2), symbol: 'TCS', price: 4000.05 }],
    // Each step reads the clock once: the times given, in turn.
    now: () => times[Math.min(k++, times.length - 1)]!,
    speed: 600,
    everyMs: 2,
    seed,
  });
  const out: Tick[] = [];
  let stop: (() => void | Promise<void>) | undefined;
  await new Promise<void>((resolve) => {
    void feed.start((t) => {
      out.push({ ...t });
      if (out.length === n) resolve();
    }).then((s) => (stop = s));
  });
  await stop?.();
  return out.slice(0, n);
}

describe('SyntheticTickFeed', () => {
  const times = Array.from({ length: 60 }, (_, i) => MIDNIGHT_IST - 30_000 + i * 1_000);

  it('trades every symbol at the clock’s time, on the tick grid, with a cumulative volume that restarts at IST midnight', async () => {
    const ticks = await collect(7, 100, times);
    expect(ticks).toHaveLength(100);
    for (let i = 0; i < ticks.length; i++) {
      const t = ticks[i]!;
      expect(t.time).toBe(times[Math.floor(i / 2)]);
      expect(Math.abs(Math.round(t.price * 20) - t.price * 20)).toBeLessThan(1e-6);
      expect(t.lastQuantity).toBeGreaterThan(0);
    }
    const infy = ticks.filter((t) => t.token === instrumentToken(1));
    expect(new Set(infy.map((t) => t.price)).size).toBeGreaterThan(5);
    expect(Math.abs(infy[0]!.price / 1500 - 1)).toBeLessThan(0.05);
    // Volume accumulates within the day and starts again after midnight.
    const beforeMidnight = infy.filter((t) => t.time < MIDNIGHT_IST);
    const afterMidnight = infy.filter((t) => t.time >= MIDNIGHT_IST);
    expect(beforeMidnight.length).toBeGreaterThan(2);
    expect(afterMidnight.length).toBeGreaterThan(2);
    for (let i = 1; i < beforeMidnight.length; i++) expect(beforeMidnight[i]!.volumeTraded).toBe(beforeMidnight[i - 1]!.volumeTraded + beforeMidnight[i]!.lastQuantity);
    expect(afterMidnight[0]!.volumeTraded).toBe(afterMidnight[0]!.lastQuantity);
  });

  it('the same seed gives the same path; another seed (a later start) another', async () => {
    const a = await collect(7, 40, times);
    const b = await collect(7, 40, times);
    const c = await collect(8, 40, times);
    expect(b.map((t) => t.price)).toEqual(a.map((t) => t.price));
    expect(c.map((t) => t.price)).not.toEqual(a.map((t) => t.price));
  });
});
