/**
 * The bars of the research tests with a hand on the tap: the fixture's seeded history (engineServices.ts) answers
 * at once until the test `hold()`s it; from then on every request waits until `release()` — with the bars, or with
 * the answer of a history that cannot give them (its refusal, or an outage that throws). A queued job's run reads
 * its bars first, so a held tap keeps it `running` (before any bar is simulated) for as long as the test wants.
 */
import type { BarSeries } from '../../../src/core/barSeries';
import { err, type Result } from '../../../src/core/result';
import type { BarHistory, BarHistoryRequest } from '../../../src/services/engine/barHistory';

/** What the held requests (and every later one) get: the bars, a refusal (one sentence), or an outage (thrown). */
export type HistoryAnswer = { readonly kind: 'bars' } | { readonly kind: 'refuse'; readonly reason: string } | { readonly kind: 'outage'; readonly message: string };

export class HeldHistory implements BarHistory {
  readonly synthetic: boolean;
  private answer: HistoryAnswer = { kind: 'bars' };
  private gate: Promise<void> | undefined;
  private open: (() => void) | undefined;
  private arrived: (() => void) | undefined;
  private arrival: Promise<void> | undefined;

  constructor(private readonly inner: BarHistory) {
    this.synthetic = inner.synthetic;
  }

  /** Requests from now on wait for `release`; `waiting()` resolves when the first of them arrives. */
  hold(): void {
    this.gate = new Promise((resolve) => (this.open = resolve));
    this.arrival = new Promise((resolve) => (this.arrived = resolve));
  }

  /** Resolves once a request waits at the tap held last (a job's run has reached its bars). */
  waiting(): Promise<void> {
    if (!this.arrival) throw new Error('the history is not held: call hold() first');
    return this.arrival;
  }

  /** Lets the held requests (and later ones) through with `answer`. */
  release(answer: HistoryAnswer = { kind: 'bars' }): void {
    this.answer = answer;
    this.open?.();
    this.gate = undefined;
  }

  async bars(req: BarHistoryRequest): Promise<Result<BarSeries, string>> {
    const gate = this.gate;
    if (gate) {
      this.arrived?.();
      await gate;
    }
    const a = this.answer;
    if (a.kind === 'refuse') return err(a.reason);
    if (a.kind === 'outage') throw new Error(a.message);
    return this.inner.bars(req);
  }
}
