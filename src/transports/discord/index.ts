export { startDiscord, type StartDiscordOptions, type DiscordTransport, type DiscordSinkEntry } from './startDiscord';
export { DiscordWebhookSink, type WebhookSinkOptions } from './webhookSink';
export { DiscordApprovalBot, type ApprovalFeed, type ApprovalBotOptions } from './approvalBot';
export { discordRolesFrom, type DiscordRoles } from './discordRoles';
export { webhookTargets, parseWebhookUrl, type WebhookTarget, type WebhookTargets } from './webhookTargets';
export { alertMessage, SEVERITY_COLOURS } from './alertEmbed';
export { fitEmbed, EMBED_LIMITS } from './embedLimits';
