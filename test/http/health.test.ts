import { HealthRegistry } from '../../src/http/health';

describe('HealthRegistry', () => {
  test('ok only when every check is up; throwing and silent checks count as down', async () => {
    const health = new HealthRegistry(50);
    health.register('a', async () => ({ status: 'up' }));
    expect(await health.run()).toEqual({ status: 'ok', checks: { a: { status: 'up' } } });

    health.register('b', async () => {
      throw new Error('boom\nmore');
    });
    health.register('c', () => new Promise(() => undefined));
    const report = await health.run();
    expect(report.status).toBe('down');
    expect(report.checks).toEqual({
      a: { status: 'up' },
      b: { status: 'down', detail: 'boom' },
      c: { status: 'down', detail: 'no answer within 50 ms' },
    });
    expect(health.names()).toEqual(['a', 'b', 'c']);
  });

  test('a name can be registered once', () => {
    const health = new HealthRegistry();
    health.register('mongo', async () => ({ status: 'up' }));
    expect(() => health.register('mongo', async () => ({ status: 'up' }))).toThrow(/already registered/);
  });
});
