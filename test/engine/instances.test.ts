/**
 * Instance manager: validation on start, pause/resume/stop, performance, and restart (the
 * in-memory repository here; the MongoDB one runs the same scenario in test/store).
 */
import { strategyInstanceId } from '../../src/core/ids';
import { unwrap } from '../../src/core/result';
import { InMemoryInstanceRepository } from '../../src/core/ports/instanceRepository';
import { BARS, feed, restartMatchesUninterrupted, session, stores } from './support/restartScenario';

describe('InstanceManager', () => {
  it('restart restores running and paused instances; the result equals an uninterrupted run', async () => {
    await restartMatchesUninterrupted(() => new InMemoryInstanceRepository());
  });

  it('rejects bad requests with one clear sentence each', async () => {
    const s = await session(stores(new InMemoryInstanceRepository()));
    const bad = await s.manager.start({ strategy: 'sma-cross', params: { fast: 50, slow: 'x', nope: 1 }, symbols: ['AAA'], capitalShare: 0.5 });
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(bad.error).toContain('unknown parameter "nope"');
      expect(bad.error).toMatch(/slow: expected number.*integer, 2\.\.2000, default 30/);
    }
    const unknown = await s.manager.start({ strategy: 'nope', symbols: ['AAA'], capitalShare: 0.1 });
    expect(!unknown.ok && unknown.error).toMatch(/^Unknown strategy "nope"; known: mean-reversion, momentum, multi-factor, sma-cross\.$/);
    const two = await s.manager.start({ strategy: 'sma-cross', symbols: ['AAA', 'BBB'], capitalShare: 0.1 });
    expect(!two.ok && two.error).toBe('sma-cross trades one symbol per instance; give exactly one symbol.');
    expect((await s.manager.start({ strategy: 'sma-cross', symbols: ['AAA'], capitalShare: 0.7 })).ok).toBe(true);
    const over = await s.manager.start({ strategy: 'sma-cross', symbols: ['BBB'], capitalShare: 0.5 });
    expect(!over.ok && over.error).toBe('Only 30.0% of capital is unallocated; lower the share or stop another instance.');
  });

  it('pause stops decisions, resume continues, stop is final; performance is tracked', async () => {
    const s = await session(stores(new InMemoryInstanceRepository()));
    const started = await s.manager.start({ id: 'x', strategy: 'sma-cross', params: { fast: 5, slow: 20 }, symbols: ['AAA'], capitalShare: 0.5 });
    expect(started.ok).toBe(true);
    const id = strategyInstanceId('x');
    feed(s, 0, 300);
    const seen = s.rec.signals.length;
    expect(seen).toBeGreaterThan(0);
    expect((await s.manager.pause(id)).ok).toBe(true);
    feed(s, 300, 600);
    expect(s.rec.signals.length).toBe(seen);
    expect((await s.manager.resume(id)).ok).toBe(true);
    feed(s, 600, 900);
    expect(s.rec.signals.length).toBeGreaterThan(seen);
    const perf = s.manager.performance(id)!;
    expect(perf.capital).toBe(1_000_000);
    expect(perf.fills).toBeGreaterThan(0);
    expect(perf.lastSignal?.symbol).toBe('AAA');
    // equity = cash + position × last close; unrealised against the average price.
    const rt = s.kernel.instance(id)!;
    const last = BARS[0]!.close[899]!;
    expect(perf.equity).toBeCloseTo(rt.ledger.cash + rt.ledger.position[0]! * last, 6);
    expect(perf.unrealised).toBeCloseTo(rt.ledger.position[0]! * (last - rt.ledger.averagePrice[0]!), 6);
    expect(perf.equity).toBeCloseTo(perf.capital + perf.realised + perf.unrealised, 4);
    expect((await s.manager.stop(id)).ok).toBe(true);
    const again = await s.manager.resume(id);
    expect(!again.ok && again.error).toBe('Instance x is stopped; start a new one instead.');
  });

  it('an instance’s sizing rule sizes its orders and survives a restart (fixed:7 → every entry is 7 shares)', async () => {
    const st = stores(new InMemoryInstanceRepository());
    const s = await session(st);
    const bad = await s.manager.start({ strategy: 'sma-cross', symbols: ['AAA'], capitalShare: 0.2, sizing: 'pct:0' });
    expect(!bad.ok && bad.error).toMatch(/^Unknown sizing "pct:0"/);
    unwrap(await s.manager.start({ id: 'fixed', strategy: 'sma-cross', params: { fast: 5, slow: 20 }, symbols: ['AAA'], capitalShare: 0.2, sizing: 'fixed:7' }));
    unwrap(await s.manager.start({ id: 'all', strategy: 'sma-cross', params: { fast: 5, slow: 20 }, symbols: ['AAA'], capitalShare: 0.2 }));
    feed(s, 0, 300);
    const entries = (id: string, rec: typeof s.rec) => rec.orders.map((o) => JSON.parse(o) as { instanceId: string; side: string; quantity: number }).filter((o) => o.instanceId === id && o.side === 'BUY');
    expect(entries('fixed', s.rec).length).toBeGreaterThan(0);
    expect(entries('fixed', s.rec).every((o) => o.quantity === 7)).toBe(true);
    // the other instance, same signals, all of its capital: far more than 7 shares of a ₹100 stock
    expect(entries('all', s.rec).every((o) => o.quantity > 7)).toBe(true);
    expect((await st.instances.get(strategyInstanceId('fixed')))?.sizing).toBe('fixed:7');
    await s.journal.idle();
    const after = await session(st, 'b');
    await after.manager.restore();
    feed(after, 300, 900);
    expect(entries('fixed', after.rec).length).toBeGreaterThan(0);
    expect(entries('fixed', after.rec).every((o) => o.quantity === 7)).toBe(true);
  });
});
