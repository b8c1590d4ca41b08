export { startFakeTelegram, type FakeTelegram, type FakeTelegramOptions, type LoggedCall } from './fakeTelegram';
export type { CallbackAnswer, ChatType, MessageState, StoredFile, StoredMessage, TelegramEvent } from './chats';
export type { TelegramFault, TelegramFaultRule } from './faults';
export type { MessageEntity } from './html';
export { parseHtml } from './html';
export type { RateLimitOptions } from './rateLimit';
export type { Update } from './updates';
export type { ButtonPressInput, UserMessageInput } from './userActions';
export { postUpdate, type WebhookDelivery } from './webhook';
