/**
 * enter-once (reliability tests only): counts its bars in its private state, goes long at its 2nd bar, flat at its
 * 4th, and never trades again — what it did lives only in its state. An instance that came back from a kill with its
 * start-time state would count from 0 and trade the whole round again (issue 16 item 5).
 */
import { z } from 'zod';
import { defineStrategy } from '../../../src/core/strategy';

export default defineStrategy({
  name: 'enter-once',
  summary: 'Long at its 2nd bar, flat at its 4th, then never again (a test strategy).',
  params: z.object({}),
  universe: 'single',
  interval: '1m',
  warmup: () => 1,
  state: z.object({ bars: z.number().int().default(0), entered: z.boolean().default(false), exited: z.boolean().default(false) }),
  init: () => ({}),
  onBar(ctx) {
    const s = ctx.state;
    s.bars += 1;
    if (!s.entered && s.bars >= 2) {
      s.entered = true;
      return [ctx.signal('long', 'bar 2: in')];
    }
    if (s.entered && !s.exited && s.bars >= 4) {
      s.exited = true;
      return [ctx.signal('flat', 'bar 4: out')];
    }
    return undefined;
  },
});
