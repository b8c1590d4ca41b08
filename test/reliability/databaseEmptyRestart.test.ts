/**
 * Reliability, issue 16 item 6: a restart on a MongoDB that came back empty is not taken for a first start. The whole
 * bot (paper mode, in-process) on the MongoDB test server (or MONGODB_URI), the fake Telegram (real telegraf) and the
 * fake Discord webhook; the restart is the SIGTERM path (`app.stop()`) and a new start on the same database name and
 * the same DATA_DIR.
 *  - The first start on an empty database writes the deployment's mark in the database and in DATA_DIR; trading runs.
 *  - The database is dropped while the bot is stopped; the next start finds DATA_DIR's mark but not the database's:
 *    trading is HALTED at once, the admin is told on Telegram and Discord, `/health` says why, a buy is refused.
 *  - A viewer's /resume_trading, and a viewer's tap on the admin's Confirm button, change nothing.
 *  - The admin's /resume_trading, confirmed, resumes trading and writes the mark anew; the next restart runs normally.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import type { RunningApp } from '../../src/app';
import type { Config } from '../../src/config';
import { userId } from '../../src/core/ids';
import type { Result } from '../../src/core/result';
import type { StoredMessage } from '../fakes/telegram';
import { omsIntent } from '../support/brokers/omsFixtures';
import { e2eConfig, shiftedClock, startE2eApp, startFakes, type Fakes, type StartedApp } from '../support/e2e/appHarness';
import { LIVE_START } from '../support/e2e/liveHarness';
import { eventually } from '../support/e2e/waiting';

const ADMIN = 881;
const VIEWER = 882;
type Keyboard = { inline_keyboard: { text: string; callback_data?: string }[][] };
const textOf = (m: StoredMessage): string => m.state.text ?? m.state.caption ?? '';

describe('a restart on a MongoDB that came back empty halts trading until an admin confirms', () => {
  let fakes: Fakes;
  let config: Config;
  let running: StartedApp | undefined;
  let client: MongoClient;
  const clock = shiftedClock(LIVE_START);
  const app = (): RunningApp => running!.app;
  const start = async (): Promise<void> => {
    running = await startE2eApp(config, ['INFY'], clock);
    running.ticks.push('INFY', 1500, clock.now());
    // the daily volatility the VaR limit needs (what a command's check reads first)
    await running.app.engine.trading.pipeline.prepare(['INFY']);
  };
  const sigterm = async (): Promise<void> => {
    const r = running;
    running = undefined;
    await r?.app.stop();
  };
  const health = async (): Promise<{ httpStatus: number; checks: Record<string, { status: string; detail?: string }> }> => {
    const res = await fetch(`${app().http.url}/health`);
    const body = (await res.json()) as { checks: Record<string, { status: string; detail?: string }> };
    return { httpStatus: res.status, checks: body.checks };
  };
  const databaseMark = async (): Promise<{ deploymentId?: string } | null> => client.db().collection<{ _id: string; deploymentId?: string }>('bot_marker').findOne({ _id: 'autoppm' });
  const localMark = (): { id: string } => JSON.parse(readFileSync(join(fakes.dataDir, 'deployments', `${fakes.db.dbName}.json`), 'utf8')) as { id: string };
  const said = (chat: number, re: RegExp, from = 0): StoredMessage[] => fakes.telegram.messages(chat).slice(from).filter((m) => m.fromBot && re.test(textOf(m)));
  const discordSaid = (re: RegExp): string[] =>
    fakes.discord
      .messages(fakes.alerts.channelId)
      .flatMap((m) => m.current.embeds.map((e) => `${String((e as { title?: string }).title ?? '')}\n${String((e as { description?: string }).description ?? '')}`))
      .filter((t) => re.test(t));
  const buy = (): string => {
    const r: Result<unknown, { kind: string; rule?: string }> = app().engine.trading.pipeline.submit(omsIntent({ clientOrderId: app().engine.trading.pipeline.nextId(), quantity: 1, source: { kind: 'user', userId: userId(String(ADMIN)) }, reason: 'after an empty restart', time: clock.now() }), { approval: 'never' });
    return r.ok ? 'sent' : (r.error.rule ?? r.error.kind);
  };
  const lost = /answers without the bot's data \(its DATA_DIR says the bot has run on this database since/;

  beforeAll(async () => {
    fakes = await startFakes('rel_db_empty_restart');
    config = e2eConfig(fakes, { TELEGRAM_ALLOWED_USERS: `${ADMIN}:admin,${VIEWER}:viewer`, APPROVAL_POLICY: 'never' });
    client = new MongoClient(fakes.db.uri, { serverSelectionTimeoutMS: 5_000 });
    await client.connect();
  });
  afterAll(async () => {
    await sigterm();
    await client?.close();
    await fakes?.close();
  });

  test('first start: both marks written, trading ACTIVE; the database dropped while stopped: the next start halts and tells the admin', async () => {
    await start();
    expect(app().engine.trading.risk.state).toBe('ACTIVE');
    expect((await health()).checks['mongo-data']).toEqual({ status: 'up' });
    const first = (await databaseMark())?.deploymentId;
    expect(first).toMatch(/^[0-9a-f-]{36}$/);
    expect(localMark().id).toBe(first);
    expect(buy()).toBe('sent');
    await app().engine.trading.drainOrders();
    await sigterm();

    await fakes.db.drop();
    await start();
    expect(app().engine.trading.risk.state).toBe('HALTED');
    await eventually('the admin’s Telegram message', () => said(ADMIN, lost)[0], 30_000);
    await eventually('the Discord alert', () => discordSaid(lost)[0], 30_000);
    const h = await health();
    expect(h.httpStatus).toBe(503);
    expect(h.checks['mongo-data']!.detail).toMatch(/without the bot's data .* until an admin confirms with \/resume_trading/);
    expect(buy()).toBe('trading-halted');
    // not written anew before an admin confirms: a restart now would find the loss again
    expect(await databaseMark()).toBeNull();
    expect(localMark().id).toBe(first);
    process.stdout.write(`Restart on an emptied MongoDB: halted at start (1 buy refused); Telegram ${said(ADMIN, lost).length}, Discord ${discordSaid(lost).length} message(s); /health ${h.httpStatus}\n`);
    expect(said(ADMIN, lost)).toHaveLength(1);
    expect(discordSaid(lost)).toHaveLength(1);
  }, 120_000);

  test('a viewer cannot confirm; the admin’s confirmed /resume_trading resumes trading and writes the mark anew; the next restart runs', async () => {
    // the viewer's command
    const v0 = fakes.telegram.messages(VIEWER).length;
    await fakes.telegram.sendUserMessage({ chatId: VIEWER, fromId: VIEWER, text: '/resume_trading' });
    const refusal = await eventually('the viewer’s refusal', () => said(VIEWER, /resume_trading needs/, v0)[0]);
    expect(textOf(refusal)).toBe('⚠️ /resume_trading needs the admin role and you are a viewer; ask an admin if you need it.');

    // the admin's prompt; the viewer taps its Confirm (as in a group chat): nothing changes
    const a0 = fakes.telegram.messages(ADMIN).length;
    await fakes.telegram.sendUserMessage({ chatId: ADMIN, fromId: ADMIN, text: '/resume_trading' });
    const prompt = await eventually('the confirmation prompt', () => said(ADMIN, /Tap Confirm/, a0)[0]);
    const data = (prompt.state.replyMarkup as Keyboard).inline_keyboard.flat().find((b) => b.text.includes('Confirm'))!.callback_data!;
    const answered = fakes.telegram.callbackAnswers().length;
    await fakes.telegram.pressButton({ chatId: ADMIN, messageId: prompt.messageId, fromId: VIEWER, data });
    const viewerTap = await eventually('the answer to the viewer’s tap', () => fakes.telegram.callbackAnswers()[answered]);
    // a confirmation belongs to the one who asked for it
    expect(viewerTap.text).toBe('Not confirmed');
    expect(app().engine.trading.risk.state).toBe('HALTED');
    expect((await health()).checks['mongo-data']!.status).toBe('down');

    // the admin confirms
    await fakes.telegram.pressButton({ chatId: ADMIN, messageId: prompt.messageId, fromId: ADMIN, data });
    await eventually('trading ACTIVE', () => (app().engine.trading.risk.state === 'ACTIVE' ? true : undefined));
    await eventually('/health up again', async () => ((await health()).checks['mongo-data']?.status === 'up' ? true : undefined), 30_000);
    const anew = (await databaseMark())?.deploymentId;
    expect(anew).toMatch(/^[0-9a-f-]{36}$/);
    expect(localMark().id).toBe(anew);
    await eventually('the admin told the data is taken as the bot’s', () => said(ADMIN, /An admin resumed trading after MongoDB .* came back without the bot's data/)[0], 30_000);
    expect(buy()).toBe('sent');
    await app().engine.trading.drainOrders();

    // the next restart: the marks agree, trading runs, nobody is told of a loss again
    await sigterm();
    await start();
    expect(app().engine.trading.risk.state).toBe('ACTIVE');
    expect((await health()).checks['mongo-data']).toEqual({ status: 'up' });
    expect(said(ADMIN, lost)).toHaveLength(1);
  }, 120_000);
});
