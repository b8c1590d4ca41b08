/**
 * A kernel on the backtest's trading stack (order pipeline, risk engine with the broker rules only, the simulated
 * broker filling on bars, the position book) for engine tests: `simKernel('1m').kernel` where a test used to build a
 * kernel over a bare venue.
 */
import { backtestStack, type BacktestStack } from '../../../src/backtest/backtestStack';
import { buildRequest } from '../../../src/backtest/request';
import { NseCalendar } from '../../../src/calendar/nseCalendar';
import { ZeroCostModel } from '../../../src/core/costs';
import type { CostModel } from '../../../src/core/costs/types';
import type { Interval } from '../../../src/core/interval';
import { unwrap } from '../../../src/core/result';
import type { Product } from '../../../src/core/order';

let calendar: NseCalendar | undefined;

export function simKernel(interval: Interval, o: { readonly costs?: CostModel; readonly cashBufferBps?: number; readonly slippageBps?: number; readonly product?: Product } = {}): BacktestStack {
  const request = unwrap(buildRequest({ strategy: 'test', symbols: ['X'], interval, costs: 'none', tickSize: 0, ...(o.slippageBps !== undefined ? { slippageBps: o.slippageBps } : {}), ...(o.product ? { product: o.product } : {}) }));
  return backtestStack({ request, costs: o.costs ?? new ZeroCostModel(), calendar: (calendar ??= new NseCalendar()), cashBufferBps: o.cashBufferBps ?? 0, warn: () => undefined });
}
