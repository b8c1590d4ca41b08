/** A real discord.js bot Client over the fake gateway: login, buttons via REST, clicks as interactionCreate. */
import {
  ActionRowBuilder, ButtonBuilder, ButtonStyle, Client, Events, GatewayIntentBits, Routes, type ButtonInteraction, type Interaction, type TextChannel,
} from 'discord.js';
import { startFakeDiscord, type FakeDiscord } from '.';

function nextButton(client: Client): Promise<ButtonInteraction> {
  return new Promise((resolve) => {
    const listener = (i: Interaction): void => {
      if (!i.isButton()) return;
      client.off(Events.InteractionCreate, listener);
      resolve(i);
    };
    client.on(Events.InteractionCreate, listener);
  });
}

const approvalRow = (id: string): ActionRowBuilder<ButtonBuilder> =>
  new ActionRowBuilder<ButtonBuilder>().addComponents(
    new ButtonBuilder().setCustomId(`ap:${id}`).setLabel('Approve').setStyle(ButtonStyle.Success),
    new ButtonBuilder().setCustomId(`rj:${id}`).setLabel('Reject').setStyle(ButtonStyle.Danger),
  );

describe('discord.js bot client on the fake gateway', () => {
  let fake: FakeDiscord;
  let client: Client;
  let channelId: string;

  beforeAll(async () => {
    fake = await startFakeDiscord();
    channelId = fake.createChannel({ name: 'approvals' }).id;
    client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: fake.api, retries: 0 }, waitGuildTimeout: 0 });
    const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
    await client.login(fake.botToken);
    await ready;
  });

  afterAll(async () => {
    await client.destroy();
    await fake.close();
  });

  it('logs in: IDENTIFY with our intents, READY with the bot user and application, the guild arrives', () => {
    expect(client.user?.id).toBe(fake.botUserId);
    expect(client.application?.id).toBe(fake.applicationId);
    expect(fake.gateway.identifies()).toEqual([expect.objectContaining({ intents: GatewayIntentBits.Guilds })]);
    expect(fake.gateway.connectionCount()).toBe(1);
    expect(client.guilds.cache.get(fake.guildId)?.channels.cache.has(channelId)).toBe(true);
  });

  it('sends a card with buttons over REST, a click arrives as interactionCreate and update() edits the card', async () => {
    const channel = (await client.channels.fetch(channelId)) as TextChannel;
    const card = await channel.send({ content: 'Approve BUY 10 INFY @ ₹1,500.00?', components: [approvalRow('42')] });
    expect(fake.messages(channelId)[0]!.current.components).toEqual([
      { type: 1, components: [{ type: 2, custom_id: 'ap:42', label: 'Approve', style: 3 }, { type: 2, custom_id: 'rj:42', label: 'Reject', style: 4 }] },
    ]);

    const clicked = nextButton(client);
    const { interactionId } = fake.clickButton({ channelId, messageId: card.id, userId: '300000000000000001', customId: 'ap:42' });
    const interaction = await clicked;
    expect(interaction.id).toBe(interactionId);
    expect(interaction.customId).toBe('ap:42');
    expect(interaction.user.id).toBe('300000000000000001');
    expect(interaction.message.id).toBe(card.id);
    expect(interaction.guildId).toBe(fake.guildId);

    await interaction.update({ content: 'Approved by <@300000000000000001>', components: [] });
    expect(fake.interactionCallbacks()).toEqual([
      { interactionId, type: 7, data: expect.objectContaining({ content: 'Approved by <@300000000000000001>', components: [] }), files: [] },
    ]);
    const stored = fake.messages(channelId)[0]!;
    expect(stored.current.content).toBe('Approved by <@300000000000000001>');
    expect(stored.current.components).toEqual([]);
    expect(stored.edits[0]!.content).toBe('Approve BUY 10 INFY @ ₹1,500.00?');

    // a second answer to the same interaction is refused, as Discord does (discord.js guards this too, so go raw)
    await expect(
      client.rest.post(Routes.interactionCallback(interaction.id, interaction.token), { body: { type: 4, data: { content: 'again' } }, auth: false }),
    ).rejects.toMatchObject({ status: 400, code: 40060 });
  });

  it('reply() creates a message, editReply() edits @original, and a DM channel works without a guild', async () => {
    const dm = fake.createChannel({ kind: 'dm', recipientId: '300000000000000002' });
    const channel = await client.channels.fetch(dm.id);
    if (!channel?.isSendable()) throw new Error('DM channel should be sendable');
    const card = await channel.send({ content: 'card', components: [approvalRow('7')] });
    const clicked = nextButton(client);
    fake.clickButton({ channelId: dm.id, messageId: card.id, userId: '300000000000000002', customId: 'rj:7' });
    const interaction = await clicked;
    expect(interaction.guildId).toBeNull();
    await interaction.reply({ content: 'Rejected.' });
    await interaction.editReply({ content: 'Rejected (order 7).' });
    const replies = fake.messages(dm.id).filter((m) => m.id !== card.id);
    expect(replies.map((m) => [m.current.content, m.edits.map((e) => e.content)])).toEqual([['Rejected (order 7).', ['Rejected.']]]);
  });

  it('custom_id limits are enforced on channel messages (1–100 characters)', async () => {
    // discord.js's builders refuse a long custom_id themselves; a raw REST body reaches the server's check
    const body = (id: string): Record<string, unknown> => ({ content: 'x', components: [{ type: 1, components: [{ type: 2, style: 1, label: 'x', custom_id: id }] }] });
    await expect(client.rest.post(Routes.channelMessages(channelId), { body: body('c'.repeat(100)) })).resolves.toMatchObject({ channel_id: channelId });
    await expect(client.rest.post(Routes.channelMessages(channelId), { body: body('c'.repeat(101)) })).rejects.toMatchObject({
      status: 400,
      code: 50035,
      rawError: { errors: { components: { '0': { components: { '0': { custom_id: { _errors: [expect.objectContaining({ code: 'BASE_TYPE_BAD_LENGTH' })] } } } } } } },
    });
    await expect(client.rest.post(Routes.channelMessages(channelId), { body: body('') })).rejects.toMatchObject({ status: 400, code: 50035 });
    await expect(client.rest.post(Routes.channelMessages('1'), { body: body('a') })).rejects.toMatchObject({ status: 404, code: 10003 });
  });

  it('clickButton refuses buttons the message does not have unless forged', async () => {
    const channel = (await client.channels.fetch(channelId)) as TextChannel;
    const card = await channel.send({ content: 'c', components: [approvalRow('9')] });
    expect(() => fake.clickButton({ channelId, messageId: card.id, userId: '1', customId: 'ap:10' })).toThrow(/no button "ap:10"/);
    const clicked = nextButton(client);
    fake.clickButton({ channelId, messageId: card.id, userId: '300000000000000003', customId: 'ap:10', forge: true });
    const interaction = await clicked;
    expect(interaction.customId).toBe('ap:10');
    await interaction.deferUpdate();
    expect(fake.interactionCallbacks().at(-1)).toMatchObject({ type: 6 });
  });
});

describe('gateway authentication', () => {
  it('a wrong bot token is refused on /gateway/bot and login() rejects', async () => {
    const fake = await startFakeDiscord();
    const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: fake.api, retries: 0 }, waitGuildTimeout: 0 });
    try {
      await expect(client.login('not.the.token')).rejects.toMatchObject({ code: 'TokenInvalid' });
      expect(fake.gateway.connectionCount()).toBe(0);
    } finally {
      await client.destroy();
      await fake.close();
    }
  });
});
