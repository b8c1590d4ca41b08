export { startTelegram, type ApprovalEventSource, type StartTelegramOptions, type TelegramTransport, type WebhookHandler } from './startTelegram';
export type { ApprovalDecider } from './approvalDesk';
export type { CardRef, CardRefStore } from '../../core/ports/cardRefs';
export { MemoryCardRefs } from '../../core/ports/cardRefs';
export type { OutboundItem, OutboundOp, OutboundStore } from '../../core/ports/telegramOutbox';
export { MemoryOutboundStore } from '../../core/ports/telegramOutbox';
export { escapeHtml, layoutHtml } from './html';
export { phoneTable } from './phoneTable';
