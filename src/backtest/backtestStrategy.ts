/**
 * Wraps a strategy for a backtest without changing what it decides: at each of the instance's
 * steps (after its warm-up, the kernel's rule) the wrapper first lets the exit desk close positions
 * whose attached stop / take-profit or MIS square-off fired on the bar just closed, then calls the
 * strategy and passes its signals through the desk. (Equity is recorded by the kernel's step
 * observer, see equityRecorder.ts; a position exists only after a signal, so the desk has nothing
 * to do during the warm-up.)
 */
import type { Fill } from '../core/fill';
import type { Signal } from '../core/signal';
import type { BarContext, InitContext, JsonObject, Params, Strategy, StrategyHooks } from '../core/strategy';
import type { ExitDesk } from './exitDesk';

export function wrapForBacktest(inner: Strategy, desk: ExitDesk): Strategy {
  return {
    name: inner.name,
    summary: inner.summary,
    params: inner.params,
    universe: inner.universe,
    interval: inner.interval,
    warmup: (p) => inner.warmup(p),
    initialState: () => inner.initialState(),
    restoreState: (raw) => inner.restoreState(raw),
    instantiate(): StrategyHooks {
      const hooks = inner.instantiate();
      const wrapped: StrategyHooks = {
        setup: undefined,
        wantsFills: hooks.wantsFills,
        init(ctx: InitContext<Params>) {
          hooks.init(ctx);
        },
        onBar(ctx: BarContext<Params, JsonObject>): readonly Signal[] | void {
          if (desk.active) desk.check(ctx);
          const out = hooks.onBar(ctx, hooks.setup);
          return out !== undefined && out.length > 0 ? desk.filter(out, ctx.time) : out;
        },
        onFill(ctx: BarContext<Params, JsonObject>, fill: Fill) {
          hooks.onFill(ctx, fill);
        },
        onStop(ctx: BarContext<Params, JsonObject>) {
          hooks.onStop(ctx);
        },
      };
      return wrapped;
    },
  };
}
