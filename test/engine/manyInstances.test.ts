/**
 * 100 instances on one kernel across 50 symbols: each behaves exactly as if it ran alone, and one
 * that throws is stopped and reported without touching the others.
 */
import { z } from 'zod';
import { simKernel } from './support/simKernel';
import { strategyInstanceId, type StrategyInstanceId } from '../../src/core/ids';
import { defineStrategy, type Params, type Strategy } from '../../src/core/strategy';
import momentum from '../../strategies/momentum';
import smaCross from '../../strategies/sma-cross';
import { randomWalk } from './support/randomWalk';
import { record } from './support/recorder';

const SYMBOLS = Array.from({ length: 50 }, (_, k) => `SYM${String(k).padStart(2, '0')}`);
const N_BARS = 1500;
const bars = new Map(SYMBOLS.map((s, k) => [s, randomWalk(s, N_BARS, 1000 + k, '1m', 50 + k * 10)]));

interface Spec {
  id: StrategyInstanceId;
  strategy: Strategy;
  params: Params;
  symbols: string[];
}

const exploding = defineStrategy({
  name: 'exploding',
  summary: 'throws on its 100th bar',
  params: z.object({}),
  universe: 'single',
  interval: '1m',
  warmup: () => 1,
  init: () => ({ n: 0 }),
  onBar(ctx, s) {
    if (++s.n === 100) throw new Error('boom');
    return s.n === 50 ? [ctx.signal('long', 'bar 50')] : undefined;
  },
});

function specs(): Spec[] {
  const out: Spec[] = [];
  for (let k = 0; k < 90; k++) {
    const fast = 3 + (k % 7);
    out.push({ id: strategyInstanceId(`sma-${k}`), strategy: smaCross, params: { fast, slow: fast * 3 + (k % 5) }, symbols: [SYMBOLS[k % 50]!] });
  }
  for (let k = 0; k < 9; k++) {
    const universe = [0, 1, 2, 3, 4].map((d) => SYMBOLS[(k * 5 + d) % 50]!);
    out.push({ id: strategyInstanceId(`mom-${k}`), strategy: momentum, params: { mode: 'time-series', rocPeriod: 10 + k, trendPeriod: 40 }, symbols: universe });
  }
  out.push({ id: strategyInstanceId('exploding'), strategy: exploding, params: {}, symbols: [SYMBOLS[7]!] });
  return out;
}

function run(list: Spec[]) {
  const k = simKernel('1m', { slippageBps: 2, cashBufferBps: 2 }).kernel;
  const rec = record(k.events);
  const used = new Set(list.flatMap((s) => s.symbols));
  for (const s of SYMBOLS) if (used.has(s)) k.preload(bars.get(s)!);
  for (const s of list) {
    const r = k.addInstance({ ...s, capital: 100_000 });
    if (!r.ok) throw new Error(r.error);
  }
  k.run();
  return { k, rec };
}

describe('100 instances', () => {
  const all = specs();
  const crowd = run(all);

  it('all 100 ran; the one that threw is errored and reported', () => {
    expect(all).toHaveLength(100);
    const rts = crowd.k.allInstances();
    expect(rts).toHaveLength(100);
    expect(rts.filter((r) => r.status === 'running')).toHaveLength(99);
    const bad = crowd.k.instance(strategyInstanceId('exploding'))!;
    expect(bad.status).toBe('errored');
    expect(bad.message).toBe('boom');
    expect(crowd.rec.statuses).toEqual(['exploding:errored:boom']);
    expect(crowd.rec.alerts.some((a) => a.includes('exploding') && a.includes('boom'))).toBe(true);
    // Its position from bar 50 stays on its books; it stopped deciding.
    expect(bad.ledger.fills).toBe(1);
    expect(rts.filter((r) => r.ledger.fills > 0).length).toBeGreaterThan(90);
  });

  it.each([0, 13, 57, 89, 90, 95, 98])('instance #%i in the crowd equals the same instance alone', (n) => {
    const spec = all[n]!;
    const alone = run([spec]);
    const a = alone.k.instance(spec.id)!.ledger;
    const c = crowd.k.instance(spec.id)!.ledger;
    expect(c.fills).toBe(a.fills);
    expect(c.cash).toBe(a.cash);
    expect(c.equity()).toBe(a.equity());
    expect(Array.from(c.position)).toEqual(Array.from(a.position));
    const mine = (lines: string[]) => lines.filter((l) => l.includes(`"${spec.id}"`));
    expect(mine(crowd.rec.signals)).toEqual(alone.rec.signals);
  });

  it('within a step, instances decide in the order they were added (deterministic)', () => {
    const index = new Map(all.map((sp, n) => [sp.id as string, n]));
    let lastTime = -1;
    let lastIndex = -1;
    let steps = 0;
    for (const line of crowd.rec.signals) {
      const sig = JSON.parse(line) as { instanceId: string; time: number };
      const n = index.get(sig.instanceId)!;
      if (sig.time === lastTime) {
        expect(n).toBeGreaterThanOrEqual(lastIndex);
        steps++;
      }
      lastTime = sig.time;
      lastIndex = n;
    }
    expect(steps).toBeGreaterThan(50);
  });

  it('cash never goes negative for any instance', () => {
    for (const rt of crowd.k.allInstances()) expect(rt.ledger.cash).toBeGreaterThanOrEqual(0);
  });
});
