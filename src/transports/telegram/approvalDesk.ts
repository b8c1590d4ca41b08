/**
 * One-tap approvals on Telegram. `show` sends a card to every trader and admin; a tap is checked (signature,
 * recipient, card version, the presser's role) and handed to the approval service, which acts exactly once
 * (compare-and-set on the approval's version); then every copy of the card is edited to show the outcome, who
 * acted and when. Forged, replayed, stale, expired and other-user taps change nothing, are logged, and get a
 * short answer. `/approve <id>` and `/reject <id>` typed in any chat take the same path.
 */
import type { ApprovalId } from '../../core/ids';
import { approvalId as toApprovalId } from '../../core/ids';
import type { Order } from '../../core/order';
import type { Result } from '../../core/result';
import type { ApprovalResult } from '../../oms/approvalService';
import { canDecide, type Actor, type Approval, type Decision } from '../../oms/approvals';
import type { User } from '../../services/user';
import { approvalCardText, approvalKeyboard, type CardOutcome } from './approvalCard';
import { verifyApprovalButton, type ApprovalAction } from './callbackData';
import type { CardRef, CardRefStore } from '../../core/ports/cardRefs';
import type { OutboundItem } from '../../core/ports/telegramOutbox';
import type { OutboundQueue, QueueLog } from './outboundQueue';
import type { TelegramUsers } from './users';

/** What the desk needs of the approval service (src/oms/approvalService.ts). */
export interface ApprovalDecider {
  get(id: ApprovalId): Promise<Approval | undefined>;
  decide(id: ApprovalId, decision: Decision, actor: Actor): Promise<Result<ApprovalResult, string>>;
  /** The orders of an approval's lines as they are now (a decided card shows where each order is). */
  lineOrders?(a: Approval): readonly (Order | undefined)[];
}

export interface ApprovalDeskOptions {
  readonly approvals: ApprovalDecider;
  readonly users: TelegramUsers;
  readonly queue: OutboundQueue;
  readonly refs: CardRefStore;
  readonly key: Buffer;
  readonly now: () => number;
  readonly log: QueueLog;
}

/** An answer or error fits Telegram's 200-character popup. */
const clip = (s: string): string => (s.length > 200 ? `${s.slice(0, 199)}…` : s);

const REF = /^card:([A-Za-z0-9_.-]{1,32}):(\d+):(\d+)$/;
const ANSWER: Record<ApprovalAction, string> = { approve: 'Approved', reject: 'Rejected', half: 'Halved; review and approve', double: 'Doubled; review and approve', limit: 'Now a limit at the last price; review and approve' };

/** How many decision times the desk remembers (a card shows when its approval was decided). */
const DECIDED_AT_KEPT = 2_000;

export class ApprovalDesk {
  private readonly announced = new Set<string>();
  /** When each approval was decided, as first seen here: every later edit of its cards shows that time. */
  private readonly decidedAt = new Map<string, number>();

  constructor(private readonly o: ApprovalDeskOptions) {}

  /** Sends the card to every trader and admin (once per approval). */
  async show(a: Approval): Promise<void> {
    if (this.announced.has(a.id) || (await this.o.refs.list(a.id)).length > 0) return this.refresh(a);
    this.announced.add(a.id);
    for (const tid of this.o.users.withRole('trader', 'admin')) {
      void this.o.queue.enqueue(tid, { method: 'sendMessage', text: approvalCardText(a, {}, this.o.now()), ...this.keyboard(a, tid) }, { ref: `card:${a.id}:${tid}:${a.version}` });
    }
  }

  /** An approval opened or changed somewhere (approval service, console, expiry sweep): new cards or updated ones. */
  async onApproval(a: Approval): Promise<void> {
    if (a.status === 'PENDING') return this.show(a);
    return this.refresh(a, { ...this.decider(a), ...(a.note ? { message: a.note } : {}) });
  }

  /** The outbound queue delivered something: remember where a card went (and bring a late card up to date). */
  async onDelivered(item: OutboundItem, messageId: number): Promise<void> {
    const m = item.ref ? REF.exec(item.ref) : null;
    if (!m) return;
    const ref: CardRef = { approvalId: m[1]!, telegramId: Number(m[2]), chatId: item.chatId, messageId, version: Number(m[3]) };
    await this.o.refs.put(ref);
    if (item.op.method !== 'sendMessage') return;
    const current = await this.o.approvals.get(toApprovalId(ref.approvalId));
    if (current && current.version !== ref.version) this.editCard(ref, current, this.decider(current));
  }

  /** A tap on a card button; returns the short answer for answerCallbackQuery (≤ 200 characters). */
  async onTap(data: string, from: number, user: User | undefined): Promise<string> {
    const idGuess = /^a:([A-Za-z0-9_.-]{1,32}):/.exec(data)?.[1];
    const refs = idGuess ? await this.o.refs.list(idGuess) : [];
    const check = verifyApprovalButton(this.o.key, data, from, refs.map((r) => r.telegramId));
    if (!check.ok) {
      this.o.log.warn({ from, reason: check.reason, approval: check.approvalId }, 'approval tap refused');
      return check.reason === 'other-user' ? 'This card was sent to someone else; use your own card. Nothing was changed.' : 'This button is not valid; nothing was changed.';
    }
    if (!user) {
      this.o.log.warn({ from, approval: check.button.approvalId }, 'approval tap from someone not on the user list refused');
      return 'You are not a user of this bot; nothing was changed.';
    }
    const { approvalId, version, action } = check.button;
    const a = await this.o.approvals.get(toApprovalId(approvalId));
    if (!a) return `There is no approval ${approvalId} any more; nothing was changed.`;
    if (a.version !== version) {
      this.o.log.warn({ from, approval: approvalId, version, current: a.version, action }, 'stale or replayed approval tap refused');
      await this.refresh(a, this.decider(a));
      return a.status === 'PENDING' ? 'This card was out of date and is now refreshed; check the figures and tap again.' : `Approval ${approvalId} is already ${a.status.toLowerCase()}; nothing was changed.`;
    }
    const r = await this.decide(a, action, user);
    if (!r.ok) return r.error;
    // An approval that placed nothing (every order refused when released, or prices moved so it must be approved
    // again on the refreshed figures) must not answer "Approved".
    return r.value.placedNothing ? clip(r.value.message) : ANSWER[action];
  }

  /**
   * `/approve <id>` or `/reject <id>` typed in a chat: undefined when `id` is not an approval (the command
   * dispatcher then handles it as an order id), else the one-sentence answer.
   */
  async onTyped(id: string, action: 'approve' | 'reject' | 'half' | 'double', user: User): Promise<Result<string, string> | undefined> {
    if (!/^[A-Za-z0-9_.-]{1,32}$/.test(id)) return undefined;
    const a = await this.o.approvals.get(toApprovalId(id));
    if (!a) return undefined;
    const r = await this.decide(a, action, user);
    return r.ok ? { ok: true, value: r.value.message } : r;
  }

  private async decide(a: Approval, action: ApprovalAction, user: User): Promise<Result<{ readonly message: string; readonly placedNothing: boolean }, string>> {
    const actor: Actor = { userId: user.id, roles: [user.role], ...(user.name !== undefined ? { name: user.name } : {}) };
    if (!canDecide(actor)) {
      this.o.log.warn({ user: user.id, role: user.role, approval: a.id }, 'approval decision by a viewer refused');
      return { ok: false, error: `Only a trader or an admin can decide approvals; you are a ${user.role}.` };
    }
    const r = await this.o.approvals.decide(a.id, this.decision(a, action), actor);
    const after = (await this.o.approvals.get(a.id)) ?? a;
    if (!r.ok) {
      this.o.log.warn({ user: user.id, approval: a.id, action, reason: r.error }, 'approval decision changed nothing');
      await this.refresh(after, this.decider(after));
      return { ok: false, error: clip(r.error) };
    }
    const outcome: CardOutcome = r.value.approval.status === 'PENDING' ? { message: r.value.message } : { ...this.decider(r.value.approval), message: r.value.message };
    await this.refresh(r.value.approval, outcome);
    return { ok: true, value: { message: r.value.message, placedNothing: (r.value.kind === 'approved' && r.value.released.length === 0) || r.value.kind === 'requote' } };
  }

  /** Who decided a decided approval (their Telegram name when known) and when (the first time this desk saw it). */
  private decider(a: Approval): CardOutcome {
    if (a.status === 'PENDING') return {};
    let at = this.decidedAt.get(a.id);
    if (at === undefined) {
      at = this.o.now();
      this.decidedAt.set(a.id, at);
      if (this.decidedAt.size > DECIDED_AT_KEPT) this.decidedAt.delete(this.decidedAt.keys().next().value!);
    }
    return { ...(a.decidedBy ? { by: this.o.users.displayName(a.decidedBy) } : {}), at };
  }

  private decision(a: Approval, action: ApprovalAction): Decision {
    switch (action) {
      case 'approve':
        return { kind: 'approve' };
      case 'reject':
        return { kind: 'reject' };
      case 'limit':
        return { kind: 'limit-at-last' };
      case 'half':
      case 'double':
        // No cap here: the risk engine checks the scaled order against the limits in force when it is approved.
        return { kind: 'scale', factor: action === 'half' ? 0.5 : 2, maxQuantity: Number.MAX_SAFE_INTEGER };
    }
  }

  private keyboard(a: Approval, tid: number): { keyboard?: NonNullable<ReturnType<typeof approvalKeyboard>> } {
    const k = approvalKeyboard(a, tid, this.o.key, true);
    return k ? { keyboard: k } : {};
  }

  /** Edits every copy of the card to show `a` as it is now. */
  private async refresh(a: Approval, outcome: CardOutcome = {}): Promise<void> {
    for (const ref of await this.o.refs.list(a.id)) this.editCard(ref, a, outcome);
  }

  private editCard(ref: CardRef, a: Approval, outcome: CardOutcome): void {
    const text = approvalCardText(a, outcome, this.o.now(), this.o.approvals.lineOrders?.(a) ?? []);
    void this.o.queue.enqueue(ref.chatId, { method: 'editMessageText', messageId: ref.messageId, text, ...this.keyboard(a, ref.telegramId) }, { ref: `card:${a.id}:${ref.telegramId}:${a.version}` });
  }
}
