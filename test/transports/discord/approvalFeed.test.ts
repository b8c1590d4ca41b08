/**
 * The bot's other paths: cards posted from an approval feed (no card sink then), and a decision slower than
 * Discord's 3 s answer window: the click is acknowledged first and the card edited when the decision is done.
 */
import { clientOrderId } from '../../../src/core/ids';
import type { PendingApproval } from '../../../src/services/api/approvals';
import { startDiscord, type ApprovalFeed, type DiscordTransport } from '../../../src/transports/discord';
import { engineFixture, type EngineFixture } from '../../commands/support/engineServices';
import { startFakeDiscord, type FakeDiscord } from '../../fakes/discord';
import type { DiscordEvent } from '../../fakes/discord/store';
import { discordConfig, logger, until } from './support';

const TRADER = '300000000000000001';

class TestFeed implements ApprovalFeed {
  listeners = new Set<(p: PendingApproval) => void>();
  onRequested(listener: (p: PendingApproval) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  emit(p: PendingApproval): void {
    for (const l of this.listeners) l(p);
  }
}

describe('Discord approval bot with a feed and slow decisions', () => {
  let fake: FakeDiscord;
  let fx: EngineFixture;
  let transport: DiscordTransport;
  let channelId: string;
  const feed = new TestFeed();
  let releaseApproval: (() => void) | undefined;

  beforeAll(async () => {
    fake = await startFakeDiscord();
    channelId = fake.createChannel({ name: 'approvals' }).id;
    fx = await engineFixture();
    const real = fx.services.approvals!;
    // the approval waits until the test lets it go: longer than the bot's acknowledgement delay
    const slow = {
      ...real,
      decide: async (...a: Parameters<typeof real.decide>) => {
        await new Promise<void>((resolve) => (releaseApproval = resolve));
        return real.decide(...a);
      },
    };
    const r = await startDiscord({
      config: { discord: discordConfig({ apiRoot: fake.api, botToken: fake.botToken }), encryptionKey: Buffer.alloc(32, 3) },
      services: { ...fx.services, approvals: slow },
      log: logger,
      roles: { [TRADER]: 'admin' },
      approvalChannelId: channelId,
      approvals: feed,
      ackAfterMs: 20,
    });
    if (!r.ok) throw new Error(r.error);
    transport = r.value;
  });

  afterAll(async () => {
    await transport.stop();
    await fake.close();
  });

  it('posts a card for each approval the feed announces, and registers no card sink', async () => {
    expect(transport.sinks).toEqual([]);
    const id = await fx.submit({ symbol: 'TCS', quantity: 2, orderType: 'LIMIT', price: 4000 });
    const pending = (await fx.services.approvals!.pending()).find((p) => p.id === id)!;
    feed.emit(pending);
    await fake.waitFor((e: DiscordEvent) => e.kind === 'message' && e.message.channelId === channelId);
    const card = fake.messages(channelId)[0]!;
    expect(card.current.embeds[0]).toMatchObject({ title: 'Approve BUY 2 TCS?', footer: { text: `Approval ${id}` } });
    // without a last price there is no Limit @ LTP button
    expect(card.current.components[0]!.components?.map((b) => b.label)).toEqual(['Approve', 'Reject', '½×', '2×']);

    const approveId = card.current.components[0]!.components![0]!.custom_id!;
    const { interactionId } = fake.clickButton({ channelId, messageId: card.id, userId: TRADER, customId: approveId });
    // acknowledged (deferred update) while the decision is still running
    await fake.waitFor((e) => e.kind === 'interactionCallback' && e.callback.interactionId === interactionId);
    expect(fake.interactionCallbacks().at(-1)).toMatchObject({ type: 6 });
    expect(await fx.oms.get(clientOrderId(id))).toMatchObject({ status: 'PENDING_APPROVAL' });
    await until(() => releaseApproval !== undefined, 'the approval to start');
    releaseApproval!();
    await fake.waitFor((e) => e.kind === 'edit' && e.message.id === card.id);
    const edited = fake.messages(channelId).find((m) => m.id === card.id)!;
    expect(edited.current.embeds[0]!.title).toBe('Approved: BUY 2 TCS');
    expect(edited.current.components).toEqual([]);
    expect((await fx.oms.get(clientOrderId(id)))?.status).not.toBe('PENDING_APPROVAL');
  });

  it('stops listening to the feed on stop()', async () => {
    expect(feed.listeners.size).toBe(1);
    await transport.stop();
    expect(feed.listeners.size).toBe(0);
  });
});
