/**
 * Performance figures on /metrics: order latency by stage from the OMS events (wall clock), and the timing of
 * every strategy onBar through the kernel's barTimer (absent in backtests).
 */
import { z } from 'zod';
import { observePerformance } from '../../src/engine/performanceMetrics';
import { DomainEvents } from '../../src/core/events';
import type { Fill } from '../../src/core/fill';
import { clientOrderId, strategyInstanceId } from '../../src/core/ids';
import { defineStrategy } from '../../src/core/strategy';
import type { Kernel } from '../../src/engine/kernel';
import { AppMetrics } from '../../src/http/metrics';
import { omsIntent } from '../support/brokers/omsFixtures';
import { randomWalk } from './support/randomWalk';
import { simKernel } from './support/simKernel';

const counting = defineStrategy({
  name: 'idle',
  summary: 'does nothing',
  params: z.object({}),
  universe: 'multi',
  interval: '1m',
  warmup: () => 1,
  init: () => ({}),
  onBar: () => undefined,
});

describe('performance metrics', () => {
  test('order latency: submit at the acknowledgement, fill at the first fill; rejected orders are forgotten', () => {
    const events = new DomainEvents();
    let now = 1_000;
    const seen: [string, number][] = [];
    const bars: [string, number][] = [];
    const kernel = { barTimer: undefined as Kernel['barTimer'] };
    const off = observePerformance({ events, kernel, metrics: { orderLatencyMs: (s, ms) => void seen.push([s, ms]), strategyBarMs: (i, ms) => void bars.push([i, ms]) }, clock: { now: () => now } });
    const a = omsIntent();
    const b = omsIntent();
    events.emit({ type: 'order-submitted', intent: a });
    events.emit({ type: 'order-submitted', intent: b });
    now = 1_120;
    events.emit({ type: 'order-accepted', clientOrderId: a.clientOrderId, time: now });
    events.emit({ type: 'order-accepted', clientOrderId: a.clientOrderId, time: now });
    events.emit({ type: 'order-rejected', clientOrderId: b.clientOrderId, message: 'no margin', time: now });
    now = 1_500;
    const fill: Fill = { clientOrderId: a.clientOrderId, symbol: a.symbol, side: a.side, quantity: 1, price: 100, time: 9, source: a.source };
    events.emit({ type: 'order-filled', fill });
    events.emit({ type: 'order-filled', fill });
    events.emit({ type: 'order-filled', fill: { ...fill, clientOrderId: b.clientOrderId } });
    events.emit({ type: 'order-accepted', clientOrderId: clientOrderId('never-sent'), time: now });
    expect(seen).toEqual([
      ['submit', 120],
      ['fill', 500],
    ]);
    expect(kernel.barTimer).toBeDefined();
    off();
    expect(kernel.barTimer).toBeUndefined();
  });

  test('strategy timings: one observation per onBar of a running instance, exported as a histogram', async () => {
    const metrics = new AppMetrics({ defaultMetrics: false });
    try {
      const k = simKernel('1m').kernel;
      const s = randomWalk('A', 50, 1);
      k.preload(s);
      const id = strategyInstanceId('timed');
      expect(k.addInstance({ id, strategy: counting, params: {}, symbols: ['A'], capital: 100_000 }).ok).toBe(true);
      const off = observePerformance({ events: new DomainEvents(), kernel: k, metrics, clock: { now: () => 0 } });
      k.run();
      off();
      const text = await metrics.text();
      expect(text).toMatch(/^autoppm_strategy_onbar_seconds_count\{instance="timed"\} 50$/m);
    } finally {
      metrics.close();
    }
  });
});

describe('performance metrics: unanswered orders', () => {
  test('orders never answered are forgotten after a day, so a late fill is not measured from a stale send', () => {
    const events = new DomainEvents();
    let now = 0;
    const seen: [string, number][] = [];
    observePerformance({ events, kernel: { barTimer: undefined }, metrics: { orderLatencyMs: (s, ms) => void seen.push([s, ms]), strategyBarMs: () => undefined }, clock: { now: () => now } });
    const lost = omsIntent();
    events.emit({ type: 'order-submitted', intent: lost });
    now = 2 * 86_400_000;
    for (let k = 0; k < 1_000; k++) events.emit({ type: 'order-submitted', intent: omsIntent() });
    events.emit({ type: 'order-accepted', clientOrderId: lost.clientOrderId, time: now });
    expect(seen).toEqual([]);
  });
});
