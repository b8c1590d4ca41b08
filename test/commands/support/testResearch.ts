/** A scripted research port (our own interface): records what was queued and answers statuses from a script. */
import type { UserId } from '../../../src/core/ids';
import { err, ok, type Result } from '../../../src/core/result';
import type { BacktestRequest } from '../../../src/services/api/backtest';
import type { QueuedJob, ResearchJobStatus, ResearchService, SweepRequest } from '../../../src/services/api/research';

export class ScriptedResearch implements ResearchService {
  readonly backtests: Array<{ req: BacktestRequest; requester: UserId }> = [];
  readonly sweeps: Array<{ req: SweepRequest; requester: UserId }> = [];
  readonly polled: string[] = [];
  /** Statuses answered in turn; the last one repeats. */
  script: ResearchJobStatus[] = [{ state: 'done', outcome: 'return 1.00 %, 2 trades' }];
  refuse: string | undefined;

  async enqueueBacktest(req: BacktestRequest, requester: UserId): Promise<Result<QueuedJob, string>> {
    if (this.refuse !== undefined) return err(this.refuse);
    this.backtests.push({ req, requester });
    return ok({ jobId: `bt-${this.backtests.length}` });
  }

  async enqueueSweep(req: SweepRequest, requester: UserId): Promise<Result<QueuedJob, string>> {
    if (this.refuse !== undefined) return err(this.refuse);
    this.sweeps.push({ req, requester });
    return ok({ jobId: `sw-${this.sweeps.length}` });
  }

  async jobStatus(jobId: string): Promise<ResearchJobStatus> {
    this.polled.push(jobId);
    return this.script.length > 1 ? this.script.shift()! : this.script[0]!;
  }
}
