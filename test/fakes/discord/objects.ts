/** Discord API objects (users, channels, guilds, messages) rendered from the fake's state. */
import type { Channel, StoredMessage } from './store';

export interface Identity {
  readonly botUserId: string;
  readonly applicationId: string;
  readonly botName: string;
  readonly guildId: string;
  readonly apiBase: string;
}

export const userObject = (id: string, username: string, bot: boolean): Record<string, unknown> => ({
  id,
  username,
  discriminator: '0',
  global_name: bot ? null : username,
  avatar: null,
  bot,
  public_flags: 0,
});

export function channelObject(c: Channel): Record<string, unknown> {
  if (c.kind === 'dm') {
    return { id: c.id, type: 1, last_message_id: null, recipients: [userObject(c.recipientId ?? '0', `user${c.recipientId ?? ''}`, false)], flags: 0 };
  }
  return { id: c.id, type: 0, guild_id: c.guildId, name: c.name, position: 0, permission_overwrites: [], parent_id: null, nsfw: false, topic: null, rate_limit_per_user: 0, flags: 0 };
}

export function guildObject(id: string, channels: readonly Channel[], me: Identity): Record<string, unknown> {
  return {
    id,
    name: 'AutoPPM Test Guild',
    icon: null,
    owner_id: me.botUserId,
    roles: [{ id, name: '@everyone', permissions: '1071698660929', position: 0, color: 0, hoist: false, managed: false, mentionable: false, flags: 0 }],
    emojis: [],
    stickers: [],
    features: [],
    channels: channels.filter((c) => c.guildId === id).map(channelObject),
    threads: [],
    members: [],
    voice_states: [],
    presences: [],
    stage_instances: [],
    guild_scheduled_events: [],
    member_count: 1,
    large: false,
    unavailable: false,
    joined_at: new Date(0).toISOString(),
    preferred_locale: 'en-US',
    premium_tier: 0,
    system_channel_flags: 0,
    verification_level: 0,
    default_message_notifications: 0,
    explicit_content_filter: 0,
    mfa_level: 0,
    nsfw_level: 0,
  };
}

export function messageObject(m: StoredMessage, me: Identity): Record<string, unknown> {
  const author = m.webhookId ? userObject(m.webhookId, m.authorName, true) : userObject(me.botUserId, me.botName, true);
  return {
    id: m.id,
    channel_id: m.channelId,
    type: 0,
    author,
    content: m.current.content,
    embeds: m.current.embeds.map((e) => ({ type: 'rich', ...e })),
    components: m.current.components,
    attachments: m.attachments.map((a) => ({
      id: a.id,
      filename: a.filename,
      size: a.bytes.length,
      content_type: a.contentType,
      url: `${me.apiBase}/attachments/${m.channelId}/${a.id}/${encodeURIComponent(a.filename)}`,
      proxy_url: `${me.apiBase}/attachments/${m.channelId}/${a.id}/${encodeURIComponent(a.filename)}`,
    })),
    timestamp: new Date(m.createdAt).toISOString(),
    edited_timestamp: m.editedAt === undefined ? null : new Date(m.editedAt).toISOString(),
    tts: false,
    mention_everyone: false,
    mentions: [],
    mention_roles: [],
    pinned: false,
    flags: 0,
    ...(m.webhookId ? { webhook_id: m.webhookId } : {}),
  };
}
