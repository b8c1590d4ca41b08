/**
 * Chat front ends of a main process: Telegram (when TELEGRAM_BOT_TOKEN is set) with one-tap approval cards and
 * its persisted outbound queue, else the console on the given input (a terminal or a pipe). Both use the same
 * dispatcher over the services.
 */
import { createHmac } from 'node:crypto';
import type { Readable, Writable } from 'node:stream';
import type { CommandDispatcher } from '../../commands';
import type { WiringConfig } from '../config/types';
import type { Clock } from '../core/clock';
import type { TelegramWebhookRoute } from '../http/server';
import type { Logger } from '../log/logger';
import type { Notifier } from '../notify/notifier';
import { telegramAddress } from '../notify/sink';
import type { Services } from '../services/services';
import { CONSOLE_ROUTE, consoleNotifySink, consoleOutput, startConsole } from '../transports/console';
import { startTelegram, type TelegramTransport } from '../transports/telegram';
import type { ApprovalService } from '../oms/approvalService';
import type { Repositories } from './storeWiring';

export interface ConsoleIo {
  readonly input: Readable;
  readonly output: Writable;
}

export interface Transports {
  readonly telegram: TelegramTransport | undefined;
  /** TELEGRAM_WEBHOOK_URL set: the route the HTTP server mounts for Telegram's updates. */
  readonly telegramWebhook?: TelegramWebhookRoute;
  /** Resolves when the console's input ends (never settles without a console). */
  readonly consoleDone: Promise<void> | undefined;
  readonly line: string;
  stop(): Promise<void>;
}

export async function startTransports(o: {
  config: WiringConfig;
  logger: Logger;
  services: Services;
  dispatcher: CommandDispatcher;
  approvals: ApprovalService;
  repos: Repositories;
  notifier: Notifier;
  console: ConsoleIo | undefined;
  /** The app's clock (approval cards count down and stamp times with it). */
  clock: Clock;
  /** Telegram: how long a held-back progress message waits (default PROGRESS_HOLD_MS). */
  progressHoldMs?: number;
}): Promise<Transports> {
  const t = o.config.telegram;
  if (t.botToken !== undefined) {
    const log = o.logger.child({ component: 'telegram' });
    const telegram = await startTelegram({
      config: {
        botToken: t.botToken,
        allowedUsers: t.allowedUsers,
        webhookUrl: t.webhookUrl,
        webhookSecret: t.webhookSecret,
        apiRoot: t.apiRoot,
        // Stable across restarts, so cards sent before a restart can still be tapped after it.
        signingSecret: o.config.encryptionKey ?? createHmac('sha256', t.botToken).update('autoppm/telegram/approval-buttons/v1').digest(),
      },
      dispatcher: o.dispatcher,
      services: o.services,
      log: { info: (obj, msg) => log.info(obj, msg), warn: (obj, msg) => log.warn(obj, msg), error: (obj, msg) => log.error(obj, msg) },
      store: { outbound: o.repos.telegramOutbound, cards: o.repos.telegramCards },
      approvals: { events: o.approvals },
      now: () => o.clock.now(),
      ...(o.progressHoldMs !== undefined ? { progressHoldMs: o.progressHoldMs } : {}),
    });
    o.notifier.addSink(telegram.sink, { addressees: telegramAddress });
    const users = t.allowedUsers.length;
    const hook = telegram.webhook;
    return {
      telegram,
      ...(hook && telegram.webhookPath !== undefined ? { telegramWebhook: { path: telegram.webhookPath, handle: (req, res) => hook(req, res) } } : {}),
      consoleDone: undefined,
      line: `Telegram: on (${t.webhookUrl ? 'webhook' : 'long polling'}, ${users} allowed user${users === 1 ? '' : 's'})`,
      stop: () => telegram.stop(),
    };
  }
  if (!o.console) return { telegram: undefined, consoleDone: undefined, line: 'Telegram: off (no TELEGRAM_BOT_TOKEN); console: off (stdin is not a terminal or a pipe)', stop: async () => undefined };
  const stopping = new AbortController();
  const session = startConsole({ services: o.services, dispatcher: o.dispatcher, input: o.console.input, output: o.console.output, dataDir: o.config.dataDir, log: o.logger, signal: stopping.signal });
  // Alerts, fills and results addressed to the console user are printed between the replies.
  o.notifier.addSink(consoleNotifySink(consoleOutput({ output: o.console.output, dataDir: o.config.dataDir })), CONSOLE_ROUTE);
  const consoleDone = session.then(
    () => undefined,
    (e: unknown) => o.logger.error({ err: e }, 'the console stopped with an error'),
  );
  return {
    telegram: undefined,
    consoleDone,
    line: 'Telegram: off (no TELEGRAM_BOT_TOKEN); console: on (type /help)',
    stop: async () => {
      stopping.abort();
      o.console?.input.destroy();
      await consoleDone;
    },
  };
}

/**
 * A worker's Telegram: send-only (no polling, no commands, no approval cards — those stay with the main process).
 * What the worker raises reaches the admins and the person who asked like the main process's messages: a queued
 * backtest's or sweep's result, the risk scan's alerts, a job's failure report. Its own sink name keeps its
 * persisted queue apart from the main process's. Undefined without TELEGRAM_BOT_TOKEN.
 */
export async function startWorkerTelegram(o: { config: WiringConfig; logger: Logger; notifier: Notifier }): Promise<{ readonly line: string; stop(): Promise<void> } | undefined> {
  const t = o.config.telegram;
  if (t.botToken === undefined) return undefined;
  const log = o.logger.child({ component: 'telegram', role: 'worker' });
  const telegram = await startTelegram({
    config: { botToken: t.botToken, allowedUsers: t.allowedUsers, apiRoot: t.apiRoot },
    log: { info: (obj, msg) => log.info(obj, msg), warn: (obj, msg) => log.warn(obj, msg), error: (obj, msg) => log.error(obj, msg) },
    launch: false,
  });
  o.notifier.addSink({ name: 'telegram-worker', send: (n) => telegram.sink.send(n) }, { addressees: telegramAddress });
  return { line: 'Telegram: send-only (results and alerts of the jobs this worker runs)', stop: () => telegram.stop() };
}
