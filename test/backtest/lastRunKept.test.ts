/**
 * A backtest leaves its run's objects alive until the next run in the thread (lastRunKept.ts): the hidden classes the
 * compiled hot path depends on then survive a full garbage collection between runs. Checked here: what is kept is the
 * run's stack (its kernel, order pipeline and simulated broker among it), the next run replaces it, and the replaced
 * run is then collectable (one run at most is held). The speed it buys is in the bench
 * (`backtest.sma-cross.1m.after-full-gc`).
 */
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { buildRequest } from '../../src/backtest/request';
import { runBacktest } from '../../src/backtest/runBacktest';
import { keptRun } from '../../src/backtest/lastRunKept';
import { SimulatedBroker } from '../../src/brokers/paper/simulatedBroker';
import { generateMarket } from '../../src/data/synthetic';
import { Kernel } from '../../src/engine/kernel';
import { OrderPipeline } from '../../src/oms/orderPipeline';
import { discoverStrategies } from '../../src/strategyLoader/discoverStrategies';

const reg = discoverStrategies(join(__dirname, '..', '..', 'strategies'));

function run(seed: number): void {
  if (!reg.ok) throw new Error(reg.error);
  const market = generateMarket({ symbols: ['KEPT'], start: '2021-01-01', bars: 2000, interval: '5m', seed });
  if (!market.ok) throw new Error(market.error);
  const req = buildRequest({ strategy: 'sma-cross', symbols: ['KEPT'], interval: '5m', params: { fast: 5, slow: 20 }, costs: 'zerodha' });
  if (!req.ok) throw new Error(req.error);
  const r = runBacktest(req.value, { series: market.value.series, synthetic: true }, { strategies: reg.value });
  if (!r.ok) throw new Error(r.error);
  expect(r.value.metrics.trades).toBeGreaterThan(0);
}

/** The stack object of the kept run (the one holding the kernel). */
function keptStack(): { kernel: unknown; pipeline: unknown; broker: unknown } {
  const stack = keptRun().find((o): o is { kernel: unknown; pipeline: unknown; broker: unknown } => 'kernel' in o);
  if (stack === undefined) throw new Error(`no run kept (${keptRun().length} objects)`);
  return stack;
}

function fullGc(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

/** The kept objects are a run's stack: its kernel, order pipeline and simulated broker among them. */
function expectStack(): void {
  const stack = keptStack();
  expect(stack.kernel).toBeInstanceOf(Kernel);
  expect(stack.pipeline).toBeInstanceOf(OrderPipeline);
  expect(stack.broker).toBeInstanceOf(SimulatedBroker);
}

/** A weak reference to the kept run's kernel, with no strong one left behind in the caller. */
function weakKernel(): WeakRef<object> {
  return new WeakRef(keptStack().kernel as object);
}

test("a run's stack stays alive until the next run replaces it, and is collectable after that", async () => {
  run(1);
  expectStack();
  const first = weakKernel();
  // A WeakRef's target is kept until the end of the current job: collect on later turns.
  await new Promise((resolve) => setImmediate(resolve));
  fullGc();
  expect(first.deref()).toBe(keptStack().kernel);

  run(2);
  expect(keptStack().kernel).not.toBe(first.deref());
  await new Promise((resolve) => setImmediate(resolve));
  fullGc();
  // Only one run is held: the first is gone once the second replaced it.
  expect(first.deref()).toBeUndefined();
  expectStack();
});
