/**
 * The optional Discord bot (DISCORD_BOT_TOKEN): a discord.js Client over the gateway that posts approval cards
 * to one channel and acts on their buttons (approvalClicks.ts). Cards come from an approval feed when one is
 * given, from `postCard`, or from `postPendingCards` (every pending approval without a card yet).
 */
import { Client, DiscordjsErrorCodes, Events, GatewayIntentBits, type Interaction } from 'discord.js';
import { roundToTick } from '../../core/money';
import { err, ok, type Result } from '../../core/result';
import type { Logger } from '../../log/logger';
import type { PendingApproval } from '../../services/api/approvals';
import type { Services } from '../../services/services';
import { approvalCard } from './approvalCard';
import { ApprovalClickHandler } from './approvalClicks';
import { ApprovalButtonCodec } from './approvalCustomId';
import type { DiscordRoles } from './discordRoles';

/** Where new approvals come from (e.g. the OMS's approval requests); returns an unsubscribe function. */
export interface ApprovalFeed {
  onRequested(listener: (p: PendingApproval) => void): () => void;
}

export interface ApprovalBotOptions {
  readonly token: string;
  /** DISCORD_API_ROOT. */
  readonly apiRoot: string;
  readonly services: Services;
  readonly log: Logger;
  readonly roles: DiscordRoles;
  /** The channel cards are posted to; without it the bot only answers clicks on existing cards. */
  readonly channelId?: string;
  /** The HMAC key of the buttons (≥ 16 bytes; keep it stable so cards survive a restart). */
  readonly buttonKey: Uint8Array;
  readonly feed?: ApprovalFeed;
  /** Last traded price for the Limit @ LTP button (no button without it). */
  readonly lastPrice?: (symbol: string) => number | undefined;
  /** Default 0.05. */
  readonly tickSize?: (symbol: string) => number;
  readonly now?: () => number;
  readonly ackAfterMs?: number;
  /** Give up logging in after this long (default 15 s), so start-up never waits on Discord. */
  readonly loginTimeoutMs?: number;
}

export class DiscordApprovalBot {
  private readonly carded = new Set<string>();
  private unsubscribe: (() => void) | undefined;
  private readonly codec: ApprovalButtonCodec;

  private constructor(
    private readonly client: Client,
    private readonly o: ApprovalBotOptions,
    private readonly log: Logger,
  ) {
    this.codec = new ApprovalButtonCodec(o.buttonKey);
  }

  /** Logs in over the gateway; an error (one sentence) when the token is refused or Discord cannot be reached. */
  static async start(o: ApprovalBotOptions): Promise<Result<DiscordApprovalBot, string>> {
    const log = o.log.child({ component: 'discord-bot' });
    const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: o.apiRoot }, waitGuildTimeout: 0 });
    const bot = new DiscordApprovalBot(client, o, log);
    const clicks = new ApprovalClickHandler({
      codec: bot.codec,
      roles: o.roles,
      approvals: o.services.approvals,
      log,
      now: o.now ?? Date.now,
      ...(o.ackAfterMs !== undefined ? { ackAfterMs: o.ackAfterMs } : {}),
    });
    client.on(Events.InteractionCreate, (i: Interaction) => {
      if (!i.isButton()) return;
      clicks.handle(i).catch((e: unknown) => log.warn({ err: e }, 'could not answer a Discord button click'));
    });
    client.on(Events.Error, (e) => log.warn({ err: e }, 'Discord client error'));
    const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), o.loginTimeoutMs ?? 15_000);
    });
    const loggingIn = client.login(o.token).then(() => ready);
    // after a timeout the login may still fail; that late failure is already reported
    loggingIn.catch(() => undefined);
    try {
      const first = await Promise.race([loggingIn, timeout]);
      if (first === 'timeout') throw new Error('login timed out');
    } catch (e) {
      await client.destroy();
      const refused = e instanceof Error && 'code' in e && e.code === DiscordjsErrorCodes.TokenInvalid;
      log.warn({ refused, reason: e instanceof Error ? e.message.split('\n')[0] : String(e) }, 'Discord bot not started');
      return err(
        refused
          ? 'Discord refused DISCORD_BOT_TOKEN; copy the bot token again from the Developer Portal (Bot → Reset Token).'
          : 'The Discord bot could not connect; check DISCORD_API_ROOT and the network, then restart to get approval cards.',
      );
    } finally {
      clearTimeout(timer);
    }
    if (o.feed) {
      bot.unsubscribe = o.feed.onRequested((p) => {
        void bot.postCard(p).then((r) => {
          if (!r.ok) log.warn({ approval: p.id, reason: r.error }, 'approval card not posted on Discord');
        });
      });
    }
    log.info({ user: client.user?.tag, cardsTo: o.channelId ?? 'nowhere (no channel)' }, 'Discord bot ready');
    return ok(bot);
  }

  /** Posts the card for `p`; the message id, or why it could not be posted. */
  async postCard(p: PendingApproval): Promise<Result<string, string>> {
    const channelId = this.o.channelId;
    if (!channelId) return err('No Discord channel is set for approval cards; pass approvalChannelId to startDiscord.');
    const last = this.o.lastPrice?.(p.symbol);
    const limit = last !== undefined && last > 0 ? roundToTick(last, this.o.tickSize?.(p.symbol) ?? 0.05) : undefined;
    const card = approvalCard(p, channelId, this.codec, limit);
    if (!card.ok) return err(`Order ${p.id} cannot get Discord buttons (${card.error}); decide it with /approve or /reject.`);
    try {
      const channel = await this.client.channels.fetch(channelId);
      if (!channel?.isSendable()) return err(`The Discord channel ${channelId} cannot take messages from the bot; check the channel id and the bot's permissions.`);
      this.carded.add(p.id);
      const message = await channel.send(card.value);
      return ok(message.id);
    } catch (e) {
      this.carded.delete(p.id);
      this.log.warn({ err: e, approval: p.id }, 'Discord refused an approval card');
      return err(`The approval card for ${p.id} could not be posted on Discord; decide it with /approve or /reject.`);
    }
  }

  /** Posts a card for every pending approval that has none yet (from this process); the number posted. */
  async postPendingCards(): Promise<number> {
    const approvals = this.o.services.approvals;
    if (!approvals || !this.o.channelId) return 0;
    let posted = 0;
    for (const p of await approvals.pending()) {
      if (this.carded.has(p.id)) continue;
      const r = await this.postCard(p);
      if (r.ok) posted++;
      else this.log.warn({ approval: p.id, reason: r.error }, 'approval card not posted on Discord');
    }
    return posted;
  }

  /** The bot's Discord user id. */
  get userId(): string | undefined {
    return this.client.user?.id;
  }

  async stop(): Promise<void> {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    await this.client.destroy();
  }
}
