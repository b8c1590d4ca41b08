/**
 * Fills of orders a strategy instance placed before a restart. The kernel's router only knows the orders it
 * routed in this process, so after a restart the fill of an order approved (or filled) later would never reach
 * the restored instance. The OMS stamps every fill with the persisted order's `intent.source`; for a strategy
 * source this books the execution on that instance's ledger (cash, position, average price, charges, round
 * trips) and hands it to the strategy's `onFill` like the kernel does.
 */
import type { Fill } from '../core/fill';
import type { StrategyInstanceId } from '../core/ids';
import { sideSign } from '../core/order';
import { err, ok, type Result } from '../core/result';
import type { Kernel } from '../engine/kernel';

export function bookRestoredFill(kernel: Pick<Kernel, 'instance' | 'setStatus'>, id: StrategyInstanceId, fill: Fill): Result<void, string> {
  const rt = kernel.instance(id);
  if (!rt) return err(`Fill of ${fill.quantity} ${fill.symbol} on order ${fill.clientOrderId} belongs to instance ${id}, which is not running in this process; check its position.`);
  const j = rt.localIndex(fill.symbol);
  if (j < 0) return err(`Fill of ${fill.quantity} ${fill.symbol} on order ${fill.clientOrderId} is for a symbol instance ${id} does not trade; check its position.`);
  rt.ledger.apply(j, sideSign(fill.side) * fill.quantity, fill.price, fill.charges ?? 0);
  if (rt.hooks.wantsFills && (rt.status === 'running' || rt.status === 'paused')) {
    try {
      rt.hooks.onFill(rt.ctx, fill);
    } catch (e) {
      kernel.setStatus(id, 'errored', `onFill failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  return ok(undefined);
}
