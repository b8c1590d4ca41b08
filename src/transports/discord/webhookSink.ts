/**
 * The Discord alert sink: notifications to channel webhooks (discord.js WebhookClient against DISCORD_API_ROOT),
 * routed by kind, as embeds with the chart attached. Each webhook has its own small queue so messages to one
 * channel go out in order and a slow or rate-limited webhook does not hold up another; the REST client honours
 * Discord's rate limits (X-RateLimit-* and 429 retry_after). Register it with the Notifier (src/notify), whose
 * per-sink queue makes `notify` return at once, retries with backoff and keeps alerts through an outage.
 */
import { RESTEvents, WebhookClient } from 'discord.js';
import { err, ok } from '../../core/result';
import type { Logger } from '../../log/logger';
import type { Notification, NotificationKind } from '../../notify/notification';
import type { NotificationSink, SendResult, SinkRoute } from '../../notify/sink';
import { alertMessage } from './alertEmbed';
import { deliveryFailure } from './deliveryError';
import type { WebhookTarget, WebhookTargets } from './webhookTargets';

export interface WebhookSinkOptions {
  readonly targets: WebhookTargets;
  /** DISCORD_API_ROOT, e.g. https://discord.com/api. */
  readonly apiRoot: string;
  readonly log: Logger;
  /** Default 'discord' (the Notifier's queue key: keep it stable). */
  readonly name?: string;
  /** Shown as the message author (default AutoPPM). */
  readonly username?: string;
  /**
   * One request's time limit and the REST client's own retries (defaults 4 s, 1). Keep timeout × (retries + 1)
   * below the Notifier's sendTimeoutMs so a slow attempt is abandoned here, never sent twice.
   */
  readonly rest?: { readonly timeoutMs?: number; readonly retries?: number; readonly maxRateLimitWaitMs?: number };
  /** Messages waiting per webhook beyond which `send` answers "busy" (a transient failure; default 50). */
  readonly maxQueuedPerWebhook?: number;
}

interface Channel {
  readonly target: WebhookTarget;
  readonly client: WebhookClient;
  tail: Promise<unknown>;
  waiting: number;
}

export class DiscordWebhookSink implements NotificationSink {
  readonly name: string;
  private readonly channels = new Map<string, Channel>();
  private readonly byKind = new Map<NotificationKind, Channel>();
  private readonly log: Logger;
  private destroyed = false;

  constructor(private readonly o: WebhookSinkOptions) {
    this.name = o.name ?? 'discord';
    this.log = o.log.child({ component: 'discord', sink: this.name });
    for (const [kind, target] of Object.entries(o.targets) as [NotificationKind, WebhookTarget][]) {
      let channel = this.channels.get(target.id);
      if (!channel) {
        const client = new WebhookClient(
          { id: target.id, token: target.token },
          {
            rest: {
              api: o.apiRoot,
              timeout: o.rest?.timeoutMs ?? 4000,
              retries: o.rest?.retries ?? 1,
              // a long wait fails the attempt instead, so the Notifier's queue retries later and nothing waits twice
              rejectOnRateLimit: (d) => d.retryAfter > (o.rest?.maxRateLimitWaitMs ?? 3000),
            },
            allowedMentions: { parse: [] },
          },
        );
        client.rest.on(RESTEvents.RateLimited, (info) =>
          this.log.info({ webhook: target.variable, retryAfterMs: info.retryAfter, global: info.global }, 'Discord rate limit reached; waiting as it asks'),
        );
        channel = { target, client, tail: Promise.resolve(), waiting: 0 };
        this.channels.set(target.id, channel);
      }
      this.byKind.set(kind, channel);
    }
  }

  /** The kinds this sink has a webhook for (pass it to `Notifier.addSink`). */
  route(): SinkRoute {
    return { kinds: [...this.byKind.keys()] };
  }

  send(n: Notification): Promise<SendResult> {
    const channel = this.byKind.get(n.kind);
    if (!channel) return Promise.resolve(err({ reason: `no Discord webhook is configured for ${n.kind} notifications`, permanent: true }));
    if (this.destroyed) return Promise.resolve(err({ reason: 'the Discord sink is stopped', permanent: false }));
    if (channel.waiting >= (this.o.maxQueuedPerWebhook ?? 50)) {
      return Promise.resolve(err({ reason: `${channel.target.variable} has too many messages waiting`, permanent: false }));
    }
    channel.waiting++;
    const run = channel.tail.then(() => this.deliver(channel, n));
    channel.tail = run
      .catch(() => undefined)
      .finally(() => {
        channel.waiting--;
      });
    return run;
  }

  private async deliver(channel: Channel, n: Notification): Promise<SendResult> {
    if (this.destroyed) return err({ reason: 'the Discord sink is stopped', permanent: false });
    const message = alertMessage(n);
    try {
      await channel.client.send({
        username: this.o.username ?? 'AutoPPM',
        embeds: [...message.embeds],
        files: message.files.map((f) => ({ attachment: f.attachment, name: f.name })),
      });
      return ok(undefined);
    } catch (e) {
      const failure = deliveryFailure(e);
      this.log.warn({ webhook: channel.target.variable, kind: n.kind, id: n.id, reason: failure.reason, permanent: failure.permanent }, 'Discord alert not delivered');
      return err(failure);
    }
  }

  /** Closes every webhook client (their timers would keep the process alive). */
  destroy(): void {
    this.destroyed = true;
    for (const c of this.channels.values()) c.client.destroy();
  }
}
