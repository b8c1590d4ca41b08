/**
 * The Discord approval bot with the real discord.js over the fake gateway, deciding through the same engine
 * services as Telegram (OMS + paper broker): cards with signed buttons, a click approves exactly once, forged,
 * replayed and unauthorised clicks change nothing and are answered with a reason.
 */
import { clientOrderId, userId } from '../../../src/core/ids';
import type { NotificationSink } from '../../../src/notify/sink';
import { startDiscord, type DiscordTransport } from '../../../src/transports/discord';
import { engineFixture, NOW, type EngineFixture } from '../../commands/support/engineServices';
import { startFakeDiscord, type FakeDiscord } from '../../fakes/discord';
import type { DiscordEvent, StoredMessage } from '../../fakes/discord/store';
import { discordConfig, logger } from './support';
import { rejectVia } from '../../support/approvalDecisions';

const TRADER = '300000000000000001';
const VIEWER = '300000000000000002';
const STRANGER = '300000000000000003';
const LTP = 1502.37;

describe('Discord approval bot', () => {
  let fake: FakeDiscord;
  let fx: EngineFixture;
  let transport: DiscordTransport;
  let channelId: string;
  let cardSink: NotificationSink;

  beforeAll(async () => {
    fake = await startFakeDiscord();
    channelId = fake.createChannel({ name: 'approvals' }).id;
    fx = await engineFixture();
    fx.broker.handleTick('INFY', 1500, NOW);
    const r = await startDiscord({
      config: { discord: discordConfig({ apiRoot: fake.api, botToken: fake.botToken }), encryptionKey: undefined },
      services: fx.services,
      log: logger,
      roles: { [TRADER]: 'trader', [VIEWER]: 'viewer' },
      approvalChannelId: channelId,
      lastPrice: () => LTP,
      tickSize: () => 0.05,
      now: () => NOW + 5000,
    });
    if (!r.ok) throw new Error(r.error);
    transport = r.value;
    cardSink = transport.sinks.find((s) => s.sink.name === 'discord-approvals')!.sink;
  });

  afterAll(async () => {
    await transport.stop();
    await fake.close();
  });

  /** Submits an order that waits for approval and posts its card through the approval sink. */
  async function cardFor(over: Parameters<EngineFixture['submit']>[0]): Promise<{ id: string; card: StoredMessage }> {
    const id = await fx.submit(over);
    const r = await cardSink.send({ id: `n-${id}`, time: NOW, kind: 'approval', severity: 'info', title: 'approval', fields: [] });
    expect(r.ok).toBe(true);
    const card = fake.messages(channelId).find((m) => m.current.embeds[0]?.footer?.text === `Approval ${id}`);
    if (!card) throw new Error(`no card for ${id}`);
    return { id, card };
  }

  const buttons = (m: StoredMessage) => m.current.components.flatMap((row) => row.components ?? []);
  const button = (m: StoredMessage, label: string): string => {
    const b = buttons(m).find((x) => x.label === label);
    if (!b?.custom_id) throw new Error(`no ${label} button`);
    return b.custom_id;
  };
  const callbackOf = async (interactionId: string) =>
    (await fake.waitFor((e: DiscordEvent) => e.kind === 'interactionCallback' && e.callback.interactionId === interactionId)) as Extract<DiscordEvent, { kind: 'interactionCallback' }>;
  const click = async (card: StoredMessage, customId: string, userId = TRADER, forge = false) => {
    const { interactionId } = fake.clickButton({ channelId, messageId: card.id, userId, customId, forge });
    return (await callbackOf(interactionId)).callback;
  };
  const status = async (id: string) => (await fx.oms.get(clientOrderId(id)))?.status;
  const brokerOrders = async () => {
    const r = await fx.broker.orders();
    if (!r.ok) throw new Error('broker orders');
    return r.value;
  };

  it('logs in over the gateway', () => {
    expect(transport.bot?.userId).toBe(fake.botUserId);
    expect(fake.gateway.identifies()).toHaveLength(1);
  });

  it('posts one card per pending approval with the order, its value and five signed buttons', async () => {
    const { id, card } = await cardFor({ symbol: 'INFY', quantity: 10, orderType: 'LIMIT', price: 1500 });
    const embed = card.current.embeds[0]!;
    expect(embed.title).toBe('Approve BUY 10 INFY?');
    expect(embed.fields).toEqual(
      expect.arrayContaining([
        { name: 'Order', value: 'BUY 10 INFY', inline: true },
        { name: 'Type', value: 'LIMIT @ ₹1,500.00', inline: true },
        // 10 × 1500 = 15000
        { name: 'Value', value: '₹15,000.00', inline: true },
      ]),
    );
    // LTP 1502.37 on the 0.05 grid is 1502.35
    expect(buttons(card).map((b) => [b.label, b.style])).toEqual([['Approve', 3], ['Reject', 4], ['½×', 2], ['2×', 2], ['Limit @ ₹1,502.35', 1]]);
    for (const b of buttons(card)) expect(b.custom_id!.length).toBeLessThanOrEqual(100);
    // asked again, the bot does not post a second card for the same approval
    await cardSink.send({ id: 'again', time: NOW, kind: 'approval', severity: 'info', title: 'approval', fields: [] });
    expect(fake.messages(channelId).filter((m) => m.current.embeds[0]?.footer?.text === `Approval ${id}`)).toHaveLength(1);
    await rejectVia(fx.services.approvals!, id, { id: userId('cleanup'), role: 'admin' });
  });

  it('a trader’s click approves exactly once and the card shows who and when; a replayed click changes nothing', async () => {
    const { id, card } = await cardFor({ symbol: 'INFY', quantity: 4, orderType: 'LIMIT', price: 1499 });
    const approveId = button(card, 'Approve');
    const placedBefore = (await brokerOrders()).length;

    const cb = await click(card, approveId);
    expect(cb.type).toBe(7);
    expect(cb.data?.components).toEqual([]);
    const decided = cb.data!.embeds![0]!;
    expect(decided.title).toBe('Approved: BUY 4 INFY');
    expect(decided.color).toBe(0x2ecc71);
    // NOW + 5 s = 2025-01-08 11:00:05 IST
    expect(decided.fields).toEqual(expect.arrayContaining([{ name: 'Decision', value: `Approved by <@${TRADER}> (user${TRADER}) at 2025-01-08 11:00:05 IST`, inline: false }]));
    expect(fake.messages(channelId).find((m) => m.id === card.id)!.current.components).toEqual([]);
    expect(await status(id)).not.toBe('PENDING_APPROVAL');
    await fx.settle();
    const placed = (await brokerOrders()).filter((o) => o.clientOrderId === id);
    expect(placed).toHaveLength(1);
    expect((await brokerOrders()).length).toBe(placedBefore + 1);

    // the same button again (e.g. a stale client): answered privately with the reason, nothing changes
    const replay = await click(card, approveId, TRADER, true);
    expect(replay.type).toBe(4);
    expect(replay.data?.flags).toBe(64);
    expect(replay.data?.content).toMatch(new RegExp(`${id}`));
    await fx.settle();
    expect((await brokerOrders()).filter((o) => o.clientOrderId === id)).toHaveLength(1);
    expect(fake.messages(channelId).find((m) => m.id === card.id)!.edits).toHaveLength(1);
  });

  it('two clicks at once place the order once', async () => {
    const { id, card } = await cardFor({ symbol: 'INFY', quantity: 3, orderType: 'LIMIT', price: 1498 });
    const approveId = button(card, 'Approve');
    const a = fake.clickButton({ channelId, messageId: card.id, userId: TRADER, customId: approveId });
    const b = fake.clickButton({ channelId, messageId: card.id, userId: TRADER, customId: approveId, forge: true });
    const types = (await Promise.all([callbackOf(a.interactionId), callbackOf(b.interactionId)])).map((e) => e.callback.type).sort();
    expect(types).toEqual([4, 7]);
    await fx.settle();
    expect((await brokerOrders()).filter((o) => o.clientOrderId === id)).toHaveLength(1);
  });

  it('refuses forged buttons: another order’s id under a real signature, a made-up id, a bare one', async () => {
    const first = await cardFor({ symbol: 'INFY', quantity: 2, orderType: 'LIMIT', price: 1497 });
    const second = await cardFor({ symbol: 'INFY', quantity: 6, orderType: 'LIMIT', price: 1496 });
    const real = button(first.card, 'Approve');
    const swapped = real.replace(`.${first.id}.`, `.${second.id}.`);
    const doubled = button(first.card, 'Reject').replace('ap1.r.', 'ap1.d.');
    for (const forged of [swapped, doubled, `ap1.a.${second.id}..AAAAAAAAAAAAAAAAAAAAAA`, 'ap1.a']) {
      const cb = await click(first.card, forged, TRADER, true);
      expect(cb.type).toBe(4);
      expect(cb.data?.content).toMatch(/^This button (failed its authenticity check|is not an AutoPPM approval button)/);
    }
    expect(await status(first.id)).toBe('PENDING_APPROVAL');
    expect(await status(second.id)).toBe('PENDING_APPROVAL');
    expect(fake.messages(channelId).find((m) => m.id === first.card.id)!.edits).toHaveLength(0);
  });

  it('refuses viewers and strangers with a reason; the order stays pending', async () => {
    const { id, card } = await cardFor({ symbol: 'INFY', quantity: 5, orderType: 'LIMIT', price: 1495 });
    for (const who of [VIEWER, STRANGER]) {
      const cb = await click(card, button(card, 'Approve'), who);
      expect(cb.type).toBe(4);
      expect(cb.data?.content).toBe(`You may not decide orders; ask an admin to give your Discord id ${who} the trader role.`);
    }
    expect(await status(id)).toBe('PENDING_APPROVAL');
  });

  it('½× and Limit @ LTP approve the changed order; Reject cancels', async () => {
    const half = await cardFor({ symbol: 'INFY', quantity: 10, orderType: 'LIMIT', price: 1494 });
    const h = await click(half.card, button(half.card, '½×'));
    expect(h.type).toBe(7);
    expect(h.data!.embeds![0]!.fields).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'Status', value: expect.stringMatching(/quantity 10 → 5$/) })]));
    expect((await fx.oms.get(clientOrderId(half.id)))?.intent.quantity).toBe(5);

    const limit = await cardFor({ symbol: 'INFY', quantity: 7, orderType: 'MARKET', price: undefined });
    const l = await click(limit.card, button(limit.card, 'Limit @ ₹1,502.35'));
    expect(l.type).toBe(7);
    expect((await fx.oms.get(clientOrderId(limit.id)))?.intent).toMatchObject({ orderType: 'LIMIT', price: 1502.35, quantity: 7 });

    const rej = await cardFor({ symbol: 'INFY', quantity: 1, orderType: 'LIMIT', price: 1490 });
    const r = await click(rej.card, button(rej.card, 'Reject'));
    expect(r.data!.embeds![0]).toMatchObject({ title: 'Rejected: BUY 1 INFY', color: 0x95a5a6 });
    expect(await status(rej.id)).toBe('CANCELLED');
  });

  it('2× of a sell of every share held: answered privately with why (the checks would cut it back), the card still waits', async () => {
    // Hold 3 INFY: a market buy approved here, filled at the next trade.
    const buy = await cardFor({ symbol: 'INFY', quantity: 3, orderType: 'MARKET', price: undefined });
    expect((await click(buy.card, button(buy.card, 'Approve'))).type).toBe(7);
    await fx.settle();
    fx.broker.handleTick('INFY', 1500, NOW + 1000);
    await fx.settle();
    expect(await status(buy.id)).toBe('FILLED');

    // Every share the portfolio holds (earlier tests' limit buys filled at that trade too).
    const book = fx.stack.book.portfolio;
    const held = book.position[book.symbols.indexOf('INFY')]!;
    expect(held).toBeGreaterThanOrEqual(3);
    const sell = await cardFor({ symbol: 'INFY', side: 'SELL', quantity: held, orderType: 'LIMIT', price: 1500 });
    const cb = await click(sell.card, button(sell.card, '2×'));
    expect(cb.type).toBe(4);
    expect(cb.data?.flags).toBe(64);
    expect(cb.data?.content).toBe(`Not doubled: INFY resized from ${2 * held} to ${held}, the shares portfolio holds; approval ${sell.id} was not changed.`);
    expect(await status(sell.id)).toBe('PENDING_APPROVAL');
    expect((await fx.oms.get(clientOrderId(sell.id)))?.intent.quantity).toBe(held);
    expect(fake.messages(channelId).find((m) => m.id === sell.card.id)!.current.components).not.toEqual([]);
  });
});

describe('Discord bot login', () => {
  it('a refused token is a notice naming DISCORD_BOT_TOKEN, with no token in it, and the alerts still start', async () => {
    const fake = await startFakeDiscord();
    const hook = fake.createWebhook();
    try {
      const token = 'MTAwMDAwMDAwMDAwMDAwMDAw.Wrong.not-the-right-token-at-all-0000000';
      const r = await startDiscord({ config: { discord: discordConfig({ apiRoot: fake.api, botToken: token, webhookUrl: hook.url }), encryptionKey: undefined }, services: {}, log: logger, approvalChannelId: '1' });
      if (!r.ok) throw new Error(r.error);
      expect(r.value.notices).toEqual(['Discord refused DISCORD_BOT_TOKEN; copy the bot token again from the Developer Portal (Bot → Reset Token).']);
      expect(r.value.bot).toBeUndefined();
      expect(fake.gateway.connectionCount()).toBe(0);
      // no bot, so approval notices stay on the webhook
      expect(r.value.sinks.map((s) => [s.sink.name, s.route.kinds])).toEqual([['discord', ['risk', 'fill', 'summary', 'system', 'approval']]]);
      await r.value.stop();
    } finally {
      await fake.close();
    }
  });

  it('Discord down at start-up: the bot is reported off within the login time limit and the alert sink is there', async () => {
    const fake = await startFakeDiscord();
    const hook = fake.createWebhook();
    fake.setOutage('hang');
    try {
      const r = await startDiscord({
        config: { discord: discordConfig({ apiRoot: fake.api, botToken: fake.botToken, webhookUrl: hook.url }), encryptionKey: undefined },
        services: {},
        log: logger,
        loginTimeoutMs: 300,
      });
      if (!r.ok) throw new Error(r.error);
      expect(r.value.notices).toEqual(['The Discord bot could not connect; check DISCORD_API_ROOT and the network, then restart to get approval cards.']);
      expect(r.value.sink).toBeDefined();
      await r.value.stop();
    } finally {
      await fake.close();
    }
  });
});
