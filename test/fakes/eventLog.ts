/** What a fake server has done, as events: recorded in order, and awaitable by tests (past or future). */
export class EventLog<E extends { readonly kind: string }> {
  private readonly events: E[] = [];
  private readonly listeners = new Set<(e: E) => void>();

  constructor(private readonly serverName: string) {}

  emit(e: E): void {
    this.events.push(e);
    for (const l of [...this.listeners]) l(e);
  }

  history(): readonly E[] {
    return this.events;
  }

  /** The first event (already recorded or future) that satisfies `predicate`. */
  waitFor(predicate: (e: E) => boolean, timeoutMs: number): Promise<E> {
    const past = this.events.find(predicate);
    if (past) return Promise.resolve(past);
    return new Promise((resolve, reject) => {
      const listener = (e: E): void => {
        if (!predicate(e)) return;
        clearTimeout(timer);
        this.listeners.delete(listener);
        resolve(e);
      };
      const timer = setTimeout(() => {
        this.listeners.delete(listener);
        const seen = this.events.map((x) => x.kind).join(', ') || 'none';
        reject(new Error(`fake ${this.serverName}: no matching event within ${timeoutMs} ms (events so far: ${seen})`));
      }, timeoutMs);
      this.listeners.add(listener);
    });
  }
}
