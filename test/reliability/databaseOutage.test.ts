/**
 * Reliability, issue 16 item 6: MongoDB's failures are not silent. The whole bot (paper mode, in-process) reaches
 * MongoDB through a relay the test cuts (test/fakes/mongo/outageProxy.ts); the fake Telegram (real telegraf) and the
 * fake Discord webhook show what the admins are told, `/health` what an operator sees.
 *  - An outage of some seconds: `/health` says MongoDB does not answer while it lasts; when it is back the admins are
 *    told on Telegram and Discord how long it lasted.
 *  - A MongoDB that comes back without the bot's data (the database dropped): trading is halted (a buy is refused),
 *    the admins are told on Telegram and Discord, `/health` shows it; an admin's /resume_trading (confirmed) ends it.
 */
import type { RunningApp } from '../../src/app';
import { userId } from '../../src/core/ids';
import type { Result } from '../../src/core/result';
import type { StoredMessage } from '../fakes/telegram';
import { omsIntent } from '../support/brokers/omsFixtures';
import { e2eConfig, shiftedClock, startE2eApp, startFakes, type Fakes, type StartedApp } from '../support/e2e/appHarness';
import { LIVE_START } from '../support/e2e/liveHarness';
import { eventually } from '../support/e2e/waiting';
import { startOutageProxy, type OutageProxy } from '../fakes/mongo/outageProxy';

const ADMIN = 888;
type Keyboard = { inline_keyboard: { text: string; callback_data?: string }[][] };
const textOf = (m: StoredMessage): string => m.state.text ?? m.state.caption ?? '';

describe('MongoDB outages and a MongoDB back without the bot’s data reach the admins and /health', () => {
  let fakes: Fakes;
  let proxy: OutageProxy;
  let running: StartedApp | undefined;
  const clock = shiftedClock(LIVE_START);
  const app = (): RunningApp => running!.app;
  const health = async (): Promise<{ httpStatus: number; checks: Record<string, { status: string; detail?: string }> }> => {
    const res = await fetch(`${app().http.url}/health`);
    const body = (await res.json()) as { checks: Record<string, { status: string; detail?: string }> };
    return { httpStatus: res.status, checks: body.checks };
  };
  const telegramSaid = (re: RegExp): StoredMessage[] => fakes.telegram.messages(ADMIN).filter((m) => m.fromBot && re.test(textOf(m)));
  const discordSaid = (re: RegExp): string[] =>
    fakes.discord
      .messages(fakes.alerts.channelId)
      .flatMap((m) => m.current.embeds.map((e) => `${String((e as { title?: string }).title ?? '')}\n${String((e as { description?: string }).description ?? '')}`))
      .filter((t) => re.test(t));

  beforeAll(async () => {
    fakes = await startFakes('rel_db_outage');
    proxy = await startOutageProxy(fakes.db.uri);
    // The app's own connection settings (the driver's default monitoring: streaming where the server supports it —
    // a real MongoDB — else polling every 10 s, as with the test server, which sends no topologyVersion). The watch's
    // ping is tried while the driver says disconnected, and its server selection asks the monitor to look at once.
    const config = e2eConfig(fakes, { MONGODB_URI: proxy.uri, TELEGRAM_ALLOWED_USERS: `${ADMIN}:admin`, APPROVAL_POLICY: 'never' });
    running = await startE2eApp(config, ['INFY'], clock, undefined, { engine: { databaseWatchEveryMs: 300 } });
    running.ticks.push('INFY', 1500, clock.now());
    await app().engine.trading.pipeline.prepare(['INFY']);
  });
  afterAll(async () => {
    await proxy?.restore().catch(() => undefined);
    await running?.app.stop();
    await proxy?.close();
    await fakes?.close();
  });

  test('an outage: /health shows it while it lasts; when MongoDB is back the admins learn how long it lasted (Telegram and Discord)', async () => {
    expect((await health()).checks['mongo-data']).toEqual({ status: 'up' });
    await proxy.cut();
    const during = await eventually('/health during the outage', async () => {
      const h = await health();
      return h.checks['mongo-data']?.status === 'down' ? h : undefined;
    });
    expect(during.httpStatus).toBe(503);
    expect(during.checks['mongo-data']!.detail).toMatch(/MongoDB has not answered since/);
    await new Promise((r) => setTimeout(r, 3_000));
    await proxy.restore();
    const back = /MongoDB \(.*\) is back after \d+ s without an answer/;
    await eventually('the admin’s Telegram message', () => telegramSaid(back)[0], 60_000).catch(async (e: unknown) => {
      throw new Error(`${String(e)}; /health ${JSON.stringify(await health())}; the bot said ${JSON.stringify(fakes.telegram.messages(ADMIN).map(textOf))}`);
    });
    await eventually('the Discord alert', () => discordSaid(back)[0], 60_000);
    await eventually('/health up again', async () => ((await health()).checks['mongo-data']?.status === 'up' ? true : undefined), 60_000);
    const down = /is not answering since/;
    process.stdout.write(
      `MongoDB outage of ≥3 s: /health down during it; admin messages — "not answering": Telegram ${telegramSaid(down).length}, Discord ${discordSaid(down).length}; "back after": Telegram ${telegramSaid(back).length}, Discord ${discordSaid(back).length}\n`,
    );
    expect(telegramSaid(back)).toHaveLength(1);
    expect(discordSaid(back)).toHaveLength(1);
    expect(telegramSaid(down)).toHaveLength(1);
    expect(discordSaid(down)).toHaveLength(1);
  }, 150_000);

  test('MongoDB back without the bot’s data: trading halts, the admins are told, /health shows it until an admin resumes', async () => {
    await fakes.db.drop();
    const lost = /answers without the bot's data/;
    await eventually('the admin’s Telegram message', () => telegramSaid(lost)[0], 60_000);
    await eventually('the Discord alert', () => discordSaid(lost)[0]);
    expect(app().engine.trading.risk.state).toBe('HALTED');
    const h = await health();
    expect(h.httpStatus).toBe(503);
    expect(h.checks['mongo-data']!.detail).toMatch(/without the bot's data .* until an admin confirms with \/resume_trading/);
    // a buy is refused by the kill switch
    const r: Result<unknown, { kind: string; rule?: string }> = app().engine.trading.pipeline.submit(omsIntent({ clientOrderId: app().engine.trading.pipeline.nextId(), quantity: 1, source: { kind: 'user', userId: userId(String(ADMIN)) }, reason: 'after data loss', time: clock.now() }), { approval: 'never' });
    expect(r.ok ? 'sent' : r.error.rule).toBe('trading-halted');

    // the admin confirms: /resume_trading, Confirm
    const before = fakes.telegram.messages(ADMIN).length;
    await fakes.telegram.sendUserMessage({ chatId: ADMIN, fromId: ADMIN, text: '/resume_trading' });
    const prompt = await eventually('the confirmation prompt', () => fakes.telegram.messages(ADMIN).slice(before).find((m) => m.fromBot && /Tap Confirm/.test(textOf(m))));
    const data = (prompt.state.replyMarkup as Keyboard).inline_keyboard.flat().find((b) => b.text.includes('Confirm'))!.callback_data!;
    await fakes.telegram.pressButton({ chatId: ADMIN, messageId: prompt.messageId, fromId: ADMIN, data });
    await eventually('trading ACTIVE', () => (app().engine.trading.risk.state === 'ACTIVE' ? true : undefined));
    await eventually('/health up again', async () => ((await health()).checks['mongo-data']?.status === 'up' ? true : undefined));
    process.stdout.write(`MongoDB back empty: 1 data loss → halted (1 buy refused), Telegram ${telegramSaid(lost).length}, Discord ${discordSaid(lost).length} message(s); /health down until /resume_trading\n`);
    expect(telegramSaid(lost)).toHaveLength(1);
  }, 150_000);
});
