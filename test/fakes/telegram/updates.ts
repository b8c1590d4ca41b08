/**
 * The getUpdates side of the Bot API: updates wait in a queue with increasing update_id; a getUpdates call confirms
 * (drops) every update below its offset and returns at most `limit` of the rest, or holds the request open until
 * one arrives or its timeout ends. A second concurrent getUpdates ends the first with 409, as Telegram does.
 */
export type Update = Record<string, unknown> & { readonly update_id: number };

export interface PollRequest {
  readonly offset: number;
  readonly limit: number;
  readonly timeoutMs: number;
  readonly allowedUpdates?: readonly string[];
}

export type PollResult = { readonly kind: 'updates'; readonly updates: Update[] } | { readonly kind: 'conflict' } | { readonly kind: 'aborted' };

interface Waiter {
  readonly request: PollRequest;
  readonly finish: (r: PollResult) => void;
}

const kindOf = (u: Update): string => Object.keys(u).find((k) => k !== 'update_id') ?? '';

export class UpdateQueue {
  private queue: Update[] = [];
  private nextId: number;
  private waiter: Waiter | null = null;
  private allowed: readonly string[] | undefined;

  constructor(firstUpdateId = 100001) {
    this.nextId = firstUpdateId;
  }

  /** Adds an update (the update_id is assigned here) and wakes a waiting getUpdates. */
  push(body: Record<string, unknown>): Update {
    const update: Update = { update_id: this.nextId++, ...body };
    this.queue.push(update);
    const w = this.waiter;
    if (w) {
      const ready = this.take(w.request);
      if (ready.length > 0) {
        this.waiter = null;
        w.finish({ kind: 'updates', updates: ready });
      }
    }
    return update;
  }

  /** An update_id for an update delivered elsewhere (to a webhook), keeping ids increasing. */
  allocateId(): number {
    return this.nextId++;
  }

  /** drop_pending_updates: forget every queued update. */
  dropAll(): void {
    this.queue = [];
  }

  pending(): readonly Update[] {
    return this.queue;
  }

  private confirm(offset: number): void {
    if (offset > 0) this.queue = this.queue.filter((u) => u.update_id >= offset);
    else if (offset < 0) this.queue = this.queue.slice(offset);
  }

  private take(r: PollRequest): Update[] {
    if (r.allowedUpdates && r.allowedUpdates.length > 0) this.allowed = r.allowedUpdates;
    const allowed = this.allowed;
    if (allowed) this.queue = this.queue.filter((u) => allowed.includes(kindOf(u)));
    return this.queue.filter((u) => u.update_id >= r.offset || r.offset <= 0).slice(0, r.limit);
  }

  /**
   * One getUpdates call; `onAbort` registers the caller's disconnect so a dropped long poll frees its slot, and returns
   * how to unregister it once the poll has ended (a keep-alive connection carries poll after poll: a listener left on
   * its socket per poll grew without bound, and Node warned at the eleventh).
   */
  poll(r: PollRequest, onAbort: (cancel: () => void) => () => void): Promise<PollResult> {
    this.confirm(r.offset);
    const previous = this.waiter;
    if (previous) {
      this.waiter = null;
      previous.finish({ kind: 'conflict' });
    }
    const ready = this.take(r);
    if (ready.length > 0 || r.timeoutMs <= 0) return Promise.resolve({ kind: 'updates', updates: ready });
    return new Promise((resolve) => {
      let done = false;
      let unregister: (() => void) | undefined;
      const finish = (result: PollResult): void => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        unregister?.();
        if (this.waiter === waiter) this.waiter = null;
        resolve(result);
      };
      const waiter: Waiter = { request: r, finish };
      const timer = setTimeout(() => finish({ kind: 'updates', updates: [] }), r.timeoutMs);
      this.waiter = waiter;
      unregister = onAbort(() => finish({ kind: 'aborted' }));
    });
  }

  /** Ends a held getUpdates (used on close). */
  release(): void {
    const w = this.waiter;
    this.waiter = null;
    w?.finish({ kind: 'updates', updates: [] });
  }
}
