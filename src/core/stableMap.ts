/**
 * A Map for a hot path whose size swings between empty and a few entries (open orders and open round trips in a backtest): V8 reallocates
 * a Map's table each time a delete leaves it nearly empty, so one entry that is never deleted keeps the table — and
 * no garbage is made per order. Only the operations the order books need; `values()`, `entries()` and `size` leave that entry out.
 */
const KEEP = Symbol('keep');

export class StableMap<K, V> {
  private readonly map = new Map<K | typeof KEEP, V | undefined>([[KEEP, undefined]]);

  get size(): number {
    return this.map.size - 1;
  }

  get(key: K): V | undefined {
    return this.map.get(key);
  }

  has(key: K): boolean {
    return this.map.has(key);
  }

  set(key: K, value: V): this {
    this.map.set(key, value);
    return this;
  }

  delete(key: K): boolean {
    return this.map.delete(key);
  }

  *values(): IterableIterator<V> {
    for (const [k, v] of this.map) if (k !== KEEP) yield v as V;
  }

  *entries(): IterableIterator<[K, V]> {
    for (const [k, v] of this.map) if (k !== KEEP) yield [k as K, v as V];
  }
}
