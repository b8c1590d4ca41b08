/**
 * The Telegram sink for the notification fan-out (src/notify): a notification goes to the chat it is addressed
 * to (`to: "telegram:<user id>"`) or to every user on the list (approval notices to traders and admins only),
 * as one HTML message (title, text, fields) or a photo with caption, with its actions as buttons. Delivery is
 * the outbound queue's job (rate limits, retries, persisted across restarts), so `send` succeeds once queued.
 */
import { ok } from '../../core/result';
import type { Notification } from '../../notify/notification';
import type { NotificationSink, SendResult } from '../../notify/sink';
import type { ButtonTokens } from './buttonTokens';
import { escapeHtml, layoutHtml, para, splitCaption, type Block } from './html';
import type { InlineButton, Keyboard } from '../../core/ports/telegramOutbox';
import type { OutboundQueue } from './outboundQueue';
import type { TelegramUsers } from './users';

const MARK: Record<Notification['severity'], string> = { info: 'ℹ️', warning: '⚠️', critical: '🚨' };

export function notificationBlocks(n: Notification): Block[] {
  const blocks: Block[] = [para(`${MARK[n.severity]} ${n.title}`, { bold: true })];
  if (n.text) blocks.push(para(n.text));
  if (n.fields.length > 0) blocks.push({ kind: 'para', lines: n.fields.map((f) => ({ text: `${f.name}: ${f.value}` })) });
  return blocks;
}

export function telegramSink(o: { readonly queue: OutboundQueue; readonly users: TelegramUsers; readonly buttons: ButtonTokens; readonly name?: string }): NotificationSink {
  const recipients = (n: Notification): number[] => {
    const m = n.to ? /^telegram:(\d+)$/.exec(n.to) : null;
    if (n.to) return m && o.users.roleOf(Number(m[1])) ? [Number(m[1])] : [];
    return n.kind === 'approval' ? o.users.withRole('trader', 'admin') : o.users.all();
  };
  const keyboard = (n: Notification, chatId: number): Keyboard | undefined =>
    n.actions && n.actions.length > 0
      ? [n.actions.map((a): InlineButton => (a.url ? { text: a.label, url: a.url } : { text: a.label, callback_data: o.buttons.issue(a.command ?? '/help', chatId) }))]
      : undefined;
  return {
    name: o.name ?? 'telegram',
    async send(n: Notification): Promise<SendResult> {
      for (const chatId of recipients(n)) {
        const k = keyboard(n, chatId);
        if (n.image) {
          const plain = [`${MARK[n.severity]} ${n.title}`, ...(n.text ? [n.text] : []), ...n.fields.map((f) => `${f.name}: ${f.value}`)].join('\n');
          const { caption, rest } = splitCaption(plain);
          void o.queue.enqueue(chatId, { method: 'sendPhoto', png: n.image, filename: 'chart.png', caption, ...(k && !rest ? { keyboard: k } : {}) });
          if (rest) void o.queue.enqueue(chatId, { method: 'sendMessage', text: escapeHtml(rest), ...(k ? { keyboard: k } : {}) });
          continue;
        }
        const messages = layoutHtml(notificationBlocks(n));
        messages.forEach((text, i) => void o.queue.enqueue(chatId, { method: 'sendMessage', text, ...(k && i === messages.length - 1 ? { keyboard: k } : {}) }));
      }
      return ok(undefined);
    },
  };
}
