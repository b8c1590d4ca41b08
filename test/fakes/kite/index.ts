/** The fake Kite Connect server (REST + ticker websocket) for tests. Start with `startFakeKite()`; see README.md. */
export { FakeKite, startFakeKite, type FakeKiteOptions } from './fakeKite';
export type { FaultAction, FaultRule } from './faults';
export type { CandleGenerator, KiteInterval } from './historical';
export { MAX_RANGE_DAYS } from './historical';
export type { DepthLevel, MarketSnapshot, TickInput } from './market';
export type { KiteOrder, KiteTrade, OrderStatus, UpdateStatus } from './orderTypes';
export type { OrderUpdatePayload } from './orderUpdates';
export type { HoldingInput } from './portfolio';
export { KITE_RATE_LIMITS, type RateLimitConfig } from './rateLimiter';
export type { LoggedRequest, RequestFilter } from './requestLog';
export { equityCharges } from './charges';
export { MAX_CONNECTIONS_PER_KEY, MAX_INSTRUMENTS_PER_CONNECTION } from './ticker/tickerServer';
export { encodeFrame, type TickMode } from './ticker/packets';
