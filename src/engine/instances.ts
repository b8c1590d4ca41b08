/**
 * Strategy instances: start, pause, resume, stop, persist and restore many instances (100+) on one
 * kernel. Config, status, state and book-keeping live in an InstanceRepository; after a restart
 * `restore()` brings back every running and paused instance with its state and positions.
 * A strategy that throws is marked errored by the kernel; the manager records it.
 * The private state is written ahead (instanceStateWriter.ts): after every step that changed it and after every fill,
 * so a kill at any point loses at most the bar being processed.
 */
import { randomBytes } from 'node:crypto';
import type { Clock } from '../core/clock';
import type { InstanceStatus } from '../core/events';
import { strategyInstanceId, type StrategyInstanceId } from '../core/ids';
import { err, ok, type Result } from '../core/result';
import type { InstanceRuntime } from './instanceRuntime';
import { InstanceStateWriter } from './instanceStateWriter';
import type { HeldPosition, InstancePerformance, InstanceRecord, InstanceRepository } from '../core/ports/instanceRepository';
import type { PositionBook } from '../oms/positionBook';
import type { Kernel } from './kernel';
import { constructionFor, parseSizing, sizingText } from './sizingRules';
import type { StrategyRegistry } from './strategyRegistry';

export interface StartRequest {
  readonly strategy: string;
  readonly params?: Readonly<Record<string, unknown>>;
  readonly symbols: readonly string[];
  /** Share of account capital in (0, 1]. */
  readonly capitalShare: number;
  readonly id?: string;
  readonly allowShort?: boolean;
  readonly product?: 'CNC' | 'MIS';
  /** A sizing rule (`pct:10`, `kelly`, `risk:1`, `fixed:100`, `all`); absent: the signal's weight of equity. */
  readonly sizing?: string;
}

export interface InstanceManagerOptions {
  readonly kernel: Kernel;
  /** The position book: a stopped instance's account stays open there while it may still hold shares. */
  readonly book?: PositionBook;
  readonly registry: StrategyRegistry;
  readonly repository: InstanceRepository;
  readonly clock: Clock;
  /** Rupees the capital shares are shares of. */
  readonly accountCapital: number;
  /** Price step of the instruments (sizing rounds stop distances to it; default ₹0.05). */
  readonly tickSize?: number;
  /** A sizing rule could not size an order (e.g. ATR not warmed up): said once per occurrence. */
  readonly warn?: (message: string) => void;
  /**
   * Reads what the risk checks need of an instance's symbols before its first order (their volatility from the
   * daily history, so the VaR limit can judge an entry before the instance has bars of its own). Not awaited by
   * `start` beyond the reply; a failure leaves the instance running (its orders are refused with the reason).
   */
  readonly prepare?: (symbols: readonly string[]) => Promise<void>;
  /** A write of an instance's document failed (it is tried again with the next change). */
  readonly onSaveError?: (e: unknown) => void;
}

export class InstanceManager {
  private readonly records = new Map<StrategyInstanceId, InstanceRecord>();
  private saving: Promise<unknown> = Promise.resolve();
  private lastCreated = -Infinity;
  private readonly writer: InstanceStateWriter;

  constructor(private readonly o: InstanceManagerOptions) {
    o.kernel.events.on('instance-status', (e) => {
      const rec = this.records.get(e.instanceId);
      if (rec && rec.status !== e.status) this.queueSave(e.instanceId).catch((err: unknown) => (this.o.onSaveError ?? (() => undefined))(err));
    });
    this.writer = new InstanceStateWriter({
      ids: () => this.records.keys(),
      stateText: (id) => {
        const rt = this.o.kernel.instance(id);
        return rt && (rt.status === 'running' || rt.status === 'paused') ? JSON.stringify(rt.ctx.state) : undefined;
      },
      save: (id) => this.queueSave(id),
      onError: (e) => (this.o.onSaveError ?? (() => undefined))(e),
    });
    if (o.kernel.stepObserver !== undefined) throw new Error('the kernel already has a step observer; the instances write their state from it');
    o.kernel.stepObserver = this.writer;
    o.kernel.events.on('order-filled', (e) => {
      if (e.account !== undefined && this.records.has(e.account as StrategyInstanceId)) this.writer.handleFill(e.account as StrategyInstanceId);
    });
  }

  /** Validates and starts a new instance, then stores it. */
  async start(req: StartRequest): Promise<Result<InstanceRecord, string>> {
    const strat = this.o.registry.get(req.strategy);
    if (!strat.ok) return strat;
    const params = this.o.registry.validate(req.strategy, req.params ?? {});
    if (!params.ok) return params;
    if (strat.value.universe === 'single' && req.symbols.length !== 1) {
      return err(`${req.strategy} trades one symbol per instance; give exactly one symbol.`);
    }
    if (!(req.capitalShare > 0 && req.capitalShare <= 1)) return err('The capital share must be above 0 and at most 1 (e.g. 0.1 for 10%).');
    if (req.sizing !== undefined) {
      const sizing = parseSizing(req.sizing);
      if (!sizing.ok) return sizing;
    }
    const used = this.committedShare();
    if (used + req.capitalShare > 1 + 1e-9) {
      return err(`Only ${((1 - used) * 100).toFixed(1)}% of capital is unallocated; lower the share or stop another instance.`);
    }
    const id = strategyInstanceId(req.id ?? `${req.strategy}-${randomBytes(4).toString('hex')}`);
    if (this.records.has(id)) return err(`An instance with id ${id} already exists; pick another id.`);
    // createdAt is unique and increasing: restore() re-adds instances in start order, so the
    // kernel dispatches them in the same order as before the restart (determinism).
    const now = Math.max(this.o.clock.now(), this.lastCreated + 1);
    this.lastCreated = now;
    const record: InstanceRecord = {
      id,
      strategy: req.strategy,
      params: params.value,
      symbols: [...req.symbols],
      capitalShare: req.capitalShare,
      status: 'running',
      state: strat.value.initialState(),
      positions: {},
      cash: req.capitalShare * this.o.accountCapital,
      allowShort: req.allowShort ?? false,
      product: req.product ?? 'CNC',
      ...(req.sizing !== undefined && req.sizing !== 'all' ? { sizing: req.sizing } : {}),
      createdAt: now,
      updatedAt: now,
    };
    const added = this.attach(record);
    if (!added.ok) return added;
    this.records.set(id, record);
    await this.o.repository.save(this.snapshot(id));
    this.writer.noteWritten(id, JSON.stringify(record.state));
    await this.o.prepare?.(record.symbols).catch(() => undefined);
    return ok(this.snapshot(id));
  }

  pause(id: StrategyInstanceId): Promise<Result<InstanceRecord, string>> {
    return this.setStatus(id, 'paused');
  }

  resume(id: StrategyInstanceId): Promise<Result<InstanceRecord, string>> {
    return this.setStatus(id, 'running');
  }

  stop(id: StrategyInstanceId): Promise<Result<InstanceRecord, string>> {
    return this.setStatus(id, 'stopped');
  }

  /**
   * Brings back every running and paused instance from the repository (call once at start, before the book is
   * rebuilt from the fills): each gets its account in the book; stopped ones get their account too (not the
   * kernel), so the shares they may still hold are in the book.
   */
  async restore(): Promise<{ restored: StrategyInstanceId[]; failed: { id: string; message: string }[] }> {
    const restored: StrategyInstanceId[] = [];
    const failed: { id: string; message: string }[] = [];
    const book = this.o.book;
    if (book) {
      for (const rec of await this.o.repository.list({ status: ['stopped', 'errored'] })) {
        if (!book.account(rec.id)) book.openAccount(rec.id, rec.capitalShare * this.o.accountCapital, rec.symbols.map((symbol) => ({ symbol, product: rec.product })));
      }
    }
    for (const rec of await this.o.repository.list({ status: ['running', 'paused'] })) {
      if (this.records.has(rec.id)) continue;
      const added = this.attach(rec);
      if (!added.ok) {
        failed.push({ id: rec.id, message: added.error });
        continue;
      }
      this.records.set(rec.id, rec);
      this.writer.noteWritten(rec.id, JSON.stringify(this.o.kernel.instance(rec.id)?.ctx.state ?? rec.state));
      this.lastCreated = Math.max(this.lastCreated, rec.createdAt);
      if (rec.status === 'paused') this.o.kernel.setStatus(rec.id, 'paused');
      restored.push(rec.id);
    }
    await this.o.prepare?.([...new Set(restored.flatMap((id) => this.records.get(id)!.symbols))]).catch(() => undefined);
    return { restored, failed };
  }

  /** Saves every instance's status, state, positions and performance; resolves when stored. */
  async persist(): Promise<void> {
    for (const id of this.records.keys()) this.queueSave(id);
    await this.flush();
  }

  /** Waits for saves queued by status changes and state changes. */
  async flush(): Promise<void> {
    await this.writer.idle();
    let last: Promise<unknown>;
    do {
      last = this.saving;
      await last;
    } while (last !== this.saving);
  }

  list(): InstanceRecord[] {
    return [...this.records.keys()].map((id) => this.snapshot(id));
  }

  performance(id: StrategyInstanceId): InstancePerformance | undefined {
    const rt = this.o.kernel.instance(id);
    return rt && performanceOf(rt);
  }

  private async setStatus(id: StrategyInstanceId, status: InstanceStatus): Promise<Result<InstanceRecord, string>> {
    if (!this.records.has(id)) return err(`No instance ${id}; list instances to see the ids.`);
    const r = this.o.kernel.setStatus(id, status);
    if (!r.ok) return r;
    const rec = this.snapshot(id);
    this.records.set(id, rec);
    await this.o.repository.save(rec);
    return ok(rec);
  }

  private attach(rec: InstanceRecord): Result<StrategyInstanceId, string> {
    const strat = this.o.registry.get(rec.strategy);
    if (!strat.ok) return strat;
    const params = this.o.registry.validate(rec.strategy, rec.params);
    if (!params.ok) return params;
    const sizing = rec.sizing === undefined ? undefined : parseSizing(rec.sizing);
    if (sizing && !sizing.ok) return sizing;
    const kernel = this.o.kernel;
    return kernel.addInstance({
      ...(sizing
        ? {
            sizing: {
              construction: constructionFor(sizing.value, { series: (s) => kernel.seriesOf(s), tickSize: this.o.tickSize ?? 0.05, warn: this.o.warn ?? (() => undefined) }),
              text: sizingText(sizing.value),
            },
          }
        : {}),
      id: rec.id,
      strategy: strat.value,
      params: params.value,
      symbols: rec.symbols,
      capital: rec.capitalShare * this.o.accountCapital,
      state: strat.value.restoreState(rec.state),
      allowShort: rec.allowShort,
      product: rec.product,
    });
  }

  private committedShare(): number {
    let s = 0;
    for (const id of this.records.keys()) {
      const rt = this.o.kernel.instance(id);
      if (rt && (rt.status === 'running' || rt.status === 'paused')) s += this.records.get(id)!.capitalShare;
    }
    return s;
  }

  /** Saves the instance as it is now, after the saves queued before (a failed one does not stop the later ones). */
  private queueSave(id: StrategyInstanceId): Promise<void> {
    const rec = this.snapshot(id);
    this.records.set(id, rec);
    const saved = this.saving.catch(() => undefined).then(() => this.o.repository.save(rec));
    this.saving = saved;
    return saved;
  }

  /** The stored record updated from the live runtime. */
  private snapshot(id: StrategyInstanceId): InstanceRecord {
    const rec = this.records.get(id)!;
    const rt = this.o.kernel.instance(id);
    if (!rt) return rec;
    const positions: Record<string, HeldPosition> = {};
    rt.spec.symbols.forEach((symbol, j) => {
      const q = rt.ledger.position[j]!;
      if (q !== 0) positions[symbol] = { quantity: q, averagePrice: rt.ledger.averagePrice[j]! };
    });
    return {
      ...rec,
      status: rt.status,
      ...(rt.message !== undefined ? { message: rt.message } : {}),
      state: structuredClone(rt.ctx.state),
      positions,
      cash: rt.ledger.cash,
      updatedAt: this.o.clock.now(),
      performance: performanceOf(rt),
    };
  }
}

function performanceOf(rt: InstanceRuntime): InstancePerformance {
  const l = rt.ledger;
  const last = rt.lastSignal;
  const finite = (x: number): number => (Number.isFinite(x) ? x : 0);
  return {
    capital: l.capital,
    cash: l.cash,
    equity: finite(l.equity()),
    realised: l.realised,
    unrealised: finite(l.unrealised()),
    exposure: finite(l.exposure()),
    charges: l.charges,
    fills: l.fills,
    closedTrades: l.closedTrades,
    winningTrades: l.winningTrades,
    ...(last ? { lastSignal: { symbol: last.symbol, direction: last.direction, reason: last.reason, time: last.time } } : {}),
  };
}
