import type { Brand } from './brand';

export type InstrumentToken = Brand<number, 'InstrumentToken'>;
export type OrderId = Brand<string, 'OrderId'>;
export type ClientOrderId = Brand<string, 'ClientOrderId'>;
export type StrategyInstanceId = Brand<string, 'StrategyInstanceId'>;
export type ApprovalId = Brand<string, 'ApprovalId'>;
export type UserId = Brand<string, 'UserId'>;

export const instrumentToken = (n: number): InstrumentToken => n as InstrumentToken;
export const orderId = (s: string): OrderId => s as OrderId;
export const clientOrderId = (s: string): ClientOrderId => s as ClientOrderId;
export const strategyInstanceId = (s: string): StrategyInstanceId => s as StrategyInstanceId;
export const approvalId = (s: string): ApprovalId => s as ApprovalId;
export const userId = (s: string): UserId => s as UserId;
