/**
 * Garbage-collection pauses during timed runs, from Node's 'gc' performance entries (the main thread's pause of each
 * collection, in ms; the helper threads' share of a parallel collection is not in it). A benchmark notes each timed
 * run's window and reads, after the runs, how long the collections that started in it paused the run — the part of a
 * run's time, and of its spread between runs, that is the collector's.
 */
import { PerformanceObserver, performance, type PerformanceEntry } from 'node:perf_hooks';

export class GcPauses {
  private readonly entries: PerformanceEntry[] = [];
  private readonly windows: [number, number][] = [];
  private readonly observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) this.entries.push(e);
  });

  constructor() {
    this.observer.observe({ entryTypes: ['gc'] });
  }

  /** `fn` timed (wall ms) with its window noted. */
  timed(fn: () => void): number {
    const start = performance.now();
    fn();
    const end = performance.now();
    this.windows.push([start, end]);
    return end - start;
  }

  /**
   * Stops observing and returns, per timed run in order, the collections that started in it: their pause in ms and
   * their count. Node queues the entries of a collection for a later turn of the event loop: after one turn they are
   * taken from the observer's queue (the callback has not run yet then).
   */
  async perRun(): Promise<{ readonly ms: number; readonly count: number }[]> {
    await new Promise<void>((r) => setImmediate(r));
    for (const e of this.observer.takeRecords()) this.entries.push(e);
    this.observer.disconnect();
    return this.windows.map(([a, b]) => {
      let ms = 0;
      let count = 0;
      for (const e of this.entries) {
        if (e.startTime < a || e.startTime >= b) continue;
        ms += e.duration;
        count++;
      }
      return { ms, count };
    });
  }
}
