/**
 * The process metrics (prom-client, one registry per app): Node process defaults plus what the bot does — orders,
 * approvals, fills, job runs, order latency, event-loop lag, and the latest performance snapshot. Other parts
 * record through the small methods here (the OMS, the job scheduler's `onRun`, the performance job's recorder);
 * GET /metrics serves `text()`.
 */
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** The fields of a job run that metrics use (src/jobs JobRun fits). */
export interface JobRunFacts {
  readonly name: string;
  readonly status: 'done' | 'skipped' | 'failed';
}

/** The fields of a performance snapshot that metrics use (src/jobs PerformanceSnapshot fits). */
export interface PerformanceFacts {
  readonly realised: number;
  readonly unrealised: number;
  readonly charges: number;
  readonly net: number;
  readonly grossExposure: number;
  readonly netExposure: number;
  readonly available: number;
  readonly positions: number;
}

export class AppMetrics {
  readonly registry = new Registry();
  private readonly loop: IntervalHistogram;
  /** The health check's window: rotated every `lagWindowMs`, so a slow start-up does not count for ever. */
  private readonly lagWindow: IntervalHistogram;
  private lastWindowP99Ms: number | undefined;
  private readonly rotate: NodeJS.Timeout;
  private readonly orders: Counter<'status'>;
  private readonly approvals: Counter<'decision'>;
  private readonly fills: Counter<'side'>;
  private readonly jobRuns: Counter<'job' | 'status'>;
  private readonly jobSeconds: Histogram<'job'>;
  private readonly orderLatency: Histogram<'stage'>;
  private readonly strategyBars: Histogram<'instance'>;
  private readonly pnl: Gauge<'part'>;
  private readonly exposure: Gauge<'kind'>;
  private readonly positions: Gauge;

  constructor(options: { readonly prefix?: string; readonly defaultMetrics?: boolean; readonly lagWindowMs?: number } = {}) {
    const p = options.prefix ?? 'autoppm_';
    const registers = [this.registry];
    if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: this.registry });
    this.loop = monitorEventLoopDelay({ resolution: 20 });
    this.loop.enable();
    this.lagWindow = monitorEventLoopDelay({ resolution: 20 });
    this.lagWindow.enable();
    this.rotate = setInterval(() => {
      this.lastWindowP99Ms = this.lagWindow.percentile(99) / 1e6;
      this.lagWindow.reset();
    }, options.lagWindowMs ?? 10_000);
    this.rotate.unref();
    const loop = this.loop;
    new Gauge({
      name: `${p}event_loop_lag_seconds`,
      help: 'Event-loop delay since the last scrape (mean and p99), seconds.',
      labelNames: ['stat'],
      registers,
      collect() {
        this.set({ stat: 'mean' }, Number.isFinite(loop.mean) ? loop.mean / 1e9 : 0);
        this.set({ stat: 'p99' }, loop.percentile(99) / 1e9);
      },
    });
    this.orders = new Counter({ name: `${p}orders_total`, help: 'Orders by the status they reached.', labelNames: ['status'], registers });
    this.approvals = new Counter({ name: `${p}approvals_total`, help: 'Approval decisions.', labelNames: ['decision'], registers });
    this.fills = new Counter({ name: `${p}fills_total`, help: 'Fills (executions) received.', labelNames: ['side'], registers });
    this.jobRuns = new Counter({ name: `${p}job_runs_total`, help: 'Job runs by outcome.', labelNames: ['job', 'status'], registers });
    this.jobSeconds = new Histogram({ name: `${p}job_duration_seconds`, help: 'Job run time.', labelNames: ['job'], buckets: [0.05, 0.25, 1, 5, 30, 120, 600], registers });
    this.orderLatency = new Histogram({
      name: `${p}order_latency_seconds`,
      help: 'Order latency by stage (e.g. submit: intent to broker acknowledgement; fill: to first fill).',
      labelNames: ['stage'],
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    this.strategyBars = new Histogram({
      name: `${p}strategy_onbar_seconds`,
      help: "Time a strategy instance's onBar took, per call.",
      labelNames: ['instance'],
      buckets: [0.0001, 0.0005, 0.001, 0.005, 0.01, 0.05, 0.25, 1],
      registers,
    });
    this.pnl = new Gauge({ name: `${p}pnl_rupees`, help: "Today's P&L in rupees by part (realised, unrealised, charges, net).", labelNames: ['part'], registers });
    this.exposure = new Gauge({ name: `${p}exposure_rupees`, help: 'Exposure and cash available in rupees.', labelNames: ['kind'], registers });
    this.positions = new Gauge({ name: `${p}open_positions`, help: 'Open positions.', registers });
  }

  order(status: string): void {
    this.orders.inc({ status });
  }

  approval(decision: 'approved' | 'rejected' | 'modified' | 'expired'): void {
    this.approvals.inc({ decision });
  }

  fill(side: 'BUY' | 'SELL'): void {
    this.fills.inc({ side });
  }

  orderLatencyMs(stage: string, ms: number): void {
    this.orderLatency.observe({ stage }, ms / 1000);
  }

  strategyBarMs(instance: string, ms: number): void {
    this.strategyBars.observe({ instance }, ms / 1000);
  }

  /** Fits `JobSchedulerOptions.onRun`. */
  jobRun(run: JobRunFacts, durationMs: number): void {
    this.jobRuns.inc({ job: run.name, status: run.status });
    this.jobSeconds.observe({ job: run.name }, durationMs / 1000);
  }

  /** Fits the performance job's `PerformanceRecorder`. */
  recordPerformance(s: PerformanceFacts): void {
    this.pnl.set({ part: 'realised' }, s.realised);
    this.pnl.set({ part: 'unrealised' }, s.unrealised);
    this.pnl.set({ part: 'charges' }, s.charges);
    this.pnl.set({ part: 'net' }, s.net);
    this.exposure.set({ kind: 'gross' }, s.grossExposure);
    this.exposure.set({ kind: 'net' }, s.netExposure);
    this.exposure.set({ kind: 'available' }, s.available);
    this.positions.set(s.positions);
  }

  /**
   * The event loop's p99 delay in ms over the last complete window (default 10 s) for the health check;
   * undefined until the first window has ended (start-up work — module loading, connecting — is not lag).
   */
  eventLoopLagMs(): number | undefined {
    return this.lastWindowP99Ms;
  }

  /** Prometheus text exposition; resets the event-loop window. */
  async text(): Promise<string> {
    const body = await this.registry.metrics();
    this.loop.reset();
    return body;
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  close(): void {
    clearInterval(this.rotate);
    this.lagWindow.disable();
    this.loop.disable();
    this.registry.clear();
  }
}
