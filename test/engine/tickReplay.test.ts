/**
 * One kernel, two feeds: sma-cross on a preloaded BarSeries (batch indicators) and on a replayed
 * tick stream (ticks → the market-data BarAggregator → streaming indicators) decides the same
 * signals and orders, byte for byte.
 */
import { BarAggregator } from '../../src/data/bars/barAggregator';
import { BarSeries } from '../../src/core/barSeries';
import { instrumentToken, strategyInstanceId } from '../../src/core/ids';
import smaCross from '../../strategies/sma-cross';
import { randomWalk } from './support/randomWalk';
import { record } from './support/recorder';
import { simKernel } from './support/simKernel';

const SYMBOL = 'TEST';
const TOKEN = instrumentToken(408065);

/** Four trades per bar (open, high/low in the bar's order, close) with cumulative day volume. */
function replayTicks(bars: BarSeries, onTick: (time: number, price: number, cumVolume: number) => void): void {
  let day = -1;
  let cum = 0;
  for (let i = 0; i < bars.length; i++) {
    const t = bars.time[i]!;
    const d = Math.floor((t + 19_800_000) / 86_400_000);
    if (d !== day) {
      day = d;
      cum = 0;
    }
    const up = bars.close[i]! >= bars.open[i]!;
    const v = bars.volume[i]!;
    const q = Math.floor(v / 4);
    const parts = [q, q, q, v - 3 * q];
    const prices = [bars.open[i]!, up ? bars.low[i]! : bars.high[i]!, up ? bars.high[i]! : bars.low[i]!, bars.close[i]!];
    [0, 15_000, 30_000, 59_000].forEach((dt, k) => {
      cum += parts[k]!;
      onTick(t + dt, prices[k]!, cum);
    });
  }
}

function runPreloaded(bars: BarSeries) {
  const k = simKernel('1m').kernel;
  const rec = record(k.events);
  k.preload(bars);
  k.addInstance({ id: strategyInstanceId('s'), strategy: smaCross, params: { fast: 10, slow: 30 }, symbols: [SYMBOL], capital: 500_000 });
  k.run();
  return { rec, equity: k.instance(strategyInstanceId('s'))!.ledger.equity() };
}

function runTicks(bars: BarSeries) {
  const k = simKernel('1m').kernel;
  const rec = record(k.events);
  k.addInstance({ id: strategyInstanceId('s'), strategy: smaCross, params: { fast: 10, slow: 30 }, symbols: [SYMBOL], capital: 500_000 });
  const rebuilt = new BarSeries(SYMBOL, '1m', bars.length);
  const agg = new BarAggregator({
    interval: '1m',
    onBar: (_token, bar) => {
      rebuilt.push(bar.time, bar.open, bar.high, bar.low, bar.close, bar.volume);
      k.handleBar(SYMBOL, bar);
      k.endStep();
    },
  });
  replayTicks(bars, (time, price, cum) => agg.update(TOKEN, time, price, cum));
  agg.flushAll();
  return { rec, rebuilt, equity: k.instance(strategyInstanceId('s'))!.ledger.equity() };
}

describe('bars vs replayed ticks', () => {
  it('the same signals, orders and fills (sized at the next price in both)', () => {
    const bars = randomWalk(SYMBOL, 375 * 6, 11, '1m', 250, 0.05);
    const a = runPreloaded(bars);
    const b = runTicks(bars);
    // The aggregator rebuilt the bars exactly (OHLC; volume by cumulative differences).
    expect(b.rebuilt.length).toBe(bars.length);
    expect(Array.from(b.rebuilt.close.subarray(0, bars.length))).toEqual(Array.from(bars.close));
    expect(Array.from(b.rebuilt.open.subarray(0, bars.length))).toEqual(Array.from(bars.open));
    expect(a.rec.signals.length).toBeGreaterThan(20);
    expect(b.rec.signals.join('\n')).toBe(a.rec.signals.join('\n'));
    expect(b.rec.orders.join('\n')).toBe(a.rec.orders.join('\n'));
    expect(b.rec.fills.join('\n')).toBe(a.rec.fills.join('\n'));
    expect(b.equity).toBe(a.equity);
    expect(a.rec.alerts).toEqual([]);
  });

  it('is deterministic: two runs of the same input give byte-identical output', () => {
    const bars = randomWalk(SYMBOL, 3000, 5);
    const a = runPreloaded(bars);
    const b = runPreloaded(bars);
    expect(JSON.stringify(b.rec)).toBe(JSON.stringify(a.rec));
  });
});
