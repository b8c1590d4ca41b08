/** The reply to a kill-switch change: what changed, what it cancelled, and what it left working. */
import type { TradingStateChange } from '../../src/services/api/trading';
import type { Reply } from '../../src/core/reply';

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

export function tradingStateReply(c: TradingStateChange): Reply {
  return { kind: 'text', text: tradingStateText(c) };
}

export function tradingStateText(c: TradingStateChange): string {
  const head = c.previous === c.state ? `Trading was already ${c.state}; nothing changed.` : `Trading is now ${c.state} (was ${c.previous}), set by ${c.by}.`;
  const lines = [head];
  if (c.cancelledApprovals > 0) lines.push(`${plural(c.cancelledApprovals, 'pending approval')} cancelled; nothing of ${c.cancelledApprovals === 1 ? 'it' : 'them'} was placed.`);
  if (c.state === 'HALTED' && c.workingOrders > 0) lines.push(`${plural(c.workingOrders, 'order')} still working at the broker; /halt cancel cancels ${c.workingOrders === 1 ? 'it' : 'them'} (after a confirmation).`);
  return lines.join('\n');
}
