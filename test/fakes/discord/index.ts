export { startFakeDiscord, type FakeDiscord, type FakeDiscordOptions, type LoggedRequest } from './fakeDiscord';
export type { DiscordFault, DiscordFaultRule, Outage } from './faults';
export type { ClickInput } from './interactions';
export type { Component, Embed, MessagePayload } from './messagePayload';
export type { DiscordRateLimitOptions } from './rateLimit';
export type { Channel, DiscordEvent, Interaction, InteractionCallback, MessageSnapshot, StoredAttachment, StoredMessage, Webhook } from './store';
