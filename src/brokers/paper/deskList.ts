/**
 * The working orders (or exits) of one symbol at the simulated broker: a list that keeps its backing store when it
 * empties. A JS array whose length drops to 0 gives its store up, so the next push allocates a new one — once per
 * order in a backtest, where a symbol's desk goes from one order to none on almost every fill. Here the slots past
 * `length` are cleared (nothing is kept alive) but stay allocated.
 */
export class DeskList<T> {
  private readonly items: (T | undefined)[] = [];
  length = 0;

  at(k: number): T {
    return this.items[k] as T;
  }

  push(x: T): void {
    this.items[this.length++] = x;
  }

  /** Keeps the items `keep` says so, in order; returns those dropped through `dropped` (called for each). */
  compact(keep: (x: T) => boolean, dropped?: (x: T) => void): void {
    const items = this.items;
    let n = 0;
    for (let k = 0; k < this.length; k++) {
      const x = items[k] as T;
      if (keep(x)) items[n++] = x;
      else dropped?.(x);
    }
    for (let k = n; k < this.length; k++) items[k] = undefined;
    this.length = n;
  }

  find(pred: (x: T) => boolean): T | undefined {
    for (let k = 0; k < this.length; k++) if (pred(this.items[k] as T)) return this.items[k] as T;
    return undefined;
  }
}
