/** Builds the INTERACTION_CREATE payload of a button click, as the gateway delivers it to discord.js. */
import type { Snowflakes } from './ids';
import { interactionToken } from './ids';
import { customIdsOf } from './messagePayload';
import { channelObject, messageObject, userObject, type Identity } from './objects';
import type { DiscordStore, Interaction } from './store';

export interface ClickInput {
  readonly channelId: string;
  readonly messageId: string;
  readonly userId: string;
  readonly customId: string;
  /** Click even if the message has no button with this custom_id (a forged or stale click). */
  readonly forge?: boolean;
}

export function buttonClick(store: DiscordStore, ids: Snowflakes, me: Identity, input: ClickInput): { interaction: Interaction; payload: Record<string, unknown> } {
  const channel = store.channels.get(input.channelId);
  if (!channel) throw new Error(`fake Discord: no channel ${input.channelId}; create it with createChannel()`);
  const message = store.message(input.channelId, input.messageId);
  if (!message) throw new Error(`fake Discord: no message ${input.messageId} in channel ${input.channelId}`);
  if (!input.forge && !customIdsOf(message.current.components).includes(input.customId)) {
    throw new Error(`fake Discord: message ${input.messageId} has no button "${input.customId}" (has: ${customIdsOf(message.current.components).join(', ') || 'none'})`);
  }
  const interaction: Interaction = {
    id: ids.next(),
    token: interactionToken(),
    channelId: input.channelId,
    messageId: input.messageId,
    userId: input.userId,
    customId: input.customId,
    responded: false,
  };
  store.interactions.set(interaction.id, interaction);
  const user = userObject(input.userId, `user${input.userId}`, false);
  const who =
    channel.kind === 'guildText'
      ? {
          guild_id: channel.guildId,
          guild_locale: 'en-US',
          member: { user, roles: [], permissions: '1071698660929', joined_at: new Date(0).toISOString(), deaf: false, mute: false, flags: 0, nick: null, avatar: null, premium_since: null, pending: false },
          context: 0,
        }
      : { user, context: 1 };
  const payload: Record<string, unknown> = {
    id: interaction.id,
    application_id: me.applicationId,
    type: 3,
    token: interaction.token,
    version: 1,
    channel_id: channel.id,
    channel: channelObject(channel),
    ...who,
    data: { custom_id: input.customId, component_type: 2 },
    message: messageObject(message, me),
    app_permissions: '1071698660929',
    locale: 'en-US',
    entitlements: [],
    authorizing_integration_owners: channel.kind === 'guildText' ? { '0': channel.guildId } : { '1': input.userId },
    attachment_size_limit: 10_485_760,
  };
  return { interaction, payload };
}
