/**
 * One-tap approvals on Telegram. `show` sends a card to every trader and admin; a tap is checked (signature,
 * recipient, card version, the presser's role) and handed to the approval service, which acts exactly once
 * (compare-and-set on the approval's version); then every copy of the card is edited to show the outcome, who
 * acted and when. Forged, replayed, stale, expired and other-user taps change nothing, are logged, and get a
 * short answer. The decision itself is the services facade's one door (`approvals.decide`), as for typed
 * `/approve` and `/reject`, Discord clicks and REST: each is refused, or acts, the same way.
 */
import type { Result } from '../../core/result';
import type { ApprovalCard, ApprovalChoice, ApprovalsService } from '../../services/api/approvals';
import type { User } from '../../services/user';
import { approvalCardText, approvalKeyboard, type CardOutcome } from './approvalCard';
import { verifyApprovalButton, type ApprovalAction } from './callbackData';
import type { CardRef, CardRefStore } from '../../core/ports/cardRefs';
import type { OutboundItem } from '../../core/ports/telegramOutbox';
import type { OutboundQueue, QueueLog } from './outboundQueue';
import type { TelegramUsers } from './users';

/** What the desk needs of the services' approvals group: read a card, and the one door for decisions. */
export type ApprovalDecider = Pick<ApprovalsService, 'card' | 'decide' | 'lineOrders'>;

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
/** A card's buttons as decisions: ½×, 2× and Limit @ LTP show new figures to approve. */
const CHOICE: Record<ApprovalAction, ApprovalChoice> = {
  approve: { kind: 'approve' },
  reject: { kind: 'reject' },
  half: { kind: 'change', change: { kind: 'scale', factor: 0.5 }, then: 'review' },
  double: { kind: 'change', change: { kind: 'scale', factor: 2 }, then: 'review' },
  limit: { kind: 'change', change: { kind: 'limit-at-last' }, then: 'review' },
};
const ANSWER: Record<ApprovalAction, string> = { approve: 'Approved', reject: 'Rejected', half: 'Halved; review and approve', double: 'Doubled; review and approve', limit: 'Now a limit at the last price; review and approve' };

/** How many decision times the desk remembers (a card shows when its approval was decided). */
const DECIDED_AT_KEPT = 2_000;

export class ApprovalDesk {
  private readonly announced = new Set<string>();
  /** When each approval was decided, as first seen here: every later edit of its cards shows that time. */
  private readonly decidedAt = new Map<string, number>();

  constructor(private readonly o: ApprovalDeskOptions) {}

  /** Sends the card to every trader and admin (once per approval). */
  async show(a: ApprovalCard): Promise<void> {
    if (this.announced.has(a.id) || (await this.o.refs.list(a.id)).length > 0) return this.refresh(a);
    this.announced.add(a.id);
    for (const tid of this.o.users.withRole('trader', 'admin')) {
      void this.o.queue.enqueue(tid, { method: 'sendMessage', text: approvalCardText(a, {}, this.o.now()), ...this.keyboard(a, tid) }, { ref: `card:${a.id}:${tid}:${a.version}` });
    }
  }

  /** An approval opened or changed somewhere (approval service, console, expiry sweep): new cards or updated ones. */
  async handleApproval(a: ApprovalCard): Promise<void> {
    if (a.status === 'PENDING') return this.show(a);
    return this.refresh(a, { ...this.decider(a), ...(a.note ? { message: a.note } : {}) });
  }

  /** The outbound queue delivered something: remember where a card went (and bring a late card up to date). */
  async handleDelivered(item: OutboundItem, messageId: number): Promise<void> {
    const m = item.ref ? REF.exec(item.ref) : null;
    if (!m) return;
    const ref: CardRef = { approvalId: m[1]!, telegramId: Number(m[2]), chatId: item.chatId, messageId, version: Number(m[3]) };
    await this.o.refs.put(ref);
    if (item.op.method !== 'sendMessage') return;
    const current = await this.o.approvals.card(ref.approvalId);
    if (current && current.version !== ref.version) this.editCard(ref, current, this.decider(current));
  }

  /** A tap on a card button; returns the short answer for answerCallbackQuery (≤ 200 characters). */
  async handleTap(data: string, from: number, user: User | undefined): Promise<string> {
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
    const a = await this.o.approvals.card(approvalId);
    if (!a) return `There is no approval ${approvalId} any more; nothing was changed.`;
    if (a.version !== version && a.status === 'PENDING') {
      this.o.log.warn({ from, approval: approvalId, version, current: a.version, action }, 'stale or replayed approval tap refused');
      await this.refresh(a, this.decider(a));
      return 'This card was out of date and is now refreshed; check the figures and tap again.';
    }
    // A decided approval's card: the service says where its orders are, as it does to /approve and REST.
    const r = await this.decide(a, action, user, version);
    if (!r.ok) return r.error;
    // An approval that placed nothing (every order refused when released, or prices moved so it must be approved
    // again on the refreshed figures) must not answer "Approved".
    return r.value.placedNothing ? clip(r.value.message) : ANSWER[action];
  }

  private async decide(a: ApprovalCard, action: ApprovalAction, user: User, version: number): Promise<Result<{ readonly message: string; readonly placedNothing: boolean }, string>> {
    const r = await this.o.approvals.decide({ id: a.id, choice: CHOICE[action], version }, user);
    if (!r.ok) {
      this.o.log.warn({ user: user.id, role: user.role, approval: a.id, action, reason: r.error }, 'approval decision changed nothing');
      const after = (await this.o.approvals.card(a.id)) ?? a;
      await this.refresh(after, this.decider(after));
      return { ok: false, error: clip(r.error) };
    }
    const d = r.value;
    const outcome: CardOutcome = d.approval.status === 'PENDING' ? { message: d.sentence } : { ...this.decider(d.approval), message: d.sentence };
    await this.refresh(d.approval, outcome);
    return { ok: true, value: { message: d.sentence, placedNothing: d.placedNothing } };
  }

  /** Who decided a decided approval (their Telegram name when known) and when (the first time this desk saw it). */
  private decider(a: ApprovalCard): CardOutcome {
    if (a.status === 'PENDING') return {};
    let at = this.decidedAt.get(a.id);
    if (at === undefined) {
      at = this.o.now();
      this.decidedAt.set(a.id, at);
      if (this.decidedAt.size > DECIDED_AT_KEPT) this.decidedAt.delete(this.decidedAt.keys().next().value!);
    }
    return { ...(a.decidedBy ? { by: this.o.users.displayName(a.decidedBy) } : {}), at };
  }

  private keyboard(a: ApprovalCard, tid: number): { keyboard?: NonNullable<ReturnType<typeof approvalKeyboard>> } {
    const k = approvalKeyboard(a, tid, this.o.key, true);
    return k ? { keyboard: k } : {};
  }

  /** Edits every copy of the card to show `a` as it is now. */
  private async refresh(a: ApprovalCard, outcome: CardOutcome = {}): Promise<void> {
    for (const ref of await this.o.refs.list(a.id)) this.editCard(ref, a, outcome);
  }

  private editCard(ref: CardRef, a: ApprovalCard, outcome: CardOutcome): void {
    const text = approvalCardText(a, outcome, this.o.now(), this.o.approvals.lineOrders(a));
    void this.o.queue.enqueue(ref.chatId, { method: 'editMessageText', messageId: ref.messageId, text, ...this.keyboard(a, ref.telegramId) }, { ref: `card:${a.id}:${ref.telegramId}:${a.version}` });
  }
}
