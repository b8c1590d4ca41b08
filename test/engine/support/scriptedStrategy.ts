/** A strategy for kernel tests that does what a script says on each bar index: [direction, target weight]. */
import { z } from 'zod';
import type { Interval } from '../../../src/core/interval';
import type { SignalDirection } from '../../../src/core/signal';
import { defineStrategy } from '../../../src/core/strategy';

export function scriptedStrategy(script: Record<number, [SignalDirection, number]>, interval: Interval = '1m') {
  return defineStrategy({
    name: 'scripted',
    summary: 'follows a script',
    params: z.object({}),
    universe: 'single',
    interval,
    warmup: () => 1,
    init: () => undefined,
    onBar(ctx) {
      const step = script[ctx.bars.i];
      return step ? [ctx.signal(step[0], `script ${ctx.bars.i}`, { weight: step[1] })] : undefined;
    },
  });
}
