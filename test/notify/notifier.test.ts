import { LiveClock } from '../../src/core/clock';
import { createLogger, SecretScrubber } from '../../src/log';
import { Notifier, type NotificationInput } from '../../src/notify';
import { HangingSink, RecordingSink, ThrowingSink, until } from './testSinks';
import { telegramAddress } from '../../src/notify/sink';

const logger = createLogger({ level: 'silent', format: 'json', scrubber: new SecretScrubber() });
const clock = new LiveClock();
const fast = { sendTimeoutMs: 50, retryBaseMs: 5, retryMaxMs: 20, maxAttempts: 3, outageProbeMs: 20 };

const alert = (title: string, over: Partial<NotificationInput> = {}): NotificationInput => ({ kind: 'risk', severity: 'warning', title, ...over });

let notifiers: Notifier[] = [];
function newNotifier(): Notifier {
  const n = new Notifier({ logger, clock, queue: fast });
  notifiers.push(n);
  return n;
}
afterEach(async () => {
  for (const n of notifiers) await n.stop();
  notifiers = [];
});

describe('Notifier', () => {
  test('a throwing sink and a hanging sink never block or break a healthy one', async () => {
    const notifier = newNotifier();
    const thrower = new ThrowingSink('thrower');
    const hanger = new HangingSink('hanger');
    const good = new RecordingSink('good');
    notifier.addSink(thrower);
    notifier.addSink(hanger);
    notifier.addSink(good);

    for (const t of ['one', 'two', 'three']) expect(notifier.notify(alert(t)).ok).toBe(true);
    await good.receivedCount(3);
    await until(() => notifier.status().find((s) => s.name === 'good')?.sent === 3);
    expect(good.titles()).toEqual(['one', 'two', 'three']);

    // the broken sinks keep their messages and retry the first one; they go down after maxAttempts failures
    await until(() => notifier.status().find((s) => s.name === 'thrower')?.state === 'down');
    await until(() => notifier.status().find((s) => s.name === 'hanger')?.state === 'down');
    const byName = Object.fromEntries(notifier.status().map((s) => [s.name, s]));
    expect(byName.thrower).toMatchObject({ queued: 3, sent: 0, lastError: 'sink exploded' });
    expect(byName.hanger).toMatchObject({ queued: 3, sent: 0, lastError: 'no answer within 50 ms' });
    expect(byName.good).toMatchObject({ state: 'up', queued: 0, sent: 3 });
    expect(hanger.calls).toBeGreaterThanOrEqual(3);

    // a later message still reaches the healthy sink at once
    notifier.notify(alert('four'));
    await good.receivedCount(4);
    expect(good.titles()[3]).toBe('four');
  });

  test('routing by kind and severity', async () => {
    const notifier = newNotifier();
    const risk = new RecordingSink('risk-only');
    const loud = new RecordingSink('critical-only');
    const all = new RecordingSink('all');
    notifier.addSink(risk, { kinds: ['risk'] });
    notifier.addSink(loud, { minSeverity: 'critical' });
    notifier.addSink(all);
    notifier.notify(alert('var near', { severity: 'warning' }));
    notifier.notify({ kind: 'fill', severity: 'info', title: 'filled', fields: [{ name: 'Qty', value: '10' }] });
    notifier.notify({ kind: 'system', severity: 'critical', title: 'halted' });
    await notifier.idle();
    expect(risk.titles()).toEqual(['var near']);
    expect(loud.titles()).toEqual(['halted']);
    expect(all.titles()).toEqual(['var near', 'filled', 'halted']);
    expect(all.received[1]!.fields).toEqual([{ name: 'Qty', value: '10' }]);
  });

  test('a message addressed to one person reaches only the sinks that deliver to that address', async () => {
    const notifier = newNotifier();
    const channel = new RecordingSink('discord-webhook');
    const telegram = new RecordingSink('telegram');
    const consoleSink = new RecordingSink('console');
    notifier.addSink(channel);
    notifier.addSink(telegram, { addressees: telegramAddress });
    notifier.addSink(consoleSink, { addressees: (to) => to === 'console' });
    notifier.notify({ kind: 'summary', severity: 'info', title: 'your backtest', to: 'telegram:42' });
    notifier.notify({ kind: 'summary', severity: 'info', title: 'console backtest', to: 'console' });
    notifier.notify({ kind: 'summary', severity: 'info', title: 'daily summary' });
    await notifier.idle();
    expect(channel.titles()).toEqual(['daily summary']);
    expect(telegram.titles()).toEqual(['your backtest', 'daily summary']);
    expect(consoleSink.titles()).toEqual(['console backtest', 'daily summary']);
    expect(telegramAddress('telegram:42')).toBe(true);
    expect(telegramAddress('discord:42')).toBe(false);
  });

  test('an outage queues messages in order and sends them when the sink is back', async () => {
    const notifier = newNotifier();
    const flaky = new RecordingSink('flaky');
    flaky.down = true;
    notifier.addSink(flaky);
    for (const t of ['a', 'b', 'c']) notifier.notify(alert(t));
    await until(() => notifier.status()[0]!.state === 'down');
    expect(notifier.status()[0]!.queued).toBe(3);
    const triedWhileDown = flaky.attempts;
    await until(() => flaky.attempts > triedWhileDown + 2); // it keeps probing
    flaky.down = false;
    await flaky.receivedCount(3);
    await notifier.idle();
    expect(flaky.titles()).toEqual(['a', 'b', 'c']);
    expect(notifier.status()[0]).toMatchObject({ state: 'up', queued: 0, sent: 3 });
  });

  test('a message the sink rejects for good is dropped; the rest still go', async () => {
    const notifier = newNotifier();
    const sink = new RecordingSink('picky');
    sink.rejectTitles.add('bad');
    notifier.addSink(sink);
    for (const t of ['ok1', 'bad', 'ok2']) notifier.notify(alert(t));
    await sink.receivedCount(2);
    await notifier.idle();
    expect(sink.titles()).toEqual(['ok1', 'ok2']);
    expect(notifier.status()[0]).toMatchObject({ dropped: 1, sent: 2 });
  });

  test('a malformed notification is refused with a sentence naming the field; names are unique', () => {
    const notifier = newNotifier();
    notifier.addSink(new RecordingSink('x'));
    const r = notifier.notify({ kind: 'risk', severity: 'warning', title: '' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(/^The notification is malformed \(title\): .+; fix the caller\.$/);
    expect(() => notifier.addSink(new RecordingSink('x'))).toThrow(/already registered/);
  });
});
