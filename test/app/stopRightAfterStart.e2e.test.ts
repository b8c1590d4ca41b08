/**
 * A stop that comes while telegraf's launch is still under way (getMe / deleteWebhook answered, polling not yet
 * begun) ends: telegraf refuses `stop()` before polling starts, and the transport used to wait for a polling loop
 * that then ran forever.
 */
import { e2eConfig, shiftedClock, startE2eApp, startFakes, type Fakes } from '../support/e2e/appHarness';

const NOW = Date.parse('2025-01-08T05:30:00Z');

describe('a stop right after the start', () => {
  let fakes: Fakes;
  beforeAll(async () => {
    fakes = await startFakes('e2e_stop_after_start');
  });
  afterAll(async () => fakes?.close());

  test('ends, with a notification still on its way', async () => {
    const running = await startE2eApp(e2eConfig(fakes, { TELEGRAM_ALLOWED_USERS: '111:admin' }), ['INFY'], shiftedClock(NOW));
    expect(running.app.engine.notifier.notify({ kind: 'system', severity: 'warning', title: 'hello' }).ok).toBe(true);
    let timer: NodeJS.Timeout | undefined;
    const stopped = await Promise.race([running.app.stop().then(() => 'stopped'), new Promise<string>((r) => (timer = setTimeout(() => r('still stopping after 10 s'), 10_000)))]);
    clearTimeout(timer);
    expect(stopped).toBe('stopped');
  });
});
