/**
 * The whole bot process end to end, in-process, against the fakes (MongoDB test server, fake Telegram, fake
 * Discord; market ticks driven by the test): /run over Telegram → a strategy signal → an approval card → a tap
 * → paper fill → Discord alert; the scheduled rebalance and the daily summary run now through Agenda; a restart
 * mid-approval loses nothing (the card still works after the restart, exactly once); clean shutdown.
 */
import type { RunningApp } from '../../src/app';
import type { Config } from '../../src/config';
import { clientOrderId } from '../../src/core/ids';
import type { StoredMessage } from '../fakes/telegram';
import { e2eConfig, shiftedClock, startE2eApp, startFakes, type Fakes, type StartedApp } from '../support/e2e/appHarness';
import { eventually, eventuallyFilled } from '../support/e2e/waiting';

const SYMBOLS = ['INFY'];
const TRADER = 111;
const ADMIN = 333;
/** Wednesday 2025-01-08, 09:15 IST: the session's first minute. */
const OPEN = Date.parse('2025-01-08T03:45:00Z');
const minute = (k: number): number => OPEN + k * 60_000 + 1_000;

type Keyboard = { inline_keyboard: { text: string; callback_data?: string }[][] };
const buttonData = (m: StoredMessage, label: string): string => {
  const b = (m.state.replyMarkup as Keyboard | undefined)?.inline_keyboard.flat().find((x) => x.text.includes(label));
  if (!b?.callback_data) throw new Error(`no ${label} button on message ${m.messageId}: ${m.state.text}`);
  return b.callback_data;
};

describe('the bot process end to end', () => {
  let fakes: Fakes;
  let config: Config;
  let running: StartedApp | undefined;
  const clock = shiftedClock(Date.parse('2025-01-08T05:30:00Z'));

  const app = (): RunningApp => running!.app;
  const cards = (chatId: number): StoredMessage[] => fakes.telegram.messages(chatId).filter((m) => m.fromBot && (m.state.replyMarkup as Keyboard | undefined)?.inline_keyboard.flat().some((b) => b.text.includes('Approve')));
  /** Sends a command and waits for the first new bot message matching `expected`. */
  const ask = async (chatId: number, text: string, expected: RegExp): Promise<string> => {
    const before = fakes.telegram.messages(chatId).length;
    await fakes.telegram.sendUserMessage({ chatId, fromId: chatId, text });
    const fresh = () => fakes.telegram.messages(chatId).slice(before).filter((m) => m.fromBot);
    const reply = await eventually(`the ${text} reply`, () => fresh().find((m) => expected.test(m.state.text ?? ''))).catch((e: unknown) => {
      throw new Error(`${String(e)}; the bot said: ${JSON.stringify(fresh().map((m) => m.state.text))}`);
    });
    return reply.state.text ?? '';
  };
  const discordTitles = (): string[] => fakes.discord.messages(fakes.alerts.channelId).flatMap((m) => m.current.embeds.map((e) => String((e as { title?: string }).title ?? '')));

  beforeAll(async () => {
    fakes = await startFakes('e2e_bot');
    config = e2eConfig(fakes, { TELEGRAM_ALLOWED_USERS: `${TRADER}:trader,${ADMIN}:admin` });
    running = await startE2eApp(config, SYMBOLS, clock);
  });

  afterAll(async () => {
    await running?.app.stop();
    await fakes?.close();
  });

  test('start-up prints what is configured and what runs', async () => {
    const banner = running!.banner.join('\n');
    expect(banner).toContain('AutoPPM — paper mode');
    expect(banner).toMatch(/Telegram: on \(long polling, 2 allowed users\)/);
    expect(banner).toMatch(/Discord: on \(webhook alerts\)/);
    expect(banner).toMatch(/Jobs: \d+ \(.*rebalance.*end-of-day-summary/);
    expect(banner).toMatch(/HTTP: http:\/\/127\.0\.0\.1:\d+\/health/);
    expect(app().engine.jobs.names()).toEqual(expect.arrayContaining(['risk-scan', 'performance-snapshot', 'portfolio-snapshot', 'rebalance', 'end-of-day-summary']));
    // /backtest and /sweep from chat are queued for any worker (src/jobs/researchQueue.ts).
    expect(app().engine.jobs.names()).toEqual(expect.arrayContaining(['backtest', 'sweep']));
    // None is scheduled on a test bot (appHarness.ts E2E_JOBS).
    expect(await app().store.connection.collection('agendaJobs').countDocuments({ repeatInterval: { $exists: true, $ne: null } })).toBe(0);
    expect(app().engine.services.research).toBeDefined();
  });

  test('/health answers 200 with every check up, and /metrics serves Prometheus text', async () => {
    const h = await fetch(`${app().http.url}/health`);
    const body = (await h.json()) as { status: string; checks: Record<string, { status: string }> };
    expect(Object.keys(body.checks).sort()).toEqual(['agenda', 'broker-session', 'event-loop', 'memory', 'mongo', 'mongo-data', 'ticker']);
    expect(body.checks.mongo!.status).toBe('up');
    expect(body.checks.agenda!.status).toBe('up');
    expect((await fetch(`${app().http.url}/metrics`)).status).toBe(401); // P&L and exposure: the API token only
    const m = await fetch(`${app().http.url}/metrics`, { headers: { authorization: `Bearer ${config.http.apiToken ?? ''}` } });
    expect(m.status).toBe(200);
    expect(await m.text()).toContain('autoppm_');
  });

  let buyId = '';
  test('a paper strategy: signal → approval card on Telegram → tap approve → paper fill → Discord alert', async () => {
    await fakes.telegram.sendUserMessage({ chatId: TRADER, fromId: TRADER, text: '/run sma-cross INFY fast=2 slow=4 capital=5%' });
    const started = await eventually('the /run reply', () => fakes.telegram.messages(TRADER).find((m) => m.fromBot && (m.state.text ?? '').startsWith('Started')));
    expect(started.state.text).toMatch(/sma-cross on INFY/);

    // 30 falling minutes, then a rise: SMA2 crosses above SMA4 on the close of minute 31 (seen when minute 32 trades).
    const { ticks } = running!;
    for (let k = 0; k < 30; k++) ticks.push('INFY', 1500 - 2 * k, minute(k));
    ticks.push('INFY', 1445, minute(30));
    ticks.push('INFY', 1460, minute(31));
    ticks.push('INFY', 1462, minute(32));

    const card = await eventually('an approval card for the trader', () => cards(TRADER)[0]);
    expect(card.state.text).toMatch(/BUY/);
    expect(card.state.text).toMatch(/INFY/);
    await eventually('the admin’s card', () => cards(ADMIN)[0]);
    const pending = await app().engine.repos.approvals.withStatus('PENDING');
    expect(pending).toHaveLength(1);
    const line = pending[0]!.lines[0]!;
    buyId = line.intent.clientOrderId;
    // 5% of ₹10,00,000 at the close 1460: whole shares that the instance's cash can buy
    expect(line.intent.quantity).toBeGreaterThan(0);
    expect(line.intent.quantity * 1460).toBeLessThanOrEqual(50_000);
    expect(line.intent.side).toBe('BUY');
    // /pending goes through the persisted approval service: it lists the order waiting in this approval
    const listed = await ask(TRADER, '/pending', /^1 approval is waiting:\n1\. BUY \d+ INFY/);
    expect(listed).toContain(`BUY ${line.intent.quantity} INFY MARKET`);
    expect(listed).toContain(`id ${line.intent.clientOrderId}`);

    await fakes.telegram.pressButton({ chatId: TRADER, messageId: card.messageId, fromId: TRADER, data: buttonData(card, 'Approve') });
    await eventually('the order to reach the paper broker', async () => ((await app().engine.repos.orders.get(clientOrderId(buyId)))?.status === 'OPEN' ? true : undefined));
    ticks.push('INFY', 1463, minute(33));

    const filled = await eventuallyFilled('the fill', () => app().engine.repos.orders.get(clientOrderId(buyId)));
    expect(filled.filledQuantity).toBe(line.intent.quantity);
    // paper fills a market order at the next tick's price (no slippage configured)
    expect(filled.averagePrice).toBeCloseTo(1463, 2);
    // The approved order (stored with the approval in MongoDB, then released) is booked to the instance's account.
    const instance = app().engine.trading.instances.list()[0]!;
    expect(app().engine.trading.book.account(instance.id)?.position[0]).toBe(line.intent.quantity);
    expect(app().engine.trading.book.portfolio.size).toBe(0);
    const title = await eventually('the Discord fill alert', () => discordTitles().find((t) => t.startsWith('Filled: BUY')));
    expect(title).toBe(`Filled: BUY ${line.intent.quantity} INFY @ ₹1,463.00`);
    // the other trader's card shows the outcome too
    await eventually('the admin’s card edited', () => (cards(ADMIN)[0]?.edits.length ?? 0) > 0 || /Approved|approved/.test(fakes.telegram.messages(ADMIN).map((m) => m.state.text ?? '').join('\n')) ? true : undefined);
  });

  test('the scheduled rebalance and the daily summary run now through Agenda and report', async () => {
    // Two portfolio snapshots make an equity curve: the summary carries the account's equity chart.
    for (let k = 0; k < 2; k++) {
      const snap = await app().engine.jobs.runNow('portfolio-snapshot', {}, 20_000);
      if (!snap.ok) throw new Error(snap.error);
      expect(snap.value.status).toBe('done');
    }
    const summary = await app().engine.jobs.runNow('end-of-day-summary', {}, 20_000);
    if (!summary.ok) throw new Error(summary.error);
    expect(summary.value.status).toBe('done');
    await eventually('the daily summary on Discord', () => discordTitles().find((t) => /summary/i.test(t)));
    const posted = fakes.discord.messages(fakes.alerts.channelId).find((m) => m.current.embeds.some((e) => /summary/i.test(String((e as { title?: string }).title ?? ''))));
    const png = posted?.attachments[0]?.bytes;
    expect(png && Array.from(png.subarray(0, 4))).toEqual([0x89, 0x50, 0x4e, 0x47]);

    const rebalance = await app().engine.jobs.runNow('rebalance', { force: true }, 20_000);
    if (!rebalance.ok) throw new Error(rebalance.error);
    expect(rebalance.value.status).toBe('done');
    expect(rebalance.value.note).toMatch(/proposed \d+ trades?/);
    // the proposal is a batch waiting for approval, shown as a card like a strategy's order
    const batch = (await app().engine.repos.approvals.withStatus('PENDING')).find((a) => a.lines.some((l) => l.intent.source.kind === 'job'));
    expect(batch).toBeDefined();
    await eventually('the rebalance card', () => cards(TRADER).find((m) => m.state.text?.includes(batch!.id)));
  });

  test('/risk reports on the paper account; /alerts lists the engine’s alerts, stored by the alert center', async () => {
    const risk = await ask(TRADER, '/risk', /Risk on ₹|risk report|not available/i);
    expect(risk).not.toMatch(/not available/);
    expect(risk).toMatch(/Risk on ₹|risk report/i);
    app().engine.trading.kernel.events.emit({ type: 'alert', level: 'warning', message: 'e2e probe: ticker quiet for 3 minutes', time: clock.now() });
    const alerts = await eventually('the stored alert', async () => {
      const text = await ask(TRADER, '/alerts', /Mute a kind|No alerts/);
      return text.includes('e2e probe') ? text : undefined;
    });
    expect(alerts).toMatch(/system/);
  });

  test('a restart mid-approval loses nothing: the pending card is approved after the restart, exactly once', async () => {
    const { ticks } = running!;
    // falling again: SMA2 crosses below SMA4 → a SELL waiting for approval
    ticks.push('INFY', 1440, minute(34));
    ticks.push('INFY', 1420, minute(35));
    ticks.push('INFY', 1410, minute(36));
    const sellCard = await eventually('the SELL card', () => cards(TRADER).find((m) => /SELL/.test(m.state.text ?? '')));
    const pending = (await app().engine.repos.approvals.withStatus('PENDING')).find((a) => a.lines[0]!.intent.side === 'SELL');
    const sellId = pending!.lines[0]!.intent.clientOrderId;
    expect(pending!.lines[0]!.intent.source).toEqual({ kind: 'strategy', instanceId: expect.stringMatching(/^sma-cross/) });
    expect((await app().engine.repos.orders.get(sellId))?.status).toBe('PENDING_APPROVAL');

    await running!.app.stop();
    running = undefined;
    running = await startE2eApp(config, SYMBOLS, clock);
    const stillPending = await app().engine.repos.approvals.withStatus('PENDING');
    expect(stillPending.map((a) => a.lines.map((l) => `${l.intent.side} ${l.intent.symbol}`).join(','))).toContain('SELL INFY');
    expect(running.banner.join('\n')).toMatch(/Strategies: 1 instance\(s\) restored/);

    running.ticks.push('INFY', 1409, minute(37));
    const approve = buttonData(sellCard, 'Approve');
    await fakes.telegram.pressButton({ chatId: TRADER, messageId: sellCard.messageId, fromId: TRADER, data: approve });
    await eventually('the SELL at the broker', async () => ((await app().engine.repos.orders.get(sellId))?.status === 'OPEN' ? true : undefined));
    running.ticks.push('INFY', 1408, minute(38));
    const sold = await eventuallyFilled('the SELL fill', () => app().engine.repos.orders.get(sellId));
    const buy = await app().engine.repos.orders.get(clientOrderId(buyId));
    expect(sold.filledQuantity).toBe(buy!.filledQuantity);

    // the restored instance books the fill of the order approved after the restart: flat again, its cash moved
    // exactly as the paper account's (the only fills are this instance's BUY and SELL)
    const source = pending!.lines[0]!.intent.source;
    if (source.kind !== 'strategy') throw new Error('the SELL should come from the strategy instance');
    const rt = app().engine.trading.kernel.instance(source.instanceId)!;
    await eventually('the restored instance to book the SELL', () => (rt.ledger.position[rt.localIndex('INFY')] === 0 ? true : undefined));
    const q = sold.filledQuantity;
    expect(rt.ledger.cash - rt.ledger.capital).toBeCloseTo(app().engine.trading.broker.cash - 1_000_000, 2);
    expect(rt.ledger.charges).toBeGreaterThan(0);
    expect(rt.ledger.realised).toBeCloseTo(q * (sold.averagePrice - buy!.averagePrice) - rt.ledger.charges, 2);
    expect(rt.ledger.closedTrades).toBe(1);
    await app().engine.trading.instances.flush();
    expect(app().engine.trading.instances.list().find((i) => i.id === source.instanceId)?.positions).toEqual({});

    // the card now shows the outcome; a replay of the same button changes nothing
    expect(fakes.telegram.messages(TRADER).find((m) => m.messageId === sellCard.messageId)?.state.text).toMatch(/Approved by/);
    const answersBefore = fakes.telegram.callbackAnswers().length;
    await fakes.telegram.pressButton({ chatId: TRADER, messageId: sellCard.messageId, fromId: TRADER, data: approve, forge: true });
    const answer = await eventually('the answer to the replayed tap', () => fakes.telegram.callbackAnswers()[answersBefore]);
    expect(answer.text).not.toBe('Approved');
    const all = await app().engine.repos.orders.withStatus(['PENDING_APPROVAL', 'APPROVED', 'SUBMITTED', 'OPEN', 'PARTIALLY_FILLED', 'FILLED', 'CANCELLED', 'REJECTED', 'EXPIRED', 'DENIED']);
    expect(all.filter((o) => o.intent.clientOrderId === sellId)).toHaveLength(1);
    expect(all.filter((o) => o.intent.side === 'SELL' && o.status === 'FILLED')).toHaveLength(1);
    const positions = await app().engine.trading.broker.positions();
    expect(positions.ok && positions.value.filter((p) => p.symbol === 'INFY' && p.quantity !== 0)).toEqual([]);
  });

  test('shuts down cleanly (twice is harmless)', async () => {
    const a = running!.app;
    await a.stop();
    await a.stop();
    running = undefined;
    expect(a.store.isConnected()).toBe(false);
  });
});
