/**
 * Working orders keyed by the client ids the router mints (`<instance>-<seq>`): the sequence
 * number at the end of the id picks a slot in a power-of-two table, and the stored id confirms it.
 * Unlike a Map with string keys under constant insert/delete churn (one order in, one out, a
 * million times in a backtest), this never rehashes or allocates per order; it grows only when
 * more orders are working at once than it has slots.
 */
export class OrderSlots<T> {
  private ids: (string | undefined)[];
  private items: (T | undefined)[];
  private seqs: number[];
  private mask: number;
  size = 0;

  constructor(capacity = 256) {
    const cap = 1 << Math.ceil(Math.log2(Math.max(2, capacity)));
    this.ids = new Array<string | undefined>(cap).fill(undefined);
    this.items = new Array<T | undefined>(cap).fill(undefined);
    this.seqs = new Array<number>(cap).fill(-1);
    this.mask = cap - 1;
  }

  /** The sequence number at the end of an id, or -1 when it has none. */
  static seqOf(id: string): number {
    let n = 0;
    let scale = 1;
    let k = id.length - 1;
    for (; k >= 0; k--) {
      const c = id.charCodeAt(k) - 48;
      if (c < 0 || c > 9) break;
      n += c * scale;
      scale *= 10;
    }
    return k === id.length - 1 ? -1 : n;
  }

  put(seq: number, id: string, item: T): void {
    for (;;) {
      const k = seq & this.mask;
      if (this.ids[k] === undefined) {
        this.ids[k] = id;
        this.items[k] = item;
        this.seqs[k] = seq;
        this.size++;
        return;
      }
      this.grow();
    }
  }

  get(id: string): T | undefined {
    const seq = OrderSlots.seqOf(id);
    if (seq < 0) return undefined;
    const k = seq & this.mask;
    return this.ids[k] === id ? this.items[k] : undefined;
  }

  delete(id: string): void {
    const seq = OrderSlots.seqOf(id);
    if (seq < 0) return;
    const k = seq & this.mask;
    if (this.ids[k] !== id) return;
    this.ids[k] = undefined;
    this.items[k] = undefined;
    this.seqs[k] = -1;
    this.size--;
  }

  private grow(): void {
    const { ids, items, seqs } = this;
    const cap = ids.length * 2;
    this.ids = new Array<string | undefined>(cap).fill(undefined);
    this.items = new Array<T | undefined>(cap).fill(undefined);
    this.seqs = new Array<number>(cap).fill(-1);
    this.mask = cap - 1;
    this.size = 0;
    for (let k = 0; k < ids.length; k++) if (ids[k] !== undefined) this.put(seqs[k]!, ids[k]!, items[k]!);
  }
}
