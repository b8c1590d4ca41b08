/** The order pipeline as manual trading (/buy, /sell, /exit, /cancel, /modify) sees it. */
import type { Order } from '../../core/order';
import type { Result } from '../../core/result';
import type { OrderDraft, Refusal as OrderRefusal, SubmitOptions } from '../../oms/orderPipeline';
import type { PendingLine } from '../../oms/pipelinePorts';
import type { OrderCause } from '../../core/ports/orderRepository';

/** What manual trading needs of the order pipeline. */
export interface ManualPipeline {
  prepare(symbols: Iterable<string>): Promise<void>;
  submit(draft: OrderDraft, opts: SubmitOptions): Result<Order, OrderRefusal>;
  pendingLine(order: Order, opts: SubmitOptions): PendingLine;
  openBatch(lines: readonly PendingLine[]): string | undefined;
  get(id: Order['intent']['clientOrderId']): Order | undefined;
  openOrders(): Order[];
  cancel(id: Order['intent']['clientOrderId'], cause: OrderCause, message?: string): Result<Order, OrderRefusal>;
  modify(id: Order['intent']['clientOrderId'], change: { readonly quantity?: number; readonly price?: number }, cause: OrderCause, done: (r: Result<Order, OrderRefusal>) => void): void;
}
