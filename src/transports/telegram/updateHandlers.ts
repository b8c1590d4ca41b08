/**
 * What the bot does with each update: text → (sender's role from TELEGRAM_ALLOWED_USERS) → the shared command
 * dispatcher → the reply rendered in the same chat; button taps → approval desk, confirmation or command button.
 * Strangers get one polite refusal and are logged. In groups only commands are read (and only those for this
 * bot), and authority always comes from the sender, never the chat. Handlers never throw and never wait for
 * Telegram to deliver (a slow or unreachable Telegram must not stall the update loop).
 */
import type { Context, Telegraf } from 'telegraf';
import type { CommandDispatcher } from '../../../commands';
import type { Reply } from '../../core/reply';
import type { ApprovalDesk } from './approvalDesk';
import type { ButtonTokens } from './buttonTokens';
import { escapeHtml } from './html';
import type { OutboundQueue, QueueLog } from './outboundQueue';
import { renderTelegramReply, replaceWith, type ChatTarget } from './renderReply';
import type { TelegramUsers } from './users';

export interface HandlerDeps {
  readonly dispatcher: CommandDispatcher;
  readonly users: TelegramUsers;
  readonly queue: OutboundQueue;
  readonly buttons: ButtonTokens;
  readonly desk?: ApprovalDesk;
  readonly log: QueueLog;
  readonly now: () => number;
  readonly tableWidth?: number;
  readonly progressEditMs?: number;
  /** How long a progress message that may be held back waits (default PROGRESS_HOLD_MS). */
  readonly progressHoldMs?: number;
  /** The bot's username, to ignore `/cmd@otherbot` in groups. */
  readonly botUsername: () => string | undefined;
  /** Tracks detached work (so stop() and tests can wait for it). */
  readonly track: (p: Promise<unknown>) => void;
  /** Aborted when the transport stops. */
  readonly signal?: AbortSignal;
}

export function installHandlers(bot: Telegraf<Context>, d: HandlerDeps): void {
  const target = (chatId: number): ChatTarget => ({ queue: d.queue, chatId, buttons: d.buttons, now: d.now, ...(d.tableWidth ? { tableWidth: d.tableWidth } : {}), ...(d.progressEditMs !== undefined ? { progressEditMs: d.progressEditMs } : {}), ...(d.progressHoldMs !== undefined ? { progressHoldMs: d.progressHoldMs } : {}), ...(d.signal ? { signal: d.signal } : {}) });
  const render = (reply: Reply, chatId: number): Promise<void> =>
    renderTelegramReply(reply, target(chatId)).catch((e: unknown) => d.log.error({ err: e, chat: chatId }, 'telegram: could not render a reply'));

  const handleText = async (chatId: number, isPrivate: boolean, from: { id: number; first_name?: string; username?: string }, text: string | undefined): Promise<void> => {
    if (!isPrivate) {
      if (text === undefined || !text.startsWith('/')) return;
      const target = /^\/[A-Za-z0-9_]+@([A-Za-z0-9_]+)/.exec(text)?.[1];
      const me = d.botUsername();
      if (target && me && target.toLowerCase() !== me.toLowerCase()) return;
    }
    const user = d.users.user(from);
    if (!user) {
      const refusal = d.dispatcher.refuseUnknown(String(from.id), { chat: chatId, transport: 'telegram' });
      if (refusal) await render(refusal, chatId);
      return;
    }
    if (text === undefined || text.trim() === '') return render({ kind: 'error', message: 'Send a command as text, e.g. /help.' }, chatId);
    const reply = await d.dispatcher.handle(text, user);
    await render(reply, chatId);
  };

  bot.on('message', (ctx) => {
    const m = ctx.message;
    const text = 'text' in m && typeof m.text === 'string' ? m.text : 'caption' in m && typeof m.caption === 'string' ? m.caption : undefined;
    if (!ctx.from || ctx.from.is_bot) return;
    d.track(handleText(ctx.chat.id, ctx.chat.type === 'private', ctx.from, text).catch((e: unknown) => d.log.error({ err: e }, 'telegram: a message could not be handled')));
  });

  bot.on('callback_query', (ctx) => {
    const cq = ctx.callbackQuery;
    const data = 'data' in cq && typeof cq.data === 'string' ? cq.data : '';
    const chatId = cq.message?.chat.id;
    const messageId = cq.message?.message_id;
    const user = d.users.user(ctx.from);
    const work = async (): Promise<void> => {
      let answer = 'This button is not valid; nothing was changed.';
      let follow: Reply | undefined;
      /** A Refresh: the reply goes in place of the tapped message when it fits one. */
      let inPlace = false;
      if (data.startsWith('a:') && d.desk) {
        answer = await d.desk.handleTap(data, ctx.from.id, user);
      } else if (!user) {
        d.dispatcher.refuseUnknown(String(ctx.from.id), { chat: chatId, transport: 'telegram', callback: true });
        answer = 'You are not a user of this bot; nothing was changed.';
      } else if (data.startsWith('c:') && chatId !== undefined) {
        follow = await d.dispatcher.handle(`/confirm ${data.slice(2, 20)}`, user);
        answer = follow.kind === 'error' ? 'Not confirmed' : 'Confirmed';
        if (follow.kind !== 'error' && messageId !== undefined) {
          const shown = cq.message && 'text' in cq.message && typeof cq.message.text === 'string' ? cq.message.text : 'Confirmation';
          void d.queue.enqueue(chatId, { method: 'editMessageText', messageId, text: `${escapeHtml(shown)}\n\n<b>✔️ Confirmed by ${escapeHtml(user.name ?? user.id)}</b>` });
        }
      } else if (data.startsWith('b:') && chatId !== undefined) {
        const b = d.buttons.resolve(data, chatId);
        if (b.ok) {
          follow = await d.dispatcher.handle(b.action, user);
          inPlace = b.refresh && follow.kind !== 'error';
          answer = follow.kind === 'error' ? 'Not done' : b.refresh ? 'Refreshed' : 'OK';
        } else {
          answer = b.reason === 'expired' ? 'This button has expired; send the command again.' : 'This button is not valid here; send the command instead.';
          d.log.warn({ from: ctx.from.id, reason: b.reason }, 'command button refused');
        }
      } else {
        d.log.warn({ from: ctx.from.id, data: data.slice(0, 64) }, 'unrecognised callback data refused');
      }
      try {
        await ctx.answerCbQuery(answer.slice(0, 200));
      } catch (e) {
        d.log.warn({ err: e }, 'telegram: could not answer a button tap');
      }
      if (follow && chatId !== undefined && !(inPlace && messageId !== undefined && replaceWith(follow, target(chatId), messageId))) await render(follow, chatId);
    };
    d.track(work().catch((e: unknown) => d.log.error({ err: e }, 'telegram: a button tap could not be handled')));
  });
}
