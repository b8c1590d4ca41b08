/**
 * The approval card on Discord: the order as an embed, and the buttons Approve / Reject / ½× / 2× / Limit @ LTP,
 * each with a signed custom_id (approvalCustomId.ts). After a decision the card shows the outcome (who, when)
 * and loses its buttons.
 */
import { ButtonStyle, ComponentType, type APIActionRowComponent, type APIButtonComponentWithCustomId, type APIEmbed } from 'discord.js';
import { formatInr } from '../../core/money';
import { err, ok, type Result } from '../../core/result';
import type { ApprovalOutcome, PendingApproval } from '../../services/api/approvals';
import type { ApprovalButtonCodec, ButtonAction, ButtonClaim } from './approvalCustomId';
import { fitEmbed } from './embedLimits';

export const CARD_COLOURS = { pending: 0xf1c40f, approved: 0x2ecc71, rejected: 0x95a5a6 } as const;

export interface ApprovalCard {
  readonly embeds: APIEmbed[];
  readonly components: APIActionRowComponent<APIButtonComponentWithCustomId>[];
}

const price = (p: number): string => formatInr(p);

export function cardEmbed(p: PendingApproval): APIEmbed {
  const fields = [
    { name: 'Order', value: `${p.side} ${p.quantity} ${p.symbol}`, inline: true },
    { name: 'Type', value: p.price !== undefined ? `${p.orderType} @ ${price(p.price)}` : p.orderType, inline: true },
    ...(p.value !== undefined ? [{ name: 'Value', value: price(p.value), inline: true }] : []),
    ...(p.stop !== undefined ? [{ name: 'Stop', value: price(p.stop), inline: true }] : []),
    { name: 'Source', value: p.source, inline: true },
  ];
  return fitEmbed({
    title: `Approve ${p.side} ${p.quantity} ${p.symbol}?`,
    color: CARD_COLOURS.pending,
    ...(p.reason ? { description: p.reason } : {}),
    fields,
    footer: { text: `Approval ${p.id}` },
    timestamp: new Date(p.createdAt).toISOString(),
  });
}

type CardStyle = APIButtonComponentWithCustomId['style'];

const LABELS: Readonly<Record<Exclude<ButtonAction, 'limit'>, [string, CardStyle]>> = {
  approve: ['Approve', ButtonStyle.Success],
  reject: ['Reject', ButtonStyle.Danger],
  half: ['½×', ButtonStyle.Secondary],
  double: ['2×', ButtonStyle.Secondary],
};

/**
 * The card for `p` in `channelId`. `limitPrice` (the last traded price on the tick grid) adds Limit @ LTP;
 * without it the button is left out.
 */
export function approvalCard(p: PendingApproval, channelId: string, codec: ApprovalButtonCodec, limitPrice?: number): Result<ApprovalCard, string> {
  const buttons: APIButtonComponentWithCustomId[] = [];
  const claims: Array<[ButtonClaim, string, CardStyle]> = (['approve', 'reject', 'half', 'double'] as const).map((action) => [
    { action, approvalId: p.id },
    LABELS[action][0],
    LABELS[action][1],
  ]);
  if (limitPrice !== undefined && limitPrice > 0) claims.push([{ action: 'limit', approvalId: p.id, price: limitPrice }, `Limit @ ${price(limitPrice)}`, ButtonStyle.Primary]);
  for (const [claim, label, style] of claims) {
    const id = codec.encode(channelId, claim);
    if (!id.ok) return err(id.error);
    buttons.push({ type: ComponentType.Button, custom_id: id.value, label, style });
  }
  return ok({ embeds: [cardEmbed(p)], components: [{ type: ComponentType.ActionRow, components: buttons }] });
}

const istClock = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Kolkata', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
const istDay = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Kolkata', year: 'numeric', month: '2-digit', day: '2-digit' });

/** 2025-01-08 11:00:05 IST */
export const istStamp = (t: number): string => `${istDay.format(new Date(t))} ${istClock.format(new Date(t))} IST`;

export interface Decision {
  readonly action: ButtonAction;
  readonly outcome: ApprovalOutcome;
  /** Discord user id of who clicked. */
  readonly userId: string;
  readonly at: number;
}

const VERB: Readonly<Record<ButtonAction, string>> = {
  approve: 'Approved',
  reject: 'Rejected',
  half: 'Approved at ½×',
  double: 'Approved at 2×',
  limit: 'Approved as a limit order',
};

/** The card after a decision: the original order, the outcome, who and when; no buttons. */
export function decidedCard(original: APIEmbed | undefined, d: Decision): ApprovalCard {
  const rejected = d.action === 'reject';
  const base = original ?? { title: `Order ${d.outcome.id}` };
  const fields = [
    ...(base.fields ?? []),
    { name: 'Decision', value: `${VERB[d.action]} by <@${d.userId}> (${d.outcome.by}) at ${istStamp(d.at)}`, inline: false },
    { name: 'Status', value: d.outcome.message ? `${d.outcome.status} — ${d.outcome.message}` : d.outcome.status, inline: true },
  ];
  const title = `${rejected ? 'Rejected' : 'Approved'}: ${(base.title ?? '').replace(/^Approve /, '').replace(/\?$/, '')}`;
  return { embeds: [fitEmbed({ ...base, title, color: rejected ? CARD_COLOURS.rejected : CARD_COLOURS.approved, fields })], components: [] };
}
