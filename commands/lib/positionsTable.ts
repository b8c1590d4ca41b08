import type { Reply } from '../../src/core/reply';
import type { PositionView } from '../../src/services/api/portfolio';
import { price, rupees } from './format';

/** Positions or holdings as a phone-sized table, with the total P&L as footer. */
export function positionsTable(title: string, list: readonly PositionView[], empty: string): Reply {
  if (list.length === 0) return { kind: 'text', text: empty };
  let total = 0;
  for (const p of list) total += p.pnl;
  return {
    kind: 'table',
    title,
    columns: ['symbol', 'qty', 'avg', 'last', 'P&L'],
    rows: list.map((p) => [`${p.symbol}${p.product === 'MIS' ? '*' : ''}`, String(p.quantity), price(p.averagePrice), price(p.lastPrice), rupees(p.pnl)]),
    footer: `Unrealised P&L ${rupees(total)}${list.some((p) => p.product === 'MIS') ? ' (* intraday MIS)' : ''}`,
  };
}
