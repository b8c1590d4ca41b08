import { DomainEvents, type DomainEvent } from '../../src/core/events';

const alert = (message: string): DomainEvent => ({ type: 'alert', level: 'info', message, time: 0 });

describe('DomainEvents', () => {
  it('delivers to the listeners of the type and to every-type listeners, in subscription order', () => {
    const ev = new DomainEvents();
    const seen: string[] = [];
    ev.on('alert', (e) => seen.push(`a1:${e.message}`));
    ev.onAny((e) => seen.push(`any:${e.type}`));
    ev.on('alert', (e) => seen.push(`a2:${e.message}`));
    ev.on('bar', () => seen.push('bar'));
    ev.emit(alert('x'));
    expect(seen).toEqual(['a1:x', 'a2:x', 'any:alert']);
    expect(ev.wants('alert')).toBe(true);
    expect(ev.wants('signal')).toBe(true); // an every-type listener wants everything
  });

  it('lets a listener unsubscribe itself (or subscribe another) while it is called, without skipping or adding mid-emit', () => {
    const ev = new DomainEvents();
    const seen: string[] = [];
    const off = ev.on('alert', () => {
      seen.push('first');
      off();
      ev.on('alert', () => seen.push('late'));
    });
    ev.on('alert', () => seen.push('second'));
    ev.emit(alert('1'));
    expect(seen).toEqual(['first', 'second']);
    ev.emit(alert('2'));
    expect(seen).toEqual(['first', 'second', 'second', 'late']);
  });

  it('counts subscriptions; an unsubscribe called twice removes once; the same listener twice is two subscriptions', () => {
    const ev = new DomainEvents();
    const seen: number[] = [];
    const l = (): void => void seen.push(1);
    const off1 = ev.on('alert', l);
    const off2 = ev.on('alert', l);
    expect(ev.size).toBe(2);
    off1();
    off1();
    expect(ev.size).toBe(1);
    ev.emit(alert('x'));
    expect(seen).toEqual([1]);
    off2();
    expect(ev.size).toBe(0);
    expect(ev.wants('alert')).toBe(false);
    const offAny = ev.onAny(l);
    offAny();
    offAny();
    expect(ev.size).toBe(0);
  });

  it('wants exactly the types that have a listener, for every type', () => {
    const types: DomainEvent['type'][] = ['bar', 'signal', 'target', 'order', 'order-submitted', 'order-accepted', 'order-filled', 'order-rejected', 'order-cancelled', 'order-unknown', 'risk-denied', 'instance-status', 'trading-state', 'session-expired', 'alert'];
    for (const t of types) {
      const ev = new DomainEvents();
      ev.on('alert', () => undefined); // some other subscription, so the check is per type
      const off = ev.on(t, () => undefined);
      expect(types.filter((x) => ev.wants(x))).toEqual(t === 'alert' ? ['alert'] : types.filter((x) => x === t || x === 'alert'));
      off();
      expect(ev.wants(t)).toBe(t === 'alert');
    }
  });

  it('runs every listener when one throws, then rethrows the first error', () => {
    const ev = new DomainEvents();
    const seen: string[] = [];
    ev.on('alert', () => {
      throw new Error('boom 1');
    });
    ev.on('alert', () => seen.push('typed'));
    ev.onAny(() => {
      throw new Error('boom 2');
    });
    ev.onAny(() => seen.push('any'));
    expect(() => ev.emit(alert('x'))).toThrow('boom 1');
    expect(seen).toEqual(['typed', 'any']);
  });
});
