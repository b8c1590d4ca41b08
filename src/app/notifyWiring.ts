/**
 * The notification fan-out of a main process: the log always, Discord webhooks (and the Discord approval bot)
 * when configured; the Telegram sink is added by the transport wiring once the bot runs. Each sink has its own
 * persisted queue, so one broken sink never blocks another (src/notify).
 */
import type { Config } from '../config/types';
import type { Clock } from '../core/clock';
import type { Logger } from '../log/logger';
import { logSink } from '../notify/consoleSinks';
import { Notifier } from '../notify/notifier';
import type { NotificationOutbox } from '../notify/outbox';
import type { Services } from '../services/services';
import { startDiscord, type DiscordTransport } from '../transports/discord';

export interface NotifyWiring {
  readonly notifier: Notifier;
  readonly discord: DiscordTransport | undefined;
  /** One line for the banner (empty when Discord is not configured: the config summary says so). */
  readonly discordLine: string;
}

export async function startNotify(o: { config: Config; logger: Logger; clock: Clock; outbox: NotificationOutbox; services: Services; lastPrice: (s: string) => number | undefined }): Promise<NotifyWiring> {
  const notifier = new Notifier({ logger: o.logger, clock: o.clock, outbox: o.outbox });
  notifier.addSink(logSink(o.logger));
  const d = o.config.discord;
  const wanted = d.webhookUrl !== undefined || Object.values(d.webhookUrls).some((u) => u !== undefined) || d.botToken !== undefined;
  if (!wanted) return { notifier, discord: undefined, discordLine: '' };
  const started = await startDiscord({ config: o.config, services: o.services, log: o.logger, lastPrice: o.lastPrice, tickSize: () => 0.05 });
  if (!started.ok) {
    o.logger.error({ reason: started.error }, 'Discord could not start');
    return { notifier, discord: undefined, discordLine: `Discord: off (${started.error})` };
  }
  for (const s of started.value.sinks) notifier.addSink(s.sink, s.route);
  const parts = [started.value.sink ? 'webhook alerts' : undefined, started.value.bot ? 'approval bot' : undefined].filter((x) => x !== undefined);
  return { notifier, discord: started.value, discordLine: `Discord: on (${parts.join(', ') || 'nothing to send'})` };
}
