/** The bot's job list wired like the composition root does: queue (MongoDB) → jobs → notifier → sinks, with metrics. */
import { istTime } from '../../src/calendar';
import { SimulatedClock } from '../../src/core/clock';
import { userId } from '../../src/core/ids';
import { ok } from '../../src/core/result';
import { AppMetrics } from '../../src/http/metrics';
import { standardJobs } from '../../src/jobs/standardJobs';
import type { JobScheduler } from '../../src/jobs/jobScheduler';
import { Notifier } from '../../src/notify';
import type { Services } from '../../src/services';
import { RecordingSink } from '../notify/testSinks';
import { createTestDatabase, type TestDatabase } from '../fakes/mongo/testDb';
import { calendar, fastScheduler, logger } from './support';

let tdb: TestDatabase;
beforeAll(async () => {
  tdb = await createTestDatabase('jobs_standard');
});
afterAll(async () => {
  await tdb?.drop();
});

const services: Services = {
  rebalance: {
    preview: async () =>
      ok({
        id: 'batch-1', method: 'equal-weight', turnover: 15000.5, estimatedCharges: 19.17, equityBefore: 1e5, cashAfter: 1000, equityAfter: 99980.83, notes: [], expiresAt: 0,
        trades: [{ id: 'k2m3n4p7', symbol: 'NSE:INFY', side: 'BUY', quantity: 10, price: 1500.05, value: 15000.5, estimatedCharges: 19.17, weightAfter: 0.15, targetWeight: 0.15 }],
      }),
    submit: async () => ok({ orders: 1, message: 'sent' }),
    snapshot: async () => ok({ time: 0, equity: 1e5, cash: 1000, positions: 1 }),
  },
  pnl: { pnl: async () => ok({ period: 'day', from: '2025-12-23', to: '2025-12-23', realised: 100, unrealised: 50.5, charges: 10.25, net: 140.25, bySymbol: [], byInstance: [], bySector: [], basis: 'snapshot' }) },
  orders: { list: async () => [], get: async () => ok(undefined as never) },
};

describe('standard jobs on the scheduler', () => {
  let scheduler: JobScheduler | undefined;
  let notifier: Notifier | undefined;
  let metrics: AppMetrics | undefined;
  afterEach(async () => {
    await scheduler?.stop(1000);
    await notifier?.stop();
    metrics?.close();
  });

  test('only the jobs the services allow; "advancing the schedule" runs rebalance and the day summary end to end', async () => {
    notifier = new Notifier({ logger, clock: new SimulatedClock(0) });
    const telegram = new RecordingSink('telegram');
    const discordSummaries = new RecordingSink('discord-summary');
    notifier.addSink(telegram);
    notifier.addSink(discordSummaries, { kinds: ['summary'] });
    metrics = new AppMetrics({ defaultMetrics: false });
    const m = metrics;
    const jobs = standardJobs({
      services,
      notify: notifier,
      calendar,
      rebalance: { frequency: 'monthly', at: '15:00', method: 'equal-weight', policy: 'propose', user: { id: userId('scheduler'), role: 'admin' } },
    });
    expect(jobs.map((j) => j.name)).toEqual(['rebalance', 'portfolio-snapshot', 'end-of-day-summary']);

    const clock = new SimulatedClock(istTime('2025-12-23', '15:40'));
    scheduler = fastScheduler(tdb.uri, jobs, { clock, notify: notifier, onRun: (run, ms) => m.jobRun(run, ms) });
    expect((await scheduler.start()).ok).toBe(true);

    const skippedRebalance = await scheduler.runNow('rebalance');
    expect(skippedRebalance.ok && skippedRebalance.value).toMatchObject({ status: 'skipped', note: 'skipped: not a monthly rebalance day' });
    const rebalance = await scheduler.runNow('rebalance', { force: true });
    expect(rebalance.ok && rebalance.value).toMatchObject({ status: 'done', note: 'proposed 1 trade (preview batch-1)' });
    const snapshot = await scheduler.runNow('portfolio-snapshot');
    expect(snapshot.ok && snapshot.value).toMatchObject({ status: 'done', note: 'equity ₹1,00,000.00, 1 positions' });
    const summary = await scheduler.runNow('end-of-day-summary');
    expect(summary.ok && summary.value).toMatchObject({ status: 'done', note: 'net ₹140.25, 0 trades' });

    await telegram.receivedCount(2);
    await discordSummaries.receivedCount(1);
    expect(telegram.received.map((n) => [n.kind, n.title])).toEqual([
      ['approval', 'Rebalance to equal-weight: 1 trade to approve'],
      ['summary', 'Day summary 2025-12-23: ₹140.25'],
    ]);
    expect(telegram.received[0]!.actions).toEqual([{ label: 'Send 1 orders', command: '/rebalance_submit batch-1' }]);
    expect(discordSummaries.titles()).toEqual(['Day summary 2025-12-23: ₹140.25']);

    const text = await m.text();
    expect(text).toContain('autoppm_job_runs_total{job="rebalance",status="skipped"} 1');
    expect(text).toContain('autoppm_job_runs_total{job="rebalance",status="done"} 1');
    expect(text).toContain('autoppm_job_runs_total{job="end-of-day-summary",status="done"} 1');
  });
});
