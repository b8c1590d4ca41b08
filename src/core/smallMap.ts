/**
 * A map for a hot path whose size is small most of the time and swings between empty and a few entries (a backtest's
 * open orders, its open round trips, the simulated broker's working orders). Up to SMALL entries live in two arrays
 * searched in order — no hashing and no hash table to rebuild as entries come and go (a Map emptied and refilled
 * once per order reallocated its table every few orders) — and past that in a Map, which it then stays. Iteration is
 * in insertion order, as a Map's. Only the operations the order books need.
 */
const SMALL = 8;

export class SmallMap<K, V> {
  private readonly keys: (K | undefined)[] = [];
  private readonly vals: (V | undefined)[] = [];
  private n = 0;
  private big: Map<K, V> | undefined;

  get size(): number {
    return this.big === undefined ? this.n : this.big.size;
  }

  get(key: K): V | undefined {
    if (this.big !== undefined) return this.big.get(key);
    const i = this.indexOf(key);
    return i < 0 ? undefined : this.vals[i];
  }

  has(key: K): boolean {
    return this.big === undefined ? this.indexOf(key) >= 0 : this.big.has(key);
  }

  set(key: K, value: V): this {
    if (this.big !== undefined) {
      this.big.set(key, value);
      return this;
    }
    const i = this.indexOf(key);
    if (i >= 0) this.vals[i] = value;
    else if (this.n < SMALL) {
      this.keys[this.n] = key;
      this.vals[this.n] = value;
      this.n++;
    } else {
      this.big = new Map(this.entries());
      this.big.set(key, value);
      this.keys.length = 0;
      this.vals.length = 0;
      this.n = 0;
    }
    return this;
  }

  delete(key: K): boolean {
    if (this.big !== undefined) return this.big.delete(key);
    const i = this.indexOf(key);
    if (i < 0) return false;
    const last = --this.n;
    for (let k = i; k < last; k++) {
      this.keys[k] = this.keys[k + 1];
      this.vals[k] = this.vals[k + 1];
    }
    // The slot stays allocated but holds nothing (no key or value kept alive).
    this.keys[last] = undefined;
    this.vals[last] = undefined;
    return true;
  }

  *values(): IterableIterator<V> {
    if (this.big !== undefined) yield* this.big.values();
    else for (let k = 0; k < this.n; k++) yield this.vals[k] as V;
  }

  *entries(): IterableIterator<[K, V]> {
    if (this.big !== undefined) yield* this.big.entries();
    else for (let k = 0; k < this.n; k++) yield [this.keys[k] as K, this.vals[k] as V];
  }

  private indexOf(key: K): number {
    const keys = this.keys;
    for (let k = 0; k < this.n; k++) if (keys[k] === key) return k;
    return -1;
  }
}
