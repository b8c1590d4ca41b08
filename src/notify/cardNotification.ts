/**
 * A card (a Reply of a table, a picture and buttons) told as a notification, for work that ends where nobody is
 * waiting on a chat reply (a queued job): the table's title and rows become the title and fields, its footer the
 * text, the picture the image, each command button an action. A card that is no table has no notification.
 */
import type { Reply, ReplyButton } from '../core/reply';
import type { NotificationInput } from './notification';

export type CardNotification = Pick<NotificationInput, 'title' | 'text' | 'fields' | 'image' | 'actions'>;

const MAX_ACTIONS = 5;

export function cardNotification(card: Reply): CardNotification | undefined {
  const parts = card.kind === 'many' ? card.replies : [card];
  let table: Extract<Reply, { kind: 'table' }> | undefined;
  let image: Uint8Array | undefined;
  const buttons: ReplyButton[] = [];
  for (const p of parts) {
    if (p.kind === 'table') table ??= p;
    else if (p.kind === 'image') image ??= p.png;
    else if (p.kind === 'buttons') for (const row of p.rows) buttons.push(...row);
  }
  if (!table) return undefined;
  const actions = buttons.slice(0, MAX_ACTIONS).map((b) => (b.action.startsWith('https://') ? { label: b.label, url: b.action } : { label: b.label, command: b.action }));
  return {
    title: table.title ?? table.columns.join(' · '),
    ...(table.footer ? { text: table.footer } : {}),
    fields: table.rows.map(([name, ...value]) => ({ name: name ?? '', value: value.join(' '), inline: true })),
    ...(image ? { image } : {}),
    ...(actions.length > 0 ? { actions } : {}),
  };
}
