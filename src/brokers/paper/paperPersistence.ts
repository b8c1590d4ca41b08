/**
 * Write-behind saving of the paper account: changes mark the state dirty and one save runs at a time; changes
 * made while a save is in flight are written by ONE following save (after `delayMs`, default: the next turn of
 * the event loop). A burst of a thousand fills costs a handful of writes instead of a thousand, and the saved
 * document is always a complete, consistent snapshot. `flush()` (call it on stop) resolves once everything
 * changed so far is saved.
 */
import type { PaperState, PaperStateRepository } from './paperState';

export class PaperWriteBehind {
  private dirty = false;
  private running: Promise<void> | null = null;
  /** The last failure to save, if any (the account keeps running in memory; the next save retries). */
  error: string | undefined;
  /** Saves written (for reports and benchmarks). */
  saves = 0;

  constructor(
    private readonly repo: PaperStateRepository,
    private readonly state: () => PaperState,
    private readonly delayMs = 0,
  ) {}

  /** Marks the state changed; a save follows. */
  touch(): void {
    this.dirty = true;
    this.running ??= this.loop();
  }

  /** Resolves when every change made before the call has been saved (or the save failed, see `error`). */
  async flush(): Promise<void> {
    while (this.running) await this.running;
  }

  private async loop(): Promise<void> {
    try {
      while (this.dirty) {
        await (this.delayMs > 0 ? new Promise((r) => setTimeout(r, this.delayMs)) : new Promise((r) => setImmediate(r)));
        this.dirty = false;
        try {
          await this.repo.save(this.state());
          this.saves++;
          this.error = undefined;
        } catch (e) {
          this.error = e instanceof Error ? e.message : String(e);
        }
      }
    } finally {
      this.running = null;
    }
  }
}
