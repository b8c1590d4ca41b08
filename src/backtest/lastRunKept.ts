/**
 * Keeps the objects of the thread's last backtest run alive until the next run replaces them.
 *
 * V8 compiles a backtest's hot path against the hidden classes ("maps") of the run's objects: the position book and
 * its ledgers, the order pipeline, the risk engine, the simulated broker, the kernel and the rest. It keeps that code
 * only while those maps live. A class's map lives as long as some object has it; the transitions that lead to it are
 * weak. So when a full garbage collection runs between two runs and finds no object of the finished one, the maps die
 * and every function compiled against them is thrown away (`--trace-deopt` reports "weak objects", about 60 functions
 * for sma-cross). The next run then starts cold: the reference backtest took 160 ms instead of 96 ms after a full
 * collection (bench `backtest.sma-cross.1m.after-full-gc`). Such collections come between runs all the time: a worker
 * taking queued backtests one after another, the combinations of a sweep, the bot between two /backtest commands.
 *
 * Keeping one run's objects keeps the maps, and with them the compiled code. What stays alive until the next run is
 * the run's stack of small objects and its trade list, which its result holds too. The bars belong to the caller
 * (a run holds views of them), and the indicator buffers have gone back to their pool (batchBuffers.ts).
 */
const kept: { last: readonly object[] } = { last: [] };

/** Keeps `objects` (a finished run's) until the next call. */
export function keepUntilNextRun(objects: readonly object[]): void {
  kept.last = objects;
}

/** What is kept now (tests). */
export function keptRun(): readonly object[] {
  return kept.last;
}
