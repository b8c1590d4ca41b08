/** Talking to the bot as a person on Telegram (the fake): send a command, wait for the reply that matches. */
import type { FakeTelegram, StoredMessage } from '../../fakes/telegram';
import { textOf } from './telegramButtons';
import { eventually } from './waiting';

export { textOf };

/**
 * `ask(chatId, text, expected)`: sends `text` as the chat's user and returns the first new bot message matching
 * `expected`; a timeout names what the bot said instead.
 */
export function asker(telegram: () => FakeTelegram): (chatId: number, text: string, expected: RegExp) => Promise<StoredMessage> {
  return async (chatId, text, expected) => {
    const tg = telegram();
    const before = tg.messages(chatId).length;
    await tg.sendUserMessage({ chatId, fromId: chatId, text });
    const fresh = () => tg.messages(chatId).slice(before).filter((m) => m.fromBot);
    return eventually(`the ${text} reply`, () => fresh().find((x) => expected.test(textOf(x)))).catch((e: unknown) => {
      throw new Error(`${String(e)}; the bot said: ${JSON.stringify(fresh().map(textOf))}`);
    });
  };
}
