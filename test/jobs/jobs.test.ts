/** The concrete jobs, run directly (no queue) against small in-process implementations of their ports. */
import { istTime } from '../../src/calendar';
import { err, ok } from '../../src/core/result';
import { userId } from '../../src/core/ids';
import { backtestJob } from '../../src/jobs/backtestJob';
import { endOfDaySummaryJob } from '../../src/jobs/endOfDaySummaryJob';
import { healthCheckJob, type HealthPort } from '../../src/jobs/healthCheckJob';
import type { Job } from '../../src/jobs/job';
import { kiteSessionReminderJob } from '../../src/jobs/kiteSessionReminderJob';
import { misSquareOffWarningJob } from '../../src/jobs/misSquareOffWarningJob';
import { performanceSnapshotJob, type PerformanceSnapshot } from '../../src/jobs/performanceSnapshotJob';
import { preOpenReportJob } from '../../src/jobs/preOpenReportJob';
import { isRebalanceDay, rebalanceJob } from '../../src/jobs/rebalanceJob';
import { riskScanJob } from '../../src/jobs/riskScanJob';
import { sweepJob, type SweepJobRequest } from '../../src/jobs/sweepJob';
import type { BacktestSummary, OrderView, PnlReport, PortfolioSummary, PositionView, RebalancePreview, RiskReport, SystemStatus, User } from '../../src/services';
import { calendar, RecordingNotify } from './support';

const ctx = (now: number) => ({ now, attempt: 1, jobId: 'j1', progress: async () => undefined });
const run = (job: Job, now: number, data: unknown = {}) => job.execute(data, ctx(now));
const admin: User = { id: userId('scheduler'), role: 'admin' };
const TUE = istTime('2025-12-23', '15:40');

describe('rebalance job', () => {
  const preview: RebalancePreview = {
    id: 'pv-9',
    method: 'equal-weight',
    trades: [
      { id: 'k2m3n4p6', symbol: 'NSE:TCS', side: 'SELL', quantity: 3, price: 3400, value: 10200, estimatedCharges: 12.1, weightAfter: 0.5, targetWeight: 0.5 },
      { id: 'k2m3n4p7', symbol: 'NSE:INFY', side: 'BUY', quantity: 10, price: 1500.05, value: 15000.5, estimatedCharges: 19.17, weightAfter: 0.49, targetWeight: 0.5 },
    ],
    turnover: 25200.5,
    estimatedCharges: 31.27,
    equityBefore: 100000,
    cashAfter: 1000,
    equityAfter: 99968.73,
    notes: ['NSE:SBIN left out: below the minimum trade'],
    expiresAt: TUE + 600_000,
  };
  const service = (submitted: string[]) => ({
    preview: async () => ok(preview),
    submit: async (id: string, user: User) => (submitted.push(`${id}:${user.id}`), ok({ orders: 2, message: '2 orders sent to the broker.' })),
  });

  test('weekly and monthly days are the first trading days of the week and month', () => {
    const prev = (t: number) => calendar.previousTradingDay(t);
    const at = (d: string) => istTime(d, '15:00');
    expect(isRebalanceDay('weekly', at('2025-12-22'), prev(at('2025-12-22')))).toBe(true); // Monday
    expect(isRebalanceDay('weekly', at('2025-12-23'), prev(at('2025-12-23')))).toBe(false);
    expect(isRebalanceDay('weekly', at('2025-04-01'), prev(at('2025-04-01')))).toBe(true); // Monday 31 March was a holiday
    expect(isRebalanceDay('monthly', at('2025-12-01'), prev(at('2025-12-01')))).toBe(true);
    expect(isRebalanceDay('monthly', at('2025-12-02'), prev(at('2025-12-02')))).toBe(false);
    expect(isRebalanceDay('daily', at('2025-12-02'), prev(at('2025-12-02')))).toBe(true);
  });

  test('propose: one approval notification with the trades and a send button', async () => {
    const notify = new RecordingNotify();
    const submitted: string[] = [];
    const job = rebalanceJob({ rebalance: service(submitted), notify, calendar, frequency: 'weekly', at: '15:00', method: 'equal-weight', policy: 'propose', user: admin });
    expect(await run(job, TUE)).toEqual(ok({ status: 'skipped', reason: 'not a weekly rebalance day' }));
    expect(await run(job, TUE, { force: true })).toEqual(ok({ status: 'done', note: 'proposed 2 trades (preview pv-9)' }));
    expect(submitted).toEqual([]);
    const n = notify.sent[0]!;
    expect(n.text).toBe('NSE:SBIN left out: below the minimum trade');
    expect(n).toMatchObject({ kind: 'approval', title: 'Rebalance to equal-weight: 2 trades to approve', actions: [{ label: 'Send 2 orders', command: '/rebalance_submit pv-9' }] });
    expect(n.fields).toContainEqual({ name: 'BUY 10 NSE:INFY', value: '₹15,000.50 at 1500.05', inline: true });
    expect(n.fields).toContainEqual({ name: 'Turnover', value: '₹25,200.50', inline: true });
  });

  test('execute: submits as the configured user; a failed preview is a job failure', async () => {
    const notify = new RecordingNotify();
    const submitted: string[] = [];
    const job = rebalanceJob({ rebalance: service(submitted), notify, calendar, frequency: 'daily', at: '15:00', method: 'equal-weight', policy: 'execute', user: admin });
    expect(await run(job, TUE)).toEqual(ok({ status: 'done', note: 'submitted 2 orders' }));
    expect(submitted).toEqual(['pv-9:scheduler']);
    expect(notify.titles()).toEqual(['Rebalance to equal-weight: 2 orders sent']);
    expect(notify.sent[0]!.text).toBe('2 orders sent to the broker.');
    const failing = rebalanceJob({ rebalance: { preview: async () => err('No prices yet; try after the open.'), submit: async () => ok({ orders: 0, message: '' }) }, notify, calendar, frequency: 'daily', at: '15:00', method: 'equal-weight', policy: 'execute', user: admin });
    expect(await run(failing, TUE)).toEqual(err('No prices yet; try after the open.'));
  });
});

describe('risk scan job', () => {
  test('alerts near and breached limits once, and again on escalation', async () => {
    const limits = [
      { name: 'Position INFY', used: 5, limit: 10, unit: '%' as const },
      { name: 'Order value', used: 85_000, limit: 100_000, unit: '₹' as const },
      { name: 'Orders today', used: 120, limit: 100, unit: 'orders' as const },
    ];
    const report = (): RiskReport => ({ equity: 1_000_000, grossExposure: 400_000, netExposure: 300_000, beta: 1, var: [], limits: limits.map((l) => ({ ...l })) });
    const notify = new RecordingNotify();
    const job = riskScanJob({ risk: { report: async () => ok(report()) }, notify, everyMinutes: 5 });
    expect(job.marketHoursOnly).toBe(true);
    expect(await run(job, TUE)).toEqual(ok({ status: 'done', note: '2 alerts sent' }));
    expect(notify.sent.map((n) => [n.severity, n.text])).toEqual([
      ['warning', 'Order value is at ₹85,000.00, 85 % of its limit of ₹1,00,000.00.'],
      ['critical', 'Orders today is at 120 orders, over its limit of 100 orders; reduce exposure or /halt.'],
    ]);
    expect(await run(job, TUE + 300_000)).toEqual(ok({ status: 'done', note: 'no new alerts' }));
    limits[1]!.used = 100_000;
    expect(await run(job, TUE + 600_000)).toEqual(ok({ status: 'done', note: '1 alerts sent' }));
    expect(notify.sent[2]).toMatchObject({ severity: 'critical', title: 'Risk limit breached' });
  });
});

describe('health check job', () => {
  test('tells people when a check goes down and when it comes back, not every minute', async () => {
    let mongo: 'up' | 'down' = 'up';
    const health: HealthPort = { run: async () => ({ status: mongo === 'up' ? 'ok' : 'down', checks: { mongo: mongo === 'up' ? { status: 'up' } : { status: 'down', detail: 'no answer' }, memory: { status: 'up' } } }) };
    const notify = new RecordingNotify();
    const job = healthCheckJob({ health, notify });
    expect(await run(job, TUE)).toEqual(ok({ status: 'done', note: 'all checks up' }));
    mongo = 'down';
    expect(await run(job, TUE)).toEqual(ok({ status: 'done', note: 'down: mongo' }));
    await run(job, TUE);
    mongo = 'up';
    await run(job, TUE);
    expect(notify.sent.map((n) => [n.severity, n.title, n.text])).toEqual([
      ['critical', 'Health: a check is down', 'mongo: no answer'],
      ['info', 'Health: back up', 'mongo'],
    ]);
  });
});

const status = (over: Partial<SystemStatus> = {}): SystemStatus => ({
  mode: 'live',
  tradingState: 'ACTIVE',
  brokerSession: { loggedIn: true, expiresAt: istTime('2025-12-24', '06:00') },
  market: { open: false, detail: 'pre-open' },
  dataAsOf: istTime('2025-12-22', '15:29'),
  instances: { running: 2, paused: 1, total: 3 },
  openOrders: 0,
  pendingApprovals: 1,
  time: TUE,
  ...over,
});

describe('Kite session reminder job', () => {
  const loginUrl = () => ok('https://kite.zerodha.com/connect/login?v=3&api_key=abc');
  test('quiet with a valid session; the link when it is missing or expired; skipped without Kite', async () => {
    const notify = new RecordingNotify();
    let st = status();
    const job = kiteSessionReminderJob({ status: { status: async () => st }, session: { loginUrl }, notify });
    const morning = istTime('2025-12-23', '08:45');
    expect(await run(job, morning)).toEqual(ok({ status: 'done', note: 'Kite session is valid' }));
    st = status({ brokerSession: { loggedIn: true, expiresAt: istTime('2025-12-23', '06:00') } });
    expect(await run(job, morning)).toEqual(ok({ status: 'done', note: 'login link sent' }));
    st = status({ brokerSession: { loggedIn: false } });
    await run(job, morning);
    expect(notify.sent.map((n) => n.text)).toEqual([
      'The Kite session has expired; trading waits until you log in again.',
      'There is no Kite session; trading waits until you log in.',
    ]);
    expect(notify.sent[0]!.actions).toEqual([{ label: 'Log in to Kite', url: 'https://kite.zerodha.com/connect/login?v=3&api_key=abc' }]);
    st = status({ brokerSession: undefined });
    expect(await run(job, morning)).toEqual(ok({ status: 'skipped', reason: 'no Kite session in this mode' }));
  });
});

describe('pre-open report job', () => {
  test('ready, or a warning listing each problem', async () => {
    const notify = new RecordingNotify();
    const summary: PortfolioSummary = { available: 250_000.5, marginUsed: 0, grossExposure: 0, netExposure: 0, unrealised: 0, positions: 0, holdings: 3 };
    let st = status();
    let mongo: 'up' | 'down' = 'up';
    const health: HealthPort = { run: async () => ({ status: 'ok', checks: { mongo: { status: mongo, ...(mongo === 'down' ? { detail: 'timeout' } : {}) } } }) };
    const job = preOpenReportJob({ status: { status: async () => st }, portfolio: { summary: async () => ok(summary) }, health, notify });
    const nine = istTime('2025-12-23', '09:00');
    expect(await run(job, nine)).toEqual(ok({ status: 'done', note: 'ready' }));
    expect(notify.sent[0]).toMatchObject({ severity: 'info', title: 'Ready for the open' });
    expect(notify.sent[0]!.fields).toContainEqual({ name: 'Margin available', value: '₹2,50,000.50', inline: true });
    st = status({ brokerSession: { loggedIn: false }, dataAsOf: istTime('2025-12-15', '15:29') });
    mongo = 'down';
    expect(await run(job, nine)).toEqual(ok({ status: 'done', note: 'Kite is not logged in; market data is stale; mongo is down' }));
    expect(notify.sent[1]).toMatchObject({ severity: 'warning', title: 'Not ready for the open: 3 problems' });
  });
});

describe('MIS square-off warning job', () => {
  test('lists open intraday positions only', async () => {
    const notify = new RecordingNotify();
    let positions: PositionView[] = [
      { symbol: 'NSE:SBIN', product: 'MIS', quantity: -50, averagePrice: 800, lastPrice: 790, pnl: 500 },
      { symbol: 'NSE:INFY', product: 'CNC', quantity: 10, averagePrice: 1500, lastPrice: 1510, pnl: 100 },
      { symbol: 'NSE:TCS', product: 'MIS', quantity: 0, averagePrice: 0, lastPrice: 3400, pnl: -20 },
    ];
    const job = misSquareOffWarningJob({ portfolio: { positions: async () => ok(positions) }, notify });
    expect(await run(job, TUE)).toEqual(ok({ status: 'done', note: '1 open MIS positions reported' }));
    expect(notify.sent[0]).toMatchObject({ kind: 'risk', title: '1 intraday position still open', fields: [{ name: 'NSE:SBIN', value: 'short 50, P&L ₹500.00', inline: true }] });
    positions = positions.filter((p) => p.product === 'CNC');
    expect(await run(job, TUE)).toEqual(ok({ status: 'done', note: 'no open MIS positions' }));
  });
});

describe('end-of-day summary job', () => {
  test('P&L, trades and risk with the chart, figures checked against a plain reference', async () => {
    const pnl: PnlReport = {
      period: 'day', from: '2025-12-23', to: '2025-12-23', realised: 1234.5, unrealised: -200.25, charges: 45.67, net: 1234.5 - 200.25 - 45.67,
      bySymbol: [{ key: 'NSE:INFY', realised: 1234.5, unrealised: 0, charges: 0, net: 1234.5 }, { key: 'NSE:SBIN', realised: 0, unrealised: -200.25, charges: 0, net: -200.25 }], byInstance: [], bySector: [], basis: 'snapshot',
    };
    const order = (id: string, filled: number, avg?: number): OrderView => ({
      id, symbol: 'NSE:INFY', side: 'BUY', quantity: 10, filledQuantity: filled, orderType: 'MARKET', product: 'CNC', status: filled > 0 ? 'FILLED' : 'CANCELLED', source: 's', reason: 'r', updatedAt: TUE, ...(avg !== undefined ? { averagePrice: avg } : {}),
    });
    const orders = [order('1', 10, 1500.05), order('2', 4, 250.1), order('3', 0)];
    const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47]);
    const notify = new RecordingNotify();
    const risk: RiskReport = { equity: 1e6, grossExposure: 123_456.78, netExposure: 0, beta: 1, var: [{ method: 'historical', confidence: 0.95, horizonDays: 1, valueAtRisk: 9876.54, expectedShortfall: 12000 }], limits: [] };
    const job = endOfDaySummaryJob({ pnl: { pnl: async () => ok(pnl) }, orders: { list: async () => orders }, risk: { report: async () => ok(risk) }, chart: async () => png, notify });
    expect(await run(job, TUE)).toEqual(ok({ status: 'done', note: 'net ₹988.58, 2 trades' }));
    const n = notify.sent[0]!;
    // reference: 10 × 1500.05 + 4 × 250.10 = 15000.50 + 1000.40 = 16000.90; net 1234.50 − 200.25 − 45.67 = 988.58
    expect(n).toMatchObject({ kind: 'summary', severity: 'info', title: 'Day summary 2025-12-23: ₹988.58', image: png });
    expect(n.fields).toEqual(expect.arrayContaining([
      { name: 'Net P&L', value: '₹988.58', inline: true },
      { name: 'Unrealised', value: '-₹200.25', inline: true },
      { name: 'Trades', value: '2 filled of 3 orders, turnover ₹16,000.90', inline: false },
      { name: 'VaR 95 % 1d', value: '₹9,876.54', inline: true },
      { name: 'NSE:INFY', value: '₹1,234.50', inline: true },
    ]));
    const noPnl = endOfDaySummaryJob({ pnl: { pnl: async () => err('P&L is not available yet; try again later.') }, orders: { list: async () => [] }, notify });
    expect(await run(noPnl, TUE)).toEqual(err('P&L is not available yet; try again later.'));
  });
});

describe('performance snapshot job', () => {
  test('hands the day P&L and exposure to the recorder', async () => {
    const seen: PerformanceSnapshot[] = [];
    const job = performanceSnapshotJob({
      pnl: { pnl: async () => ok({ period: 'day', from: 'a', to: 'a', realised: 10, unrealised: 5, charges: 1, net: 14, bySymbol: [], byInstance: [], bySector: [], basis: 'snapshot' } satisfies PnlReport) },
      portfolio: { summary: async () => ok({ available: 1000, marginUsed: 0, grossExposure: 5000, netExposure: -100, unrealised: 5, positions: 2, holdings: 0 }) },
      recorder: { recordPerformance: (s) => seen.push(s) },
    });
    expect(await run(job, TUE)).toEqual(ok({ status: 'done', note: 'net ₹14.00, gross exposure ₹5,000.00' }));
    expect(seen).toEqual([{ time: TUE, realised: 10, unrealised: 5, charges: 1, net: 14, grossExposure: 5000, netExposure: -100, available: 1000, positions: 2 }]);
  });
});

describe('backtest job', () => {
  const summary: BacktestSummary = {
    strategy: 'sma-cross', symbols: ['NSE:INFY'], from: '2024-01-01', to: '2024-12-31', interval: 'day', startingEquity: 100000, finalEquity: 112345.67,
    totalReturn: 0.1234567, cagr: 0.12, maxDrawdown: -0.08, sharpe: 1.234, trades: 14, winRate: 0.5, charges: 321.5, synthetic: true, chartPng: Uint8Array.from([1, 2, 3]),
  };
  test('runs the request, reports progress, and sends the result to whoever asked', async () => {
    const notify = new RecordingNotify();
    const progress: number[] = [];
    const job = backtestJob({
      backtest: { run: async (req, onProgress) => { for (const f of [0, 0.05, 0.5, 1]) onProgress(f, 'x'); return req.strategy === 'sma-cross' ? ok(summary) : err(`There is no strategy called ${req.strategy}; see /strategies.`); } },
      notify,
    });
    const data = { request: { strategy: 'sma-cross', symbols: ['NSE:INFY'], interval: 'day' }, to: 'telegram:42' };
    expect(await job.execute(data, { ...ctx(TUE), progress: async (p: number) => void progress.push(p) })).toEqual(ok({ status: 'done', note: 'return 12.35 %, 14 trades' }));
    expect(progress).toEqual([0, 50, 100]);
    // The card /backtest shows in chat, with its Run in paper button.
    expect(notify.sent[0]).toMatchObject({ kind: 'summary', to: 'telegram:42', title: 'Backtest sma-cross on NSE:INFY, 2024-01-01 → 2024-12-31 (day) — synthetic data', image: summary.chartPng, actions: [{ label: 'Run in paper', command: '/run sma-cross NSE:INFY' }] });
    expect(notify.sent[0]!.fields).toContainEqual({ name: 'Return', value: '12.35%', inline: true });
    expect(notify.sent[0]!.fields).toContainEqual({ name: 'Sharpe', value: '1.23', inline: true });
    expect(await run(job, TUE, { request: { strategy: 'nope', symbols: ['NSE:INFY'] }, to: 'telegram:42' })).toEqual(ok({ status: 'done', note: 'refused: There is no strategy called nope; see /strategies.' }));
    expect(notify.sent[1]).toMatchObject({ kind: 'system', severity: 'warning', to: 'telegram:42', text: 'There is no strategy called nope; see /strategies.' });
    const bad = await run(job, TUE, { request: { strategy: 'x', symbols: [] } });
    expect(bad.ok).toBe(false);
  });
});

describe('sweep job', () => {
  test('ranks the grid through the runner and reports the best rows to whoever asked', async () => {
    const notify = new RecordingNotify();
    const asked: SweepJobRequest[] = [];
    const job = sweepJob({
      sweeps: {
        run: async (req, onProgress) => {
          asked.push(req);
          onProgress(1);
          return ok({ combinations: 4, skipped: 1, rows: [{ params: { fast: 5, slow: 20 }, score: 1.23456, trades: 12 }, { params: { fast: 10, slow: 20 }, score: null, trades: 0 }] });
        },
      },
      notify,
    });
    const data = { request: { strategy: 'sma-cross', symbols: ['NSE:INFY'], grid: { fast: ['5', '10'], slow: ['10', '20'] } }, to: 'telegram:7' };
    expect(await run(job, TUE, data)).toEqual(ok({ status: 'done', note: '4 combinations, best fast=5 slow=20' }));
    expect(asked[0]).toMatchObject({ rankBy: 'sharpe', top: 5 });
    expect(notify.sent[0]).toMatchObject({
      kind: 'summary', to: 'telegram:7', title: 'Sweep sma-cross on INFY: best 2 of 4 by sharpe', // the NSE: prefix dropped by the symbol check text: '1 combinations were skipped (rejected by the strategy).',
      fields: [{ name: '1. fast=5 slow=20', value: 'sharpe 1.235, 12 trades' }, { name: '2. fast=10 slow=20', value: 'sharpe n/a, 0 trades' }],
    });
    const empty = await run(job, TUE, { request: { strategy: 'x', symbols: ['NSE:INFY'], grid: {} } });
    expect(empty.ok).toBe(false);
    if (!empty.ok) expect(empty.error).toBe('The data of job sweep is invalid at request.grid: name at least one parameter to sweep; schedule it again with valid data.');
  });
});
