/**
 * Write-ahead of strategy instances' private state (issue 16 item 5): an instance's document is saved when its state
 * changed — looked at after each kernel step (every `onBar` of the step has run) — and after each of its fills, so a
 * process killed at any point (SIGKILL: no shutdown hook) comes back with the state of its last processed bar, not
 * the state of its last status change. Positions and cash come back from the journal's fills (oms/bookReplay.ts).
 * Batched: the look runs once after a step (off the tick path, on `setImmediate`); what changes while a write is in
 * flight goes out in the next one; an instance whose state did not change is not written. A failed write is
 * reported and retried with the next look.
 */
import type { StrategyInstanceId } from '../core/ids';
import type { StepObserver } from './kernelLoop';

export interface InstanceStatePorts {
  /** The instances to look at (running and paused). */
  ids(): Iterable<StrategyInstanceId>;
  /** The instance's state as JSON text now (undefined: no such instance any more). */
  stateText(id: StrategyInstanceId): string | undefined;
  /** Saves the instance's document (status, state, positions, performance) as it is now. */
  save(id: StrategyInstanceId): Promise<void>;
  onError(e: unknown): void;
}

export class InstanceStateWriter implements StepObserver {
  private stepped = false;
  private readonly filled = new Set<StrategyInstanceId>();
  /** The state text last written per instance. */
  private readonly written = new Map<StrategyInstanceId, string>();
  private scheduled: NodeJS.Immediate | undefined;
  private running: Promise<void> | undefined;

  constructor(private readonly o: InstanceStatePorts) {}

  /** Kernel: every `onBar` of a step has run. Allocates nothing unless a look is not scheduled yet. */
  afterStep(): void {
    this.stepped = true;
    this.schedule();
  }

  /** One of the instance's orders filled. */
  handleFill(id: StrategyInstanceId): void {
    this.filled.add(id);
    this.schedule();
  }

  /** The instance's document was written with this state (start, restore, a status change). */
  noteWritten(id: StrategyInstanceId, stateText: string): void {
    this.written.set(id, stateText);
  }

  /** Resolves once every change seen so far is written (or its write failed). */
  async idle(): Promise<void> {
    while (this.scheduled !== undefined || this.running !== undefined) {
      if (this.scheduled !== undefined) {
        clearImmediate(this.scheduled);
        this.scheduled = undefined;
        this.start();
      }
      await this.running;
    }
  }

  private schedule(): void {
    if (this.scheduled !== undefined || this.running !== undefined) return;
    this.scheduled = setImmediate(() => {
      this.scheduled = undefined;
      this.start();
    });
  }

  private start(): void {
    this.running ??= this.run().finally(() => {
      this.running = undefined;
      if (this.stepped || this.filled.size > 0) this.schedule();
    });
  }

  private async run(): Promise<void> {
    while (this.stepped || this.filled.size > 0) {
      const due = new Set(this.filled);
      this.filled.clear();
      if (this.stepped) {
        this.stepped = false;
        for (const id of this.o.ids()) {
          const text = this.o.stateText(id);
          if (text !== undefined && text !== this.written.get(id)) due.add(id);
        }
      }
      for (const id of due) {
        const text = this.o.stateText(id);
        if (text === undefined) continue;
        try {
          await this.o.save(id);
          this.written.set(id, text);
        } catch (e) {
          this.o.onError(e);
          return;
        }
      }
    }
  }
}
