/** Helpers for ticker tests: wait for a condition without timing assertions, and collect KiteTicker events. */

/** Resolves once `cond()` holds, checking every few ms; fails after `limitMs` (a hang guard, not an assertion on speed). */
export async function until(cond: () => boolean, limitMs = 5000): Promise<void> {
  const start = performance.now();
  while (!cond()) {
    if (performance.now() - start > limitMs) throw new Error('condition not reached');
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** Collects every payload of one event (KiteTicker has no `off`, so listeners stay for the file). */
export class EventLog<T> {
  readonly items: T[] = [];
  readonly push = (item: T): void => {
    this.items.push(item);
  };

  /** Waits for the first item after position `from` that matches, and returns it. */
  async next(match: (t: T) => boolean, from = 0): Promise<T> {
    let found: T | undefined;
    await until(() => {
      found = this.items.slice(from).find(match);
      return found !== undefined;
    });
    return found as T;
  }
}
