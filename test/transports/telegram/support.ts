/** Shared wiring for the Telegram transport tests: a capturing log, relaxed limits and message helpers. */
import type { FakeTelegram, StoredMessage } from '../../fakes/telegram';
import type { QueueLog } from '../../../src/transports/telegram/outboundQueue';
import type { TelegramLimits } from '../../../src/transports/telegram/rateWindows';

export interface LogLine {
  readonly level: 'info' | 'warn' | 'error';
  readonly obj: object;
  readonly msg: string;
}

export function captureLog(): QueueLog & { lines: LogLine[]; warnings(msg: string): LogLine[] } {
  const lines: LogLine[] = [];
  return {
    lines,
    info: (obj, msg) => void lines.push({ level: 'info', obj, msg }),
    warn: (obj, msg) => void lines.push({ level: 'warn', obj, msg }),
    error: (obj, msg) => void lines.push({ level: 'error', obj, msg }),
    warnings: (msg) => lines.filter((l) => l.level === 'warn' && l.msg.includes(msg)),
  };
}

/** Limits high enough that functional tests never wait (the real ones are tested on a virtual clock). */
export const FAST_LIMITS: TelegramLimits = { perChatPerSecond: 1000, groupPerMinute: 10_000, overallPerSecond: 10_000 };

export const botMessages = (fake: FakeTelegram, chatId: number): StoredMessage[] => fake.messages(chatId).filter((m) => m.fromBot);

/** Sends a user's message and resolves with the bot's next message in that chat. */
export async function ask(fake: FakeTelegram, chatId: number, fromId: number, text: string, timeoutMs = 5000): Promise<StoredMessage> {
  const last = fake.messages(chatId).reduce((m, x) => Math.max(m, x.messageId), 0);
  await fake.sendUserMessage({ chatId, fromId, text });
  const after = fake.messages(chatId).reduce((m, x) => Math.max(m, x.messageId), 0);
  return fake.waitForMessage(chatId, timeoutMs, Math.max(last, after));
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
