import { LiveClock } from '../../src/core/clock';
import { createLogger, SecretScrubber } from '../../src/log';
import { Notifier } from '../../src/notify';
import { connectMongo, type MongoStore } from '../../src/store/connection';
import { MongoNotificationOutbox } from '../../src/store/notifications/mongoNotificationOutbox';
import { createTestDatabase, type TestDatabase } from '../fakes/mongo/testDb';
import { RecordingSink, until } from './testSinks';

const logger = createLogger({ level: 'silent', format: 'json', scrubber: new SecretScrubber() });
const fast = { sendTimeoutMs: 50, retryBaseMs: 5, retryMaxMs: 20, maxAttempts: 2, outageProbeMs: 20 };

let db: TestDatabase;
let store: MongoStore;
beforeAll(async () => {
  db = await createTestDatabase('notify_outbox');
  const s = await connectMongo(db.uri, { logger });
  if (!s.ok) throw new Error(s.error.message);
  store = s.value;
});
afterAll(async () => {
  await store?.close();
  await db?.drop();
});

const outboxCount = (sink: string): Promise<number> => store.connection.collection('notification_outbox').countDocuments({ sink });

describe('persisted notification queue', () => {
  test('messages queued during an outage survive a restart and are sent by the next process', async () => {
    const outbox = new MongoNotificationOutbox(store.connection);
    const first = new Notifier({ logger, clock: new LiveClock(), outbox, queue: fast });
    const discordDown = new RecordingSink('discord');
    discordDown.down = true;
    const telegram = new RecordingSink('telegram');
    // Both take addressed messages too: the test is about what the outbox keeps (`to`, actions, images).
    const everyone = { addressees: () => true };
    first.addSink(discordDown, everyone);
    first.addSink(telegram, everyone);
    const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0, 255, 7]);
    first.notify({ kind: 'summary', severity: 'info', title: 'Day summary', text: 'net +₹1,234.50', fields: [{ name: 'Trades', value: '4', inline: true }], image: png });
    first.notify({ kind: 'risk', severity: 'critical', title: 'Daily loss limit hit', to: 'telegram:42', actions: [{ label: 'Halt', command: '/halt' }, { label: 'Log in', url: 'https://kite.zerodha.com/connect/login?v=3&api_key=k' }] });
    await telegram.receivedCount(2);
    await until(async () => (await outboxCount('telegram')) === 0);
    await until(() => first.status().find((s) => s.name === 'discord')?.state === 'down');
    expect(await outboxCount('discord')).toBe(2);
    await first.stop();

    const second = new Notifier({ logger, clock: new LiveClock(), outbox, queue: fast });
    const discordBack = new RecordingSink('discord');
    second.addSink(discordBack, everyone);
    expect(await second.restore()).toBe(2);
    await discordBack.receivedCount(2);
    await until(async () => (await outboxCount('discord')) === 0);
    await second.stop();

    expect(discordBack.received.map((n) => n.id)).toEqual(telegram.received.map((n) => n.id));
    const summary = discordBack.received[0]!;
    const risk = discordBack.received[1]!;
    expect(summary).toMatchObject({ kind: 'summary', severity: 'info', title: 'Day summary', text: 'net +₹1,234.50', fields: [{ name: 'Trades', value: '4', inline: true }] });
    expect(Array.from(summary.image ?? [])).toEqual(Array.from(png));
    expect(risk).toMatchObject({ kind: 'risk', severity: 'critical', title: 'Daily loss limit hit', to: 'telegram:42' });
    expect(risk.actions).toEqual([{ label: 'Halt', command: '/halt' }, { label: 'Log in', url: 'https://kite.zerodha.com/connect/login?v=3&api_key=k' }]);
    expect(summary.actions).toBeUndefined();
    expect(risk.image).toBeUndefined();
  });

  test('a damaged outbox document is skipped and removed', async () => {
    const outbox = new MongoNotificationOutbox(store.connection);
    await store.connection.collection<{ _id: string }>('notification_outbox').insertOne({ _id: 'log:broken', sink: 'log', title: 42 } as { _id: string });
    expect(await outbox.pending('log')).toEqual([]);
    expect(await outboxCount('log')).toBe(0);
  });
});
