/**
 * A click on an approval card: the button's signature is checked for the channel it came from, the clicking
 * Discord user must hold the trader role, and then the same approval service Telegram uses decides it. The
 * card is updated with the outcome (who, when); a refusal (forged button, no permission, already decided,
 * risk check) is answered to the clicker alone and changes nothing. Discord wants an answer within 3 s, so a
 * slow decision is acknowledged first and the card edited when it is done.
 */
import { MessageFlags, type ButtonInteraction } from 'discord.js';
import { userId } from '../../core/ids';
import { err, type Result } from '../../core/result';
import type { Logger } from '../../log/logger';
import { placedOrRefused, type ApprovalChoice, type ApprovalOutcome, type ApprovalsService } from '../../services/api/approvals';
import { roleAllows, type User } from '../../services/user';
import { decidedCard } from './approvalCard';
import { ApprovalButtonCodec, type ButtonClaim } from './approvalCustomId';
import type { DiscordRoles } from './discordRoles';

export interface ClickHandlerOptions {
  readonly codec: ApprovalButtonCodec;
  readonly roles: DiscordRoles;
  readonly approvals: ApprovalsService | undefined;
  readonly log: Logger;
  readonly now: () => number;
  /** Acknowledge a click whose decision takes longer than this (default 2000 ms; Discord allows 3 s). */
  readonly ackAfterMs?: number;
}

export class ApprovalClickHandler {
  private readonly inFlight = new Set<string>();

  constructor(private readonly o: ClickHandlerOptions) {}

  /** Handles a button click; false when the button is not an approval button (left to others). */
  async handle(i: ButtonInteraction): Promise<boolean> {
    if (!ApprovalButtonCodec.isApprovalButton(i.customId)) return false;
    const claim = this.o.codec.decode(i.channelId, i.customId);
    if (!claim.ok) {
      this.o.log.warn({ user: i.user.id, channel: i.channelId }, 'refused an approval click with a bad signature');
      await this.refuse(i, claim.error, false);
      return true;
    }
    const role = this.o.roles[i.user.id];
    if (!role || !roleAllows(role, 'trader')) {
      this.o.log.warn({ user: i.user.id, approval: claim.value.approvalId }, 'refused an approval click from a user without the trader role');
      await this.refuse(i, `You may not decide orders; ask an admin to give your Discord id ${i.user.id} the trader role.`, false);
      return true;
    }
    const approvals = this.o.approvals;
    if (!approvals) {
      await this.refuse(i, 'Approvals are not available in this mode; start AutoPPM in paper or live mode to decide orders.', false);
      return true;
    }
    const id = claim.value.approvalId;
    if (this.inFlight.has(id)) {
      await this.refuse(i, `Order ${id} is being decided right now by another click; this one changed nothing.`, false);
      return true;
    }
    this.inFlight.add(id);
    try {
      const user: User = { id: userId(`discord:${i.user.id}`), role, name: i.user.username };
      await this.decide(i, approvals, claim.value, user);
    } finally {
      this.inFlight.delete(id);
    }
    return true;
  }

  private async decide(i: ButtonInteraction, approvals: ApprovalsService, claim: ButtonClaim, user: User): Promise<void> {
    const work = run(approvals, claim, user).catch((e: unknown): Result<ApprovalOutcome, string> => {
      this.o.log.error({ err: e, approval: claim.approvalId }, 'approval service failed on a Discord click');
      return err(`Order ${claim.approvalId} could not be decided because of an internal error; try /approve or /reject again.`);
    });
    let timer: NodeJS.Timeout | undefined;
    const slow = new Promise<'slow'>((resolve) => {
      timer = setTimeout(() => resolve('slow'), this.o.ackAfterMs ?? 2000);
    });
    const first = await Promise.race([work, slow]);
    clearTimeout(timer);
    const deferred = first === 'slow';
    if (deferred) await i.deferUpdate();
    const r = deferred ? await work : first;
    if (!r.ok) {
      this.o.log.info({ user: i.user.id, approval: claim.approvalId, action: claim.action, reason: r.error }, 'approval click refused');
      await this.refuse(i, r.error, deferred);
      return;
    }
    this.o.log.info({ user: i.user.id, approval: claim.approvalId, action: claim.action, status: r.value.status }, 'approval decided on Discord');
    const card = decidedCard(i.message.embeds[0]?.toJSON(), { action: claim.action, outcome: r.value, userId: i.user.id, at: this.o.now() });
    if (deferred) await i.editReply(card);
    else await i.update(card);
  }

  private async refuse(i: ButtonInteraction, reason: string, acknowledged: boolean): Promise<void> {
    if (acknowledged) await i.followUp({ content: reason, flags: MessageFlags.Ephemeral });
    else await i.reply({ content: reason, flags: MessageFlags.Ephemeral });
  }
}

function run(approvals: ApprovalsService, claim: ButtonClaim, user: User): Promise<Result<ApprovalOutcome, string>> {
  const decide = (choice: ApprovalChoice): Promise<Result<ApprovalOutcome, string>> => approvals.decide({ id: claim.approvalId, choice }, user).then(placedOrRefused);
  switch (claim.action) {
    case 'approve':
      return decide({ kind: 'approve' });
    case 'reject':
      return decide({ kind: 'reject' });
    case 'half':
      return decide({ kind: 'change', change: { kind: 'scale', factor: 0.5 }, then: 'approve' });
    case 'double':
      return decide({ kind: 'change', change: { kind: 'scale', factor: 2 }, then: 'approve' });
    case 'limit':
      if (claim.price === undefined) return Promise.resolve(err('This limit button carries no price; nothing was changed.'));
      return decide({ kind: 'change', change: { kind: 'limit', price: claim.price }, then: 'approve' });
  }
}
