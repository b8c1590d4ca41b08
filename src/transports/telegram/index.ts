export { startTelegram, type ApprovalEventSource, type StartTelegramOptions, type TelegramTransport, type WebhookHandler } from './startTelegram';
export type { ApprovalDecider } from './approvalDesk';
export type { CardRef, CardRefStore } from './cardRefs';
export { MemoryCardRefs } from './cardRefs';
export type { OutboundItem, OutboundOp, OutboundStore } from './outbound';
export { MemoryOutboundStore } from './outbound';
export { escapeHtml, layoutHtml } from './html';
export { phoneTable } from './phoneTable';
