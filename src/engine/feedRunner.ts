/**
 * Connects a BarFeed to the kernel (paper/live). Bars that close together (one aggregator flush)
 * arrive in one synchronous burst: they form one step, dispatched in a microtask right after the
 * burst, so a decision never waits for the next minute's first bar.
 */
import type { BarFeed, StopFeed } from '../core/feed';
import type { Kernel } from './kernel';

export function attachBarFeed(kernel: Kernel, feed: BarFeed): Promise<StopFeed> {
  let scheduled = false;
  const endStep = (): void => {
    scheduled = false;
    kernel.endStep();
  };
  return feed.start((symbol, bar) => {
    kernel.handleBar(symbol, bar);
    if (!scheduled) {
      scheduled = true;
      queueMicrotask(endStep);
    }
  });
}
