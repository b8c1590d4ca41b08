/**
 * The notification fan-out of a main process: the log always, outgoing webhooks (one queue per URL) and Discord
 * webhooks (and the Discord approval bot) when configured; the Telegram sink is added by the transport wiring once
 * the bot runs. Each sink has its own persisted queue, so one broken sink never blocks another (src/notify). With
 * DISCORD_BOT_TOKEN the approval bot posts a card with buttons to DISCORD_APPROVAL_CHANNEL_ID for every approval
 * that opens (fed by the approval service's change stream, one posting round at a time so no card is posted twice).
 */
import type { WiringConfig } from '../config/types';
import type { Clock } from '../core/clock';
import type { Logger } from '../log/logger';
import { logSink } from '../notify/consoleSinks';
import { Notifier } from '../notify/notifier';
import { WebhookSink, webhookRoutes } from '../notify/webhookSink';
import type { NotificationOutbox } from '../notify/outbox';
import type { Services } from '../services/services';
import { startDiscord, type DiscordTransport } from '../transports/discord';

/** The approval service's change stream (ObservedApprovals): every approval that opens or changes. */
export interface ApprovalChanges {
  subscribe(listener: (a: { readonly status: string }) => void): () => void;
}

export interface NotifyWiring {
  readonly notifier: Notifier;
  readonly discord: DiscordTransport | undefined;
  /** One line for the banner (empty when Discord is not configured: the config summary says so). */
  readonly discordLine: string;
}

export async function startNotify(o: {
  config: WiringConfig;
  logger: Logger;
  clock: Clock;
  outbox: NotificationOutbox;
  services: Services;
  lastPrice: (s: string) => number | undefined;
  approvals?: ApprovalChanges;
}): Promise<NotifyWiring> {
  const notifier = new Notifier({ logger: o.logger, clock: o.clock, outbox: o.outbox });
  // The log keeps a line of everything, addressed notifications included.
  notifier.addSink(logSink(o.logger), { addressees: () => true });
  // Outgoing webhooks: one sink (one queue) per URL, for the kinds routed to it (OUTGOING_WEBHOOK_URLS*).
  for (const [url, route] of webhookRoutes(o.config.webhooks.urls)) {
    notifier.addSink(new WebhookSink({ url, format: o.config.webhooks.format, log: o.logger }), route);
  }
  const d = o.config.discord;
  const wanted = d.webhookUrl !== undefined || Object.values(d.webhookUrls).some((u) => u !== undefined) || d.botToken !== undefined;
  if (!wanted) return { notifier, discord: undefined, discordLine: '' };
  const started = await startDiscord({
    config: o.config,
    services: o.services,
    log: o.logger,
    lastPrice: o.lastPrice,
    tickSize: () => 0.05,
    ...(d.approvalChannelId !== undefined ? { approvalChannelId: d.approvalChannelId } : {}),
  });
  if (!started.ok) {
    o.logger.error({ reason: started.error }, 'Discord could not start');
    return { notifier, discord: undefined, discordLine: `Discord: off (${started.error})` };
  }
  for (const s of started.value.sinks) notifier.addSink(s.sink, s.route);
  const bot = started.value.bot;
  const off = bot && d.approvalChannelId !== undefined && o.approvals ? cardsOnOpen(o.approvals, () => bot.postPendingCards(), o.logger) : undefined;
  const discord: DiscordTransport = {
    ...started.value,
    async stop() {
      off?.();
      await started.value.stop();
    },
  };
  const cards = bot ? (d.approvalChannelId !== undefined ? `approval bot, cards to channel ${d.approvalChannelId}` : 'approval bot, no DISCORD_APPROVAL_CHANNEL_ID for cards') : undefined;
  const parts = [started.value.sink ? 'webhook alerts' : undefined, cards].filter((x) => x !== undefined);
  const notices = started.value.notices.length > 0 ? `; ${started.value.notices.join(' ')}` : '';
  return { notifier, discord, discordLine: `Discord: on (${parts.join(', ') || 'nothing to send'})${notices}` };
}

/** Posts the cards of pending approvals whenever one opens; rounds run one after another (no card twice). */
function cardsOnOpen(approvals: ApprovalChanges, post: () => Promise<number>, logger: Logger): () => void {
  let round: Promise<unknown> = Promise.resolve();
  return approvals.subscribe((a) => {
    if (a.status !== 'PENDING') return;
    round = round.then(post).catch((e: unknown) => logger.warn({ err: e }, 'Discord approval cards were not posted'));
  });
}
