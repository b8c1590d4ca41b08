/** The one typed event emitter: narrowed listeners, catch-all, unsubscribe, isolation of a failing listener. */
import { DomainEvents } from '../../src/core/events';
import { strategyInstanceId } from '../../src/core/ids';

describe('DomainEvents', () => {
  it('delivers by type and to catch-all listeners; wants() reflects subscriptions', () => {
    const ev = new DomainEvents();
    expect(ev.wants('bar')).toBe(false);
    const bars: number[] = [];
    const all: string[] = [];
    const off = ev.on('bar', (e) => bars.push(e.close));
    expect(ev.wants('bar')).toBe(true);
    expect(ev.wants('signal')).toBe(false);
    ev.onAny((e) => all.push(e.type));
    expect(ev.wants('signal')).toBe(true);
    ev.emit({ type: 'bar', symbol: 'X', time: 1, close: 10 });
    ev.emit({ type: 'alert', level: 'info', message: 'hi', time: 2 });
    off();
    off();
    ev.emit({ type: 'bar', symbol: 'X', time: 3, close: 11 });
    expect(bars).toEqual([10]);
    expect(all).toEqual(['bar', 'alert', 'bar']);
    expect(ev.size).toBe(1);
  });

  it('a throwing listener does not stop the others; its error is rethrown afterwards', () => {
    const ev = new DomainEvents();
    const seen: string[] = [];
    ev.on('instance-status', () => {
      throw new Error('listener bug');
    });
    ev.on('instance-status', (e) => seen.push(e.status));
    ev.onAny((e) => seen.push(e.type));
    expect(() => ev.emit({ type: 'instance-status', instanceId: strategyInstanceId('a'), status: 'paused', time: 0 })).toThrow('listener bug');
    expect(seen).toEqual(['paused', 'instance-status']);
  });
});
