/** Strategy callbacks: onFill sees its fills, onStop runs once, a failing onFill stops the instance. */
import { z } from 'zod';
import { simKernel } from './support/simKernel';
import { SimulatedClock } from '../../src/core/clock';
import type { Fill } from '../../src/core/fill';
import { strategyInstanceId } from '../../src/core/ids';
import { defineStrategy } from '../../src/core/strategy';
import { randomWalk } from './support/randomWalk';

function make(failOnFill: boolean) {
  const fills: Fill[] = [];
  let stops = 0;
  const strategy = defineStrategy({
    name: 'hooks',
    summary: 'buys once, counts',
    params: z.object({}),
    universe: 'single',
    interval: '1m',
    state: z.object({ fills: z.number().default(0) }),
    warmup: () => 1,
    init: () => ({ bought: false }),
    onBar(ctx, s) {
      if (s.bought) return undefined;
      s.bought = true;
      return [ctx.signal('long', 'once', { weight: 0.5 })];
    },
    onFill(ctx, fill) {
      if (failOnFill) throw new Error('onFill broke');
      ctx.state.fills += 1;
      fills.push(fill);
    },
    onStop() {
      stops++;
    },
  });
  return { strategy, fills, stops: () => stops };
}

describe('strategy callbacks', () => {
  it('onFill gets the fill and can update state; onStop runs once on stop', () => {
    const h = make(false);
    const k = simKernel('1m').kernel;
    k.preload(randomWalk('H', 50, 1));
    const id = strategyInstanceId('h');
    k.addInstance({ id, strategy: h.strategy, params: {}, symbols: ['H'], capital: 10_000 });
    k.run();
    expect(h.fills).toHaveLength(1);
    expect(h.fills[0]).toMatchObject({ symbol: 'H', side: 'BUY', source: { kind: 'strategy', instanceId: 'h' } });
    expect(k.instance(id)!.ctx.state).toEqual({ fills: 1 });
    expect(k.setStatus(id, 'stopped').ok).toBe(true);
    expect(h.stops()).toBe(1);
    expect(k.setStatus(id, 'stopped').ok).toBe(false);
    expect(h.stops()).toBe(1);
  });

  it('an onFill that throws stops the instance (the fill is still booked)', () => {
    const h = make(true);
    const k = simKernel('1m').kernel;
    k.preload(randomWalk('H', 50, 1));
    const id = strategyInstanceId('h');
    k.addInstance({ id, strategy: h.strategy, params: {}, symbols: ['H'], capital: 10_000 });
    k.run();
    const rt = k.instance(id)!;
    expect(rt.status).toBe('errored');
    expect(rt.message).toBe('onFill broke');
    expect(rt.ledger.position[0]).toBeGreaterThan(0);
  });

  it('the simulated clock only moves forward', () => {
    const c = new SimulatedClock(100);
    c.advance(50);
    expect(c.now()).toBe(150);
    expect(() => c.set(149)).toThrow(RangeError);
  });
});
