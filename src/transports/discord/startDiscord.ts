/**
 * The Discord transport, wired from the configuration: the alert sink over channel webhooks (when any
 * DISCORD_WEBHOOK_URL* is set) and the approval bot (when DISCORD_BOT_TOKEN is set). Register every entry of
 * `sinks` with the Notifier; call `stop()` at shutdown. It fails only on a malformed webhook URL; a bot that
 * cannot log in leaves the alerts running and is reported in `notices`.
 */
import { createHmac } from 'node:crypto';
import type { Config } from '../../config/types';
import { err, ok, type Result } from '../../core/result';
import type { Logger } from '../../log/logger';
import type { NotificationSink, SendResult, SinkRoute } from '../../notify/sink';
import type { Services } from '../../services/services';
import { DiscordApprovalBot, type ApprovalFeed } from './approvalBot';
import { discordRolesFrom, type DiscordRoles } from './discordRoles';
import { DiscordWebhookSink, type WebhookSinkOptions } from './webhookSink';
import { webhookTargets } from './webhookTargets';

export interface StartDiscordOptions {
  readonly config: Pick<Config, 'discord' | 'encryptionKey'>;
  readonly services: Services;
  readonly log: Logger;
  /** Discord user id → role for the bot's buttons; default DISCORD_ALLOWED_USERS. */
  readonly roles?: DiscordRoles;
  /** The channel the bot posts approval cards to; default DISCORD_APPROVAL_CHANNEL_ID. */
  readonly approvalChannelId?: string;
  /** New approvals as they are requested; without it, cards are posted on `approval` notifications. */
  readonly approvals?: ApprovalFeed;
  readonly lastPrice?: (symbol: string) => number | undefined;
  readonly tickSize?: (symbol: string) => number;
  /** HMAC key of the buttons; default derived from ENCRYPTION_KEY, else from the bot token (stable across restarts). */
  readonly buttonKey?: Uint8Array;
  readonly webhookRest?: WebhookSinkOptions['rest'];
  readonly now?: () => number;
  readonly ackAfterMs?: number;
  readonly loginTimeoutMs?: number;
}

export interface DiscordSinkEntry {
  readonly sink: NotificationSink;
  readonly route: SinkRoute;
}

export interface DiscordTransport {
  /** The webhook alert sink; undefined when no webhook is configured. */
  readonly sink: DiscordWebhookSink | undefined;
  /** Everything to register: `for (const s of sinks) notifier.addSink(s.sink, s.route)`. */
  readonly sinks: readonly DiscordSinkEntry[];
  readonly bot: DiscordApprovalBot | undefined;
  /**
   * What did not start, one sentence each (e.g. the bot token was refused): the alerts still work, so a bot
   * problem is reported here rather than failing the whole transport. Print them with the start-up summary.
   */
  readonly notices: readonly string[];
  stop(): Promise<void>;
}

const buttonKeyFrom = (secret: Uint8Array | string): Buffer => createHmac('sha256', secret).update('autoppm/discord/approval-buttons/v1').digest();

/**
 * A sink for `approval` notifications that makes sure every pending approval has a card (cards already posted
 * by this process are not posted again).
 */
function approvalCardSink(bot: DiscordApprovalBot): NotificationSink {
  return {
    name: 'discord-approvals',
    async send(): Promise<SendResult> {
      await bot.postPendingCards();
      return ok(undefined);
    },
  };
}

export async function startDiscord(o: StartDiscordOptions): Promise<Result<DiscordTransport, string>> {
  const d = o.config.discord;
  const targets = webhookTargets(d);
  if (!targets.ok) return err(targets.error);
  const notices: string[] = [];
  let bot: DiscordApprovalBot | undefined;
  const channelId = o.approvalChannelId ?? d.approvalChannelId;
  if (d.botToken !== undefined) {
    const started = await DiscordApprovalBot.start({
      token: d.botToken,
      apiRoot: d.apiRoot,
      services: o.services,
      log: o.log,
      roles: o.roles ?? discordRolesFrom(d.allowedUsers),
      buttonKey: o.buttonKey ?? buttonKeyFrom(o.config.encryptionKey ?? d.botToken),
      ...(channelId !== undefined ? { channelId } : {}),
      ...(o.approvals ? { feed: o.approvals } : {}),
      ...(o.lastPrice ? { lastPrice: o.lastPrice } : {}),
      ...(o.tickSize ? { tickSize: o.tickSize } : {}),
      ...(o.now ? { now: o.now } : {}),
      ...(o.ackAfterMs !== undefined ? { ackAfterMs: o.ackAfterMs } : {}),
      ...(o.loginTimeoutMs !== undefined ? { loginTimeoutMs: o.loginTimeoutMs } : {}),
    });
    if (started.ok) bot = started.value;
    else notices.push(started.error);
  }

  const cardsOnBot = bot !== undefined && channelId !== undefined;
  const kinds = { ...targets.value };
  // approval cards with buttons replace the plain approval notice
  if (cardsOnBot) delete kinds.approval;
  const sink = Object.keys(kinds).length > 0 ? new DiscordWebhookSink({ targets: kinds, apiRoot: d.apiRoot, log: o.log, ...(o.webhookRest ? { rest: o.webhookRest } : {}) }) : undefined;
  const sinks: DiscordSinkEntry[] = [];
  if (sink) sinks.push({ sink, route: sink.route() });
  if (bot && cardsOnBot && !o.approvals) sinks.push({ sink: approvalCardSink(bot), route: { kinds: ['approval'] } });

  return ok({
    sink,
    sinks,
    bot,
    notices,
    async stop() {
      sink?.destroy();
      await bot?.stop();
    },
  });
}
