/** Reading the bot's messages on the fake Telegram as a person sees them: the text, and a button's callback data. */
import type { StoredMessage } from '../../fakes/telegram/chats';

export type Keyboard = { inline_keyboard: { text: string; callback_data?: string }[][] };

/** The message's text (or a photo's caption) as it is now. */
export const textOf = (m: StoredMessage): string => m.state.text ?? m.state.caption ?? '';

/** The callback data of the button whose label contains `label`; throws naming the message when there is none. */
export const buttonData = (m: StoredMessage, label: string): string => {
  const b = (m.state.replyMarkup as Keyboard | undefined)?.inline_keyboard.flat().find((x) => x.text.includes(label));
  if (!b?.callback_data) throw new Error(`no ${label} button on message ${m.messageId}: ${textOf(m)}`);
  return b.callback_data;
};
