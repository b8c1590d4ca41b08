import { DomainEvents, type DomainEvent, type EventHandler, type EventOf } from '../../src/core/events';

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

  it('delivers to handler objects (attach) after the function listeners of the type, counts them in wants and size, and detaches once', () => {
    const ev = new DomainEvents();
    const seen: string[] = [];
    class Recorder implements EventHandler<EventOf<'alert'>> {
      constructor(private readonly name: string) {}
      handle(e: EventOf<'alert'>): void {
        seen.push(`${this.name}:${e.message}`);
      }
    }
    expect(ev.wants('alert')).toBe(false);
    const off = ev.attach('alert', new Recorder('h1'));
    ev.on('alert', (e) => seen.push(`fn:${e.message}`));
    ev.attach('alert', {
      handle() {
        throw new Error('handler boom');
      },
    });
    ev.attach('alert', new Recorder('h2'));
    expect(ev.wants('alert')).toBe(true);
    expect(ev.wants('bar')).toBe(false);
    expect(ev.size).toBe(4);
    expect(() => ev.emit(alert('x'))).toThrow('handler boom');
    expect(seen).toEqual(['fn:x', 'h1:x', 'h2:x']);
    off();
    off();
    expect(ev.size).toBe(3);
    seen.length = 0;
    expect(() => ev.emit(alert('y'))).toThrow('handler boom');
    expect(seen).toEqual(['fn:y', 'h2:y']);
  });
});
