/**
 * zod schemas of a stored backtest (see backtestModels.ts): the document, its list summary, and the request and
 * metrics kept in it as JSON text, each producing the backtest's own types. A document that does not parse
 * counts as absent (the backtest runs again and replaces it).
 */
import { z } from 'zod';
import type { Metrics } from '../../analytics/metrics';
import type { BacktestSpec, SizingSpec, Trade } from '../../backtest/types';
import { INTERVALS } from '../../core/interval';
import { riskLimitsSchema } from '../../risk/riskLimits';
import { productSchema } from '../orders/orderSchemas';

/** Any number, NaN and ±Infinity included (zod's z.number() refuses them; metrics can be non-finite). */
const num = z.custom<number>((x) => typeof x === 'number', { message: 'expected a number' });
const charges = z.object({ brokerage: num, stt: num, exchange: num, sebi: num, stampDuty: num, gst: num, dp: num, total: num });

export const metricsSchema = z
  .object({
    startTime: num,
    endTime: num,
    years: num,
    tradingDays: num,
    initialEquity: num,
    finalEquity: num,
    totalReturn: num,
    cagr: num,
    annualVolatility: num,
    sharpe: num,
    sortino: num,
    maxDrawdown: num,
    drawdown: z.object({ depth: num, peakTime: num, troughTime: num, recoveryTime: num.nullable(), durationMs: num, recoveryMs: num.nullable() }),
    calmar: num,
    trades: num,
    openPositions: num,
    openPnl: num,
    winRate: num,
    profitFactor: num,
    expectancy: num,
    avgWin: num,
    avgLoss: num,
    exposure: num,
    turnover: num,
    annualTurnover: num,
    costs: charges,
    riskFreeRate: num,
    benchmark: z.object({ days: num, beta: num, alpha: num, correlation: num, totalReturn: num }).nullable(),
  })
  .transform((m): Metrics => m);

const sizingSchema = z
  .discriminatedUnion('kind', [
    z.object({ kind: z.literal('all') }),
    z.object({ kind: z.literal('fixed'), quantity: num }),
    z.object({ kind: z.literal('pct'), percent: num }),
    z.object({ kind: z.literal('kelly') }),
    z.object({ kind: z.literal('risk'), percent: num }),
  ])
  .transform((s): SizingSpec => s);

export const requestSchema = z
  .object({
    strategy: z.string().min(1),
    params: z.record(z.string(), z.unknown()),
    symbols: z.array(z.string()),
    interval: z.enum(INTERVALS),
    from: z.string().optional(),
    to: z.string().optional(),
    cash: num,
    costs: z.string(),
    sizing: sizingSchema,
    product: productSchema,
    allowShort: z.boolean(),
    fills: z.object({ slippageBps: num, tickSize: num, participation: num, bothTouched: z.enum(['stop-first', 'take-profit-first']) }),
    riskFreeRate: num,
    riskLimits: riskLimitsSchema.optional(),
  })
  .transform(
    ({ from, to, riskLimits, ...rest }): BacktestSpec => ({
      ...rest,
      ...(from !== undefined ? { from } : {}),
      ...(to !== undefined ? { to } : {}),
      ...(riskLimits !== undefined ? { riskLimits } : {}),
    }),
  );

const tradeSchema = z
  .object({
    symbol: z.string(),
    side: z.enum(['long', 'short']),
    quantity: num,
    entryTime: num,
    entryPrice: num,
    exitTime: num,
    exitPrice: num,
    pnl: num,
    costs: num,
    charges,
    entryReason: z.string(),
    exitReason: z.enum(['signal', 'stop-loss', 'take-profit', 'mis-square-off', 'open-at-end', 'manual', 'rebalance']),
    open: z.boolean(),
  })
  .transform((t): Trade => t);

export const backtestDocSchema = z.object({
  key: z.string(),
  createdAt: z.date(),
  engineVersion: z.string(),
  synthetic: z.boolean(),
  dataFingerprint: z.string(),
  bars: num,
  fills: num,
  benchmark: z.string().nullable(),
  warnings: z.array(z.string()),
  refusals: z.record(z.string(), z.number().int().min(0)).optional(),
  requestJson: z.string(),
  metricsJson: z.string(),
  trades: z.array(tradeSchema),
  series: z.object({ time: z.array(num), equity: z.array(num), drawdown: z.array(num) }),
});

const finiteOrMissing = z.number().nullable();
export const backtestSummarySchema = z.object({
  key: z.string(),
  createdAt: z.date(),
  strategy: z.string(),
  symbols: z.array(z.string()),
  interval: z.string(),
  startTime: z.number(),
  endTime: z.number(),
  finalEquity: finiteOrMissing,
  totalReturn: finiteOrMissing,
  sharpe: finiteOrMissing,
  maxDrawdown: finiteOrMissing,
  tradeCount: z.number(),
  synthetic: z.boolean(),
});
