/**
 * Renders a Reply in one Telegram chat (HTML parse mode, through the outbound queue): text and errors as
 * messages split at 4096 characters; tables in <pre> blocks sized for a phone; images as photos (caption ≤ 1024,
 * the rest in a follow-up message); buttons as an inline keyboard; a confirmation as a Confirm button; progress
 * as one message edited while the work runs and finished with the result; `many` in order.
 */
import type { Reply } from '../../core/reply';
import type { ButtonTokens } from './buttonTokens';
import { escapeHtml, layoutHtml, para, splitCaption, type Block } from './html';
import type { InlineButton, Keyboard, ReplyKeyboard } from '../../core/ports/telegramOutbox';
import type { OutboundQueue } from './outboundQueue';
import { phoneTable } from './phoneTable';
import { ProgressMessage } from './progressMessage';

export interface ChatTarget {
  readonly queue: OutboundQueue;
  readonly chatId: number;
  readonly buttons: ButtonTokens;
  readonly now: () => number;
  readonly tableWidth?: number;
  readonly progressEditMs?: number;
  /** How long a progress message that may be held back waits (default PROGRESS_HOLD_MS). */
  readonly progressHoldMs?: number;
  /** Aborted when the transport stops (passed to progress work). */
  readonly signal?: AbortSignal;
}

/** The blocks of a reply that is shown as text (everything except images, progress and many). */
export function replyBlocks(reply: Reply, now: () => number, width?: number): Block[] {
  switch (reply.kind) {
    case 'text':
      return [para(reply.text)];
    case 'error':
      return [para(`⚠️ ${reply.message}`)];
    case 'table':
      return [
        ...(reply.title ? [para(reply.title, { bold: true })] : []),
        { kind: 'pre', lines: phoneTable(reply.columns, reply.rows, width) },
        ...(reply.footer ? [para(reply.footer, { italic: true })] : []),
      ];
    case 'buttons':
      return [para(reply.text)];
    case 'confirm':
      return [para(`⚠️ ${reply.prompt}`, { bold: true }), para(`Tap Confirm within ${Math.max(0, Math.round((reply.expiresAt - now()) / 1000))} s, or send /confirm ${reply.code}.`)];
    default:
      return [];
  }
}

/** The inline buttons of a reply (a confirmation's Confirm, command buttons, a Refresh). */
export function keyboardOf(reply: Reply, t: Pick<ChatTarget, 'buttons' | 'chatId'>): Keyboard | undefined {
  if (reply.kind === 'confirm') return [[{ text: '✅ Confirm', callback_data: `c:${reply.code}` }]];
  const rows = reply.kind === 'buttons' ? reply.rows : reply.kind === 'text' || reply.kind === 'table' ? reply.buttons : undefined;
  if (!rows || rows.length === 0) return undefined;
  return rows.map((row) =>
    row.map((b): InlineButton => (/^https:\/\//.test(b.action) ? { text: b.label, url: b.action } : { text: b.label, callback_data: t.buttons.issue(b.action, t.chatId, b.refresh === true) })),
  );
}

/** Sends text messages; the keyboard goes on the last one. Resolves once they are queued (not delivered). */
function sendText(t: ChatTarget, blocks: readonly Block[], keyboard?: Keyboard, replyKeyboard?: ReplyKeyboard): void {
  const messages = layoutHtml(blocks);
  if (messages.length === 0) messages.push(escapeHtml('(empty reply)'));
  messages.forEach((text, i) => {
    const last = i === messages.length - 1;
    void t.queue.enqueue(t.chatId, { method: 'sendMessage', text, ...(keyboard && last ? { keyboard } : {}), ...(replyKeyboard && !keyboard && last ? { replyKeyboard } : {}) });
  });
}

/**
 * A Refresh: the reply shown in place of message `messageId` when it fits one message (a table or a text), with new
 * buttons; false when it does not (the caller sends it as a new message).
 */
export function replaceWith(reply: Reply, t: ChatTarget, messageId: number): boolean {
  if (reply.kind !== 'text' && reply.kind !== 'table') return false;
  const messages = layoutHtml(replyBlocks(reply, t.now, t.tableWidth));
  if (messages.length !== 1) return false;
  const keyboard = keyboardOf(reply, t);
  void t.queue.enqueue(t.chatId, { method: 'editMessageText', messageId, text: messages[0]!, ...(keyboard ? { keyboard } : {}) });
  return true;
}

export async function renderTelegramReply(reply: Reply, t: ChatTarget): Promise<void> {
  switch (reply.kind) {
    case 'image': {
      const { caption, rest } = splitCaption(reply.caption);
      const filename = /\.png$/i.test(reply.filename) ? reply.filename : `${reply.filename}.png`;
      void t.queue.enqueue(t.chatId, { method: 'sendPhoto', png: reply.png, filename, caption });
      if (rest) sendText(t, [para(rest)]);
      return;
    }
    case 'many':
      for (const r of reply.replies) await renderTelegramReply(r, t);
      return;
    case 'progress':
      return renderProgress(reply, t);
    default:
      sendText(t, replyBlocks(reply, t.now, t.tableWidth), keyboardOf(reply, t), reply.kind === 'text' ? reply.keyboard : undefined);
  }
}

/**
 * How long a progress message that may be held back (`holdBack`) waits before it is sent: a job that ends sooner
 * answers with its result alone (Telegram allows about one message a second per chat, so a progress message and
 * its edits would each delay the result by a second).
 */
export const PROGRESS_HOLD_MS = 1000;

async function renderProgress(reply: Extract<Reply, { kind: 'progress' }>, t: ChatTarget): Promise<void> {
  let latest = reply.title;
  let progress: ProgressMessage | undefined;
  let opening: Promise<void> | undefined;
  const open = (): Promise<void> =>
    (opening ??= (async () => {
      const sent = latest;
      const opened = await t.queue.enqueue(t.chatId, { method: 'sendMessage', text: `⏳ ${escapeHtml(sent)}` });
      if (!opened.ok) return;
      progress = new ProgressMessage(t.queue, t.chatId, opened.messageId, t.now, t.progressEditMs);
      if (latest !== sent) progress.update(latest);
    })());
  const timer = reply.holdBack ? setTimeout(() => void open(), t.progressHoldMs ?? PROGRESS_HOLD_MS) : undefined;
  if (!timer) await open();
  const result = await reply.run({
    update: (text) => {
      latest = text;
      progress?.update(text);
    },
    shown: () => opening !== undefined,
    ...(t.signal ? { signal: t.signal } : {}),
  });
  if (timer) clearTimeout(timer);
  if (opening) await opening;
  else {
    // Done before anything was shown: the result is the one answer.
    await renderTelegramReply(result, t);
    return;
  }
  // A short text or error result replaces the progress message; anything else follows it.
  const single = result.kind === 'text' || result.kind === 'error' ? layoutHtml(replyBlocks(result, t.now, t.tableWidth)) : [];
  if (progress && single.length === 1) {
    await progress.finish(single[0]!);
    return;
  }
  if (progress) await progress.finish(`✔️ ${escapeHtml(reply.title.replace(/…$/, ''))} — done`);
  await renderTelegramReply(result, t);
}
