/** What the fake Discord remembers: webhooks, channels, messages with their files and edits, interactions. */
import type { UploadedFile } from './body';
import type { Snowflakes } from './ids';
import type { Component, Embed, MessagePayload } from './messagePayload';
import { EventLog } from '../eventLog';

export interface Webhook {
  readonly id: string;
  readonly token: string;
  readonly channelId: string;
  readonly name: string;
  /** The URL discord.js's WebhookClient accepts (its host is never contacted once `rest.api` is set). */
  readonly url: string;
}

export interface Channel {
  readonly id: string;
  readonly kind: 'guildText' | 'dm';
  readonly name: string;
  readonly guildId?: string;
  readonly recipientId?: string;
}

export interface StoredAttachment {
  readonly id: string;
  readonly filename: string;
  readonly contentType: string;
  readonly bytes: Buffer;
}

export interface MessageSnapshot {
  readonly content: string;
  readonly embeds: readonly Embed[];
  readonly components: readonly Component[];
}

export interface StoredMessage {
  readonly id: string;
  readonly channelId: string;
  readonly webhookId?: string;
  readonly authorName: string;
  readonly createdAt: number;
  current: MessageSnapshot;
  readonly edits: MessageSnapshot[];
  attachments: StoredAttachment[];
  editedAt?: number;
  deleted: boolean;
}

export interface InteractionCallback {
  readonly interactionId: string;
  readonly type: number;
  readonly data?: MessagePayload;
  readonly files: readonly UploadedFile[];
}

export interface Interaction {
  readonly id: string;
  readonly token: string;
  readonly channelId: string;
  readonly messageId: string;
  readonly userId: string;
  readonly customId: string;
  responded: boolean;
  /** The message created by a type-4 reply (the interaction's "@original"). */
  originalMessageId?: string;
}

export type DiscordEvent =
  | { readonly kind: 'message'; readonly message: StoredMessage }
  | { readonly kind: 'edit'; readonly message: StoredMessage; readonly previous: MessageSnapshot }
  | { readonly kind: 'delete'; readonly message: StoredMessage }
  | { readonly kind: 'interactionCallback'; readonly callback: InteractionCallback };


export class DiscordStore {
  readonly webhooks = new Map<string, Webhook>();
  readonly channels = new Map<string, Channel>();
  readonly messages = new Map<string, StoredMessage>();
  readonly interactions = new Map<string, Interaction>();
  private readonly log = new EventLog<DiscordEvent>('Discord');

  constructor(private readonly ids: Snowflakes, private readonly now: () => number) {}

  createMessage(channelId: string, payload: MessagePayload, files: readonly UploadedFile[], author: { webhookId?: string; name: string }): StoredMessage {
    const message: StoredMessage = {
      id: this.ids.next(),
      channelId,
      webhookId: author.webhookId,
      authorName: author.name,
      createdAt: this.now(),
      current: { content: payload.content ?? '', embeds: payload.embeds ?? [], components: payload.components ?? [] },
      edits: [],
      attachments: files.map((f) => ({ id: this.ids.next(), filename: f.filename, contentType: f.contentType, bytes: f.bytes })),
      deleted: false,
    };
    this.messages.set(message.id, message);
    this.emit({ kind: 'message', message });
    return message;
  }

  /** Applies an edit: fields present in `payload` replace the current ones; new files are appended. */
  editMessage(message: StoredMessage, payload: MessagePayload, files: readonly UploadedFile[]): void {
    const previous = message.current;
    message.edits.push(previous);
    message.current = {
      // absent = keep, null = clear (Discord's PATCH semantics)
      content: payload.content === null ? '' : (payload.content ?? previous.content),
      embeds: payload.embeds === null ? [] : (payload.embeds ?? previous.embeds),
      components: payload.components === null ? [] : (payload.components ?? previous.components),
    };
    if (files.length > 0) message.attachments = [...message.attachments, ...files.map((f) => ({ id: this.ids.next(), filename: f.filename, contentType: f.contentType, bytes: f.bytes }))];
    message.editedAt = this.now();
    this.emit({ kind: 'edit', message, previous });
  }

  deleteMessage(message: StoredMessage): void {
    message.deleted = true;
    this.emit({ kind: 'delete', message });
  }

  message(channelId: string, messageId: string): StoredMessage | undefined {
    const m = this.messages.get(messageId);
    return m && !m.deleted && m.channelId === channelId ? m : undefined;
  }

  inChannel(channelId: string): StoredMessage[] {
    return [...this.messages.values()].filter((m) => m.channelId === channelId);
  }

  emit(e: DiscordEvent): void {
    this.log.emit(e);
  }

  history(): readonly DiscordEvent[] {
    return this.log.history();
  }

  /** The first event (already recorded or future) that satisfies `predicate`. */
  waitFor(predicate: (e: DiscordEvent) => boolean, timeoutMs: number): Promise<DiscordEvent> {
    return this.log.waitFor(predicate, timeoutMs);
  }
}
