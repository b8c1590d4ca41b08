/**
 * The Telegram transport (the only telegraf importer): starts the bot (long polling, or a webhook when
 * TELEGRAM_WEBHOOK_URL is set — the returned `webhook` handler checks the secret token and is mounted by
 * src/http), registers the commands with setMyCommands, routes every text command through the shared dispatcher
 * and sends everything through the rate-limited, persisted outbound queue. It also shows one-tap approval cards
 * and gives the notification fan-out a sink.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Telegraf, type Context } from 'telegraf';
import type { Update } from 'telegraf/types';
import { createCommandRegistry, createDispatcher, type CommandDispatcher, type CommandRegistry } from '../../../commands';
import type { ApprovalCard } from '../../services/api/approvals';
import type { NotificationSink } from '../../notify/sink';
import type { Services } from '../../services/services';
import { ApprovalDesk } from './approvalDesk';
import { ButtonTokens } from './buttonTokens';
import { callbackKey } from './callbackData';
import { MemoryCardRefs, type CardRefStore } from '../../core/ports/cardRefs';
import { telegramSink } from './notifySink';
import { MemoryOutboundStore, type OutboundStore } from '../../core/ports/telegramOutbox';
import { OutboundQueue, type QueueLog } from './outboundQueue';
import type { TelegramLimits } from './rateWindows';
import { telegramDeliver } from './telegramCalls';
import { installHandlers } from './updateHandlers';
import { guardedWebhook } from './webhookGuard';
import { TelegramUsers, type AllowedTelegramUser } from './users';

/** Something that tells the transport when an approval opens or changes (approval service, console, expiry sweep). */
export interface ApprovalEventSource {
  subscribe(listener: (a: ApprovalCard) => void): () => void;
}

export interface StartTelegramOptions {
  readonly config: {
    readonly botToken: string;
    readonly allowedUsers: readonly AllowedTelegramUser[];
    readonly webhookUrl?: string | undefined;
    readonly webhookSecret?: string | undefined;
    readonly apiRoot: string;
    /** ENCRYPTION_KEY, or another secret, for signing button data (a random per-process key when absent). */
    readonly signingSecret?: Uint8Array | string | undefined;
  };
  /** The shared dispatcher; default: the standard commands over `services`. */
  readonly dispatcher?: CommandDispatcher;
  readonly services?: Services;
  /** For setMyCommands (default: the standard commands). */
  readonly registry?: CommandRegistry;
  readonly log: QueueLog;
  readonly store?: { readonly outbound?: OutboundStore; readonly cards?: CardRefStore };
  /** Approval cards: decided through `services.approvals` (the one door), shown as `events` announce them. */
  readonly approvals?: { readonly events?: ApprovalEventSource };
  /** Default true: start polling or set the webhook. False: only `handleUpdate` (tests, custom hosting). */
  readonly launch?: boolean;
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly limits?: TelegramLimits;
  readonly progressEditMs?: number;
  /** How long a held-back progress message waits before it is sent (default PROGRESS_HOLD_MS). */
  readonly progressHoldMs?: number;
  readonly tableWidth?: number;
}

export type WebhookHandler = (req: IncomingMessage & { body?: Update }, res: ServerResponse, next?: () => void) => Promise<void>;

export interface TelegramTransport {
  readonly sink: NotificationSink;
  readonly queue: OutboundQueue;
  readonly desk?: ApprovalDesk;
  /** Feeds one update (webhook hosting or tests). */
  handleUpdate(update: Update): Promise<void>;
  /** Set in webhook mode: mount at the webhook URL's path (checks method, path and the secret token header). */
  readonly webhook?: WebhookHandler;
  readonly webhookPath?: string;
  /** Resolves when every update received so far has been handled and its replies queued. */
  settled(): Promise<void>;
  stop(): Promise<void>;
}

const COMMAND_NAME = /^[a-z0-9_]{1,32}$/;

export async function startTelegram(o: StartTelegramOptions): Promise<TelegramTransport> {
  const now = o.now ?? Date.now;
  const log = o.log;
  const bot = new Telegraf<Context>(o.config.botToken, { telegram: { apiRoot: o.config.apiRoot } });
  const users = new TelegramUsers(o.config.allowedUsers);
  const buttons = new ButtonTokens(now);
  const cards = o.store?.cards ?? new MemoryCardRefs();
  const key = callbackKey(o.config.signingSecret ?? bot.telegram.token + String(Math.random()));
  let desk: ApprovalDesk | undefined;
  const queue = new OutboundQueue({
    deliver: telegramDeliver(bot.telegram),
    store: o.store?.outbound ?? new MemoryOutboundStore(),
    log,
    now,
    ...(o.sleep ? { sleep: o.sleep } : {}),
    ...(o.limits ? { limits: o.limits } : {}),
    onDelivered: (item, messageId) => desk?.handleDelivered(item, messageId),
  });
  if (o.approvals && o.services?.approvals) {
    desk = new ApprovalDesk({ approvals: o.services.approvals, users, queue, refs: cards, key, now, log });
  }
  const dispatcher = o.dispatcher ?? createDispatcher(o.services ?? {}, { log, now });
  const registry = o.registry ?? createCommandRegistry();
  const inflight = new Set<Promise<unknown>>();
  const track = (p: Promise<unknown>): void => {
    inflight.add(p);
    void p.finally(() => inflight.delete(p));
  };
  const stopping = new AbortController();
  installHandlers(bot, { dispatcher, users, queue, buttons, log, now, track, signal: stopping.signal, botUsername: () => bot.botInfo?.username, ...(desk ? { desk } : {}), ...(o.tableWidth ? { tableWidth: o.tableWidth } : {}), ...(o.progressEditMs !== undefined ? { progressEditMs: o.progressEditMs } : {}), ...(o.progressHoldMs !== undefined ? { progressHoldMs: o.progressHoldMs } : {}) });
  bot.catch((e) => log.error({ err: e }, 'telegram: an update failed'));

  const unsubscribe = o.approvals?.events?.subscribe((a) => {
    if (desk) track(desk.handleApproval(a).catch((e: unknown) => log.error({ err: e, approval: a.id }, 'telegram: could not show an approval')));
  });
  await queue.restore();

  let polling: Promise<void> | undefined;
  let webhook: WebhookHandler | undefined;
  let webhookPath: string | undefined;
  if (o.launch ?? true) {
    const commands = registry.all().filter((c) => COMMAND_NAME.test(c.name)).map((c) => ({ command: c.name, description: c.summary.slice(0, 256) }));
    try {
      bot.botInfo = await bot.telegram.getMe();
      await bot.telegram.setMyCommands(commands);
    } catch (e) {
      log.error({ err: e }, 'telegram: could not reach the Bot API at start; check TELEGRAM_BOT_TOKEN and TELEGRAM_API_ROOT (messages stay queued)');
    }
    if (o.config.webhookUrl) {
      webhookPath = new URL(o.config.webhookUrl).pathname;
      webhook = guardedWebhook(webhookPath, o.config.webhookSecret, bot.webhookCallback(webhookPath, o.config.webhookSecret ? { secretToken: o.config.webhookSecret } : {}));
      await bot.telegram.setWebhook(o.config.webhookUrl, { ...(o.config.webhookSecret ? { secret_token: o.config.webhookSecret } : {}), allowed_updates: ['message', 'callback_query'] }).catch((e: unknown) => log.error({ err: e }, 'telegram: could not set the webhook; check TELEGRAM_WEBHOOK_URL'));
    } else {
      // launch() settles only when the bot stops: keep the promise, never await it here.
      polling = bot.launch({ allowedUpdates: ['message', 'callback_query'] }).catch((e: unknown) => log.error({ err: e }, 'telegram: long polling stopped with an error; check the bot token'));
    }
  }

  const settled = async (): Promise<void> => {
    while (inflight.size > 0) await Promise.allSettled([...inflight]);
  };
  return {
    sink: telegramSink({ queue, users, buttons }),
    queue,
    ...(desk ? { desk } : {}),
    handleUpdate: (update) => bot.handleUpdate(update),
    ...(webhook ? { webhook, webhookPath } : {}),
    settled,
    async stop() {
      stopping.abort();
      unsubscribe?.();
      if (polling) {
        // launch() may still be on getMe/deleteWebhook, with no polling to stop yet (telegraf throws "Bot is not
        // running!"): try again until it stops or launch() has ended on its own (a failure is logged above).
        const ended = polling.then(() => true);
        for (;;) {
          try {
            bot.stop('shutdown');
            break;
          } catch {
            if (await Promise.race([ended, new Promise<false>((r) => setTimeout(() => r(false), 20))])) break;
          }
        }
        await polling;
      }
      await settled();
      await queue.stop();
    },
  };
}
