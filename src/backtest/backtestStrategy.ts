/**
 * Wraps a strategy for a backtest without changing what it decides: at each of the instance's
 * steps the wrapper first lets the exit desk close positions whose attached stop / take-profit or
 * MIS square-off fired on the bar just closed, then calls the strategy (after its own warm-up, the
 * same rule as the kernel's), passes its signals through the desk, and records the instance's
 * equity at the close. The kernel sees a warm-up of one bar so equity is recorded from the first bar.
 */
import type { Fill } from '../core/fill';
import type { Signal } from '../core/signal';
import type { BarContext, InitContext, JsonObject, Params, Strategy, StrategyHooks } from '../core/strategy';
import type { EquityRecorder } from './equityRecorder';
import type { ExitDesk } from './exitDesk';

export function wrapForBacktest(inner: Strategy, instance: number, recorder: EquityRecorder, desk: ExitDesk): Strategy {
  return {
    name: inner.name,
    summary: inner.summary,
    params: inner.params,
    universe: inner.universe,
    interval: inner.interval,
    warmup: () => 1,
    initialState: () => inner.initialState(),
    restoreState: (raw) => inner.restoreState(raw),
    instantiate(): StrategyHooks {
      const hooks = inner.instantiate();
      let warmup = 1;
      const wrapped: StrategyHooks = {
        setup: undefined,
        wantsFills: hooks.wantsFills,
        init(ctx: InitContext<Params>) {
          warmup = Math.max(1, Math.floor(inner.warmup(ctx.params)));
          hooks.init(ctx);
        },
        onBar(ctx: BarContext<Params, JsonObject>): readonly Signal[] | void {
          if (desk.active) desk.check(ctx);
          let out: readonly Signal[] | void = undefined;
          if (ctx.bars.i + 1 >= warmup) {
            out = hooks.onBar(ctx, hooks.setup);
            if (out !== undefined && out.length > 0) out = desk.filter(out, ctx.time);
          }
          recorder.record(instance, ctx.time, ctx.equity);
          return out;
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
