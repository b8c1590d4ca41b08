/**
 * The REST API over the services facade (Freqtrade-style: the same transport-agnostic methods chat uses):
 * status, strategies, instances (start/stop), backtests (queued as jobs), portfolio, risk, orders, approvals,
 * and the job queue. Every route validates its input with zod; refusals come back as `{ error }` sentences.
 */
import { z } from 'zod';
import { userId } from '../core/ids';
import { ok } from '../core/result';
import { placedOrRefused, type ApprovalOutcome } from '../services/api/approvals';
import type { BacktestSummary } from '../services/api/backtest';
import type { JobQueueService } from '../services/api/jobs';
import { backtestRequestSchema, requesterAddress } from '../services/api/researchRequest';
import type { Services } from '../services/services';
import { symbolListSchema } from '../services/symbols';
import { defineRoute, fromResult, unavailable, type ApiRoute } from './apiRoute';

/** What the API needs of the job scheduler (JobScheduler fits): the services' job queue port. */
export type JobQueuePort = JobQueueService;

const id = z.object({ id: z.string().min(1).max(100) });
const paramsValue = z.record(z.string(), z.union([z.string(), z.array(z.string())]));
const startInstanceBody = z.object({
  strategy: z.string().min(1),
  symbols: symbolListSchema,
  params: paramsValue.default({}),
  capital: z.union([z.object({ share: z.number().gt(0).lte(1) }), z.object({ rupees: z.number().positive() })]).optional(),
  /** `pct:10`, `kelly`, `risk:1`, `fixed:100` or `all`; absent: the signal's weight of the instance's capital. */
  sizing: z.string().min(1).max(40).optional(),
});
/** A backtest to queue: the request, and optionally who is told the result (`telegram:<id>`; else everyone). */
const backtestBody = z.object({ request: backtestRequestSchema, to: requesterAddress });
const ordersQuery = z.object({ filter: z.enum(['open', 'today']).default('open') });
const jobsQuery = z.object({ limit: z.coerce.number().int().min(1).max(200).default(20), name: z.string().optional() });

/** A backtest summary as JSON: the chart as base64 PNG (NaN figures become null in JSON). */
export const backtestView = (s: BacktestSummary): Record<string, unknown> => ({ ...s, chartPng: Buffer.from(s.chartPng).toString('base64') });

/** A decision as JSON: who decided what (the approval's cards are the chat transports' business). */
const decisionView = (d: ApprovalOutcome): Record<string, unknown> => ({ id: d.id, status: d.status, by: d.by, ...(d.message !== undefined ? { message: d.message } : {}) });

export function apiRoutes(services: Services, jobs?: JobQueuePort): ApiRoute[] {
  const s = services;
  return [
    defineRoute({
      method: 'GET', path: '/api/v1/status', tag: 'status', summary: 'Mode, trading state, broker session, market, instances and order counts',
      handle: async () => (s.status ? { status: 200, body: await s.status.status() } : unavailable('status')),
    }),
    defineRoute({
      method: 'GET', path: '/api/v1/strategies', tag: 'strategies', summary: 'Strategies that can be started or backtested',
      handle: async () => (s.strategies ? { status: 200, body: s.strategies.list() } : unavailable('strategies')),
    }),
    defineRoute({
      method: 'GET', path: '/api/v1/strategies/:name', tag: 'strategies', summary: 'One strategy with its parameters',
      params: z.object({ name: z.string().min(1) }),
      handle: async ({ params }) => (s.strategies ? fromResult(s.strategies.describe(params.name), 200, 404) : unavailable('strategies')),
    }),
    defineRoute({
      method: 'GET', path: '/api/v1/instances', tag: 'instances', summary: 'Strategy instances and their state',
      handle: async () => (s.instances ? { status: 200, body: s.instances.list() } : unavailable('instances')),
    }),
    defineRoute({
      method: 'POST', path: '/api/v1/instances', tag: 'instances', summary: 'Start a strategy instance', body: startInstanceBody, okStatus: 201,
      handle: async ({ body }) => (s.instances ? fromResult(await s.instances.start(body), 201) : unavailable('instances')),
    }),
    defineRoute({
      method: 'POST', path: '/api/v1/instances/:id/stop', tag: 'instances', summary: 'Stop a strategy instance', params: id,
      handle: async ({ params }) => (s.instances ? fromResult(await s.instances.stop(params.id)) : unavailable('instances')),
    }),
    defineRoute({
      method: 'POST', path: '/api/v1/backtests', tag: 'backtests', summary: 'Queue a backtest (any worker runs it; the result is notified)', body: backtestBody, okStatus: 202,
      handle: async ({ body }) => {
        // Queued through the same research service as /backtest in chat (checked first, then a job any worker takes).
        if (s.research) return fromResult(await s.research.enqueueBacktest(body.request, body.to !== undefined ? userId(body.to) : undefined), 202, 422);
        if (!s.backtest) return unavailable('backtest');
        return fromResult(await s.backtest.run(body.request, () => undefined), 200, 422, backtestView);
      },
    }),
    defineRoute({
      method: 'GET', path: '/api/v1/portfolio', tag: 'portfolio', summary: 'Cash, margin, exposure, positions and holdings',
      handle: async () => {
        if (!s.portfolio) return unavailable('portfolio');
        const [summary, positions, holdings] = await Promise.all([s.portfolio.summary(), s.portfolio.positions(), s.portfolio.holdings()]);
        const all = summary.ok ? (positions.ok ? (holdings.ok ? ok({ summary: summary.value, positions: positions.value, holdings: holdings.value }) : holdings) : positions) : summary;
        return fromResult(all);
      },
    }),
    defineRoute({
      method: 'GET', path: '/api/v1/risk', tag: 'risk', summary: 'Exposure, beta, VaR and limit use',
      handle: async () => (s.risk ? fromResult(await s.risk.report()) : unavailable('risk')),
    }),
    defineRoute({
      method: 'GET', path: '/api/v1/orders', tag: 'orders', summary: 'Open orders, or every order that changed today', query: ordersQuery,
      handle: async ({ query }) => (s.orders ? { status: 200, body: await s.orders.list(query.filter) } : unavailable('orders')),
    }),
    defineRoute({
      method: 'GET', path: '/api/v1/orders/:id', tag: 'orders', summary: 'One order', params: id,
      handle: async ({ params }) => (s.orders ? fromResult(await s.orders.get(params.id), 200, 404) : unavailable('orders')),
    }),
    defineRoute({
      method: 'GET', path: '/api/v1/approvals', tag: 'approvals', summary: 'Orders waiting for approval',
      handle: async () => (s.approvals ? { status: 200, body: await s.approvals.pending() } : unavailable('approvals')),
    }),
    defineRoute({
      method: 'POST', path: '/api/v1/approvals/:id/approve', tag: 'approvals', summary: 'Approve a waiting order (risk-checked again)', params: id,
      handle: async ({ params, user }) => (s.approvals ? fromResult(placedOrRefused(await s.approvals.decide({ id: params.id, choice: { kind: 'approve' } }, user)), 200, 422, decisionView) : unavailable('approvals')),
    }),
    defineRoute({
      method: 'POST', path: '/api/v1/approvals/:id/reject', tag: 'approvals', summary: 'Reject a waiting order', params: id,
      handle: async ({ params, user }) => (s.approvals ? fromResult(await s.approvals.decide({ id: params.id, choice: { kind: 'reject' } }, user), 200, 422, decisionView) : unavailable('approvals')),
    }),
    defineRoute({
      method: 'GET', path: '/api/v1/jobs', tag: 'jobs', summary: 'Recent job runs, newest first', query: jobsQuery,
      handle: async ({ query }) => (jobs ? { status: 200, body: await jobs.history(query.limit, query.name) } : unavailable('jobs')),
    }),
    defineRoute({
      method: 'POST', path: '/api/v1/jobs/:name/run', tag: 'jobs', summary: 'Run a job now and wait for its outcome', params: z.object({ name: z.string().min(1) }),
      body: z.object({ data: z.record(z.string(), z.unknown()).default({}) }).default({ data: {} }),
      handle: async ({ params, body }) => (jobs ? fromResult(await jobs.runNow(params.name, body.data)) : unavailable('jobs')),
    }),
  ];
}
