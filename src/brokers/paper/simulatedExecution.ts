/**
 * The pipeline's execution in a backtest: the simulated broker called directly, synchronously, so the bar loop
 * stays deterministic — an order placed at a bar's open is in the broker's book before the broker sees the bar.
 * A refusal comes back as the broker's rejection; a resting (limit, stop) order is acknowledged at once; a market
 * order's fill is its acknowledgement.
 */
import type { BrokerError, ExitAck, ExitRequest } from '../../core/broker';
import type { Order } from '../../core/order';
import type { Result } from '../../core/result';
import type { ExecutionTarget } from '../../oms/brokerExecution';
import type { Execution } from '../../oms/pipelinePorts';
import type { SimulatedBroker } from './simulatedBroker';

export class SimulatedExecution implements Execution {
  private target: ExecutionTarget | undefined;

  constructor(private readonly broker: SimulatedBroker) {}

  /** Sends the broker's updates (fills, exit legs, cancels) and this execution's answers to `target` (the pipeline). */
  connect(target: ExecutionTarget): void {
    this.target = target;
    this.broker.onOrderUpdate((u) => target.handleOrderUpdate(u));
  }

  place(order: Order): void {
    const intent = order.intent;
    const r = this.broker.accept(intent);
    if ('kind' in r) this.target?.handleOrderUpdate({ kind: 'rejected', clientOrderId: intent.clientOrderId, message: r.message, time: order.updatedAt });
    else if (intent.orderType !== 'MARKET') this.target?.handleOrderUpdate({ kind: 'accepted', clientOrderId: intent.clientOrderId, brokerOrderId: r.brokerOrderId, time: order.updatedAt });
  }

  cancel(order: Order): void {
    this.broker.cancelNow(order.intent.clientOrderId);
  }

  attachExit(exit: ExitRequest, done: (r: Result<ExitAck, BrokerError>) => void): void {
    done(this.broker.attachExitNow(exit));
  }

  cancelExit(exitId: string, done?: () => void): void {
    this.broker.cancelExitNow(exitId);
    done?.();
  }
}
