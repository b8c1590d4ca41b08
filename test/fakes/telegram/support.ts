/** Shared helpers for the fake Telegram tests: a launched telegraf bot and its orderly shutdown. */
import { Telegraf, type Context } from 'telegraf';
import type { FakeTelegram } from '.';

export function botFor(fake: FakeTelegram): Telegraf<Context> {
  return new Telegraf(fake.token, { telegram: { apiRoot: fake.apiRoot } });
}

export interface Polling {
  /** launch()'s promise: it settles only after bot.stop(). */
  readonly done: Promise<void>;
}

/** Starts long polling and resolves once telegraf has sent its first getUpdates to the fake. */
export async function launchPolling(fake: FakeTelegram, bot: Telegraf<Context>): Promise<Polling> {
  const done = bot.launch();
  const deadline = Date.now() + 5000;
  while (fake.calls('getUpdates').length === 0) {
    if (Date.now() > deadline) throw new Error('telegraf never called getUpdates');
    await new Promise((r) => setTimeout(r, 10));
  }
  return { done };
}

/** bot.stop() and wait for launch() to settle (it resolves after the final offset sync). */
export async function stopPolling(bot: Telegraf<Context>, polling: Polling | undefined): Promise<void> {
  if (!polling) return;
  bot.stop('test done');
  await polling.done.catch(() => undefined);
}
