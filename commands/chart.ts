import { z } from 'zod';
import { interval, symbol, wholeNumber } from './lib/args';
import { defineCommand } from './lib/command';
import { fromResult, notAvailable } from './lib/format';

export const chartCommand = defineCommand({
  name: 'chart',
  summary: 'Candlestick chart of a symbol',
  usage: '/chart <symbol> [interval] [days]',
  example: '/chart RELIANCE 15m 5',
  role: 'viewer',
  positional: ['symbol', 'interval', 'days'],
  args: z.object({ symbol, interval: interval.default('day'), days: wholeNumber(1, 3650).optional() }),
  async run(args, services) {
    if (!services.chart) return notAvailable('chart');
    const days = args.days ?? (args.interval === 'day' ? 180 : 5);
    return fromResult(await services.chart.candles(args.symbol, args.interval, days), (c) => ({
      kind: 'image',
      png: c.png,
      caption: c.caption,
      filename: `chart-${args.symbol}-${args.interval}-${days}d.png`,
    }));
  },
});
