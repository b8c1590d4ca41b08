/**
 * Target weights → a trade list the OMS can put up for one batch approval.
 *
 * Rules, in order:
 * 1. Equity E = cash + Σ quantity × reference price. Wanted quantity = floor to the lot of w·E / price
 *    (flooring never buys more than the weight allows).
 * 2. Minimum trade size: a change worth less than `minTradeValue` is skipped (the holding stays),
 *    except a full exit to zero, which always goes through.
 * 3. Sells come first; their proceeds minus estimated costs fund the buys. Buys (largest first) are
 *    cut lot by lot until price × quantity + costs fit in the cash above the buffer (cashBuffer × E),
 *    and the whole batch is re-costed on daily contract notes (src/core/costs): cash after all lines
 *    and costs is never negative.
 * 4. Sector caps are checked on the quantities after rounding against equity after costs; a sector
 *    over its cap is repaired by trimming its largest holding by whole lots, and the batch is rebuilt.
 */
import type { CostModel } from '../../core/costs';
import { floorToLot, formatRupees, roundPaise } from '../../core/money';
import type { Product, Side } from '../../core/order';
import type { Result } from '../../core/result';
import { err, ok } from '../../core/result';
import { sectorOf, type SectorMap } from '../sectors/sectorMap';

export interface Holding {
  readonly symbol: string;
  /** Whole shares held (long only). */
  readonly quantity: number;
}

export interface TradeListRequest {
  readonly time: number;
  readonly cash: number;
  readonly holdings: readonly Holding[];
  /** Reference price (last close or LTP) of every held or targeted symbol. */
  readonly prices: ReadonlyMap<string, number>;
  /** Target weight per symbol as a fraction of equity; symbols held but absent are sold. */
  readonly targets: ReadonlyMap<string, number>;
  readonly lotSizes?: ReadonlyMap<string, number>;
  /** Share of equity buys may not spend (0–20%). */
  readonly cashBuffer: number;
  /** Skip changes worth less than this many rupees (exits to zero always go through). */
  readonly minTradeValue: number;
  readonly costModel: CostModel;
  readonly product?: Product;
  readonly sectors: SectorMap;
  /** Sector → cap as a fraction of equity. */
  readonly sectorCaps?: Readonly<Record<string, number>>;
  /** Why this rebalance happens ("weekly rebalance", "drift 6% on INFY"). */
  readonly reason: string;
}

export interface TradeLine {
  readonly symbol: string;
  readonly side: Side;
  readonly quantity: number;
  readonly price: number;
  /** quantity × price, to the paisa. */
  readonly value: number;
  /** Charges of this order alone (the batch total is on contract notes). */
  readonly estimatedCosts: number;
  readonly fromQuantity: number;
  readonly toQuantity: number;
  readonly targetWeight: number;
  readonly reason: string;
}

export interface SkippedTrade {
  readonly symbol: string;
  readonly reason: string;
}

export interface TradeList {
  readonly time: number;
  readonly equityBefore: number;
  readonly cashBefore: number;
  /** Sells, then buys. */
  readonly lines: readonly TradeLine[];
  readonly sellValue: number;
  readonly buyValue: number;
  /** Charges of the whole batch on daily contract notes (incl. DP). */
  readonly estimatedCosts: number;
  readonly cashAfter: number;
  readonly equityAfter: number;
  readonly positionsAfter: ReadonlyMap<string, number>;
  readonly sectorExposureAfter: ReadonlyMap<string, number>;
  readonly skipped: readonly SkippedTrade[];
}

export type TradeListError = { readonly kind: 'invalid-input'; readonly message: string };

const bad = (message: string): Result<never, TradeListError> => err({ kind: 'invalid-input', message });

export function buildTradeList(req: TradeListRequest): Result<TradeList, TradeListError> {
  const held = new Map<string, number>();
  for (const h of req.holdings) {
    if (!(Number.isInteger(h.quantity) && h.quantity >= 0)) return bad(`The holding of ${h.symbol} must be a whole, non-negative number of shares.`);
    held.set(h.symbol, (held.get(h.symbol) ?? 0) + h.quantity);
  }
  const symbols = [...new Set([...held.keys(), ...req.targets.keys()])].sort();
  let targetSum = 0;
  for (const s of symbols) {
    const p = req.prices.get(s);
    if (!(p !== undefined && Number.isFinite(p) && p > 0)) return bad(`There is no valid price for ${s}; load a recent quote before rebalancing.`);
    const w = req.targets.get(s) ?? 0;
    if (!(Number.isFinite(w) && w >= 0)) return bad(`The target weight of ${s} must be zero or more.`);
    const lot = req.lotSizes?.get(s) ?? 1;
    if (!(Number.isInteger(lot) && lot >= 1)) return bad(`The lot size of ${s} must be a whole number of at least 1.`);
    targetSum += w;
  }
  if (targetSum > 1 + 1e-9) return bad(`The target weights add up to ${(targetSum * 100).toFixed(2)}%, more than 100%; lower them.`);
  if (!(Number.isFinite(req.cash) && req.cash >= 0)) return bad('Cash must be a non-negative amount; reconcile the account first.');
  if (!(req.cashBuffer >= 0 && req.cashBuffer <= 0.2)) return bad('The cash buffer must be between 0% and 20%.');
  if (!(req.minTradeValue >= 0)) return bad('The minimum trade size must be zero or more rupees.');

  const price = (s: string): number => req.prices.get(s)!;
  const lotOf = (s: string): number => req.lotSizes?.get(s) ?? 1;
  let equity = req.cash;
  for (const [s, q] of held) equity += q * price(s);

  const skipped: SkippedTrade[] = [];
  const wanted = new Map<string, number>();
  for (const s of symbols) {
    const cur = held.get(s) ?? 0;
    const w = req.targets.get(s) ?? 0;
    let q = floorToLot((w * equity) / price(s), lotOf(s));
    if (q !== cur && q !== 0 && Math.abs(q - cur) * price(s) < req.minTradeValue) {
      skipped.push({ symbol: s, reason: `change of ${Math.abs(q - cur)} shares is below the ${formatRupees(req.minTradeValue)} minimum trade` });
      q = cur;
    }
    wanted.set(s, q);
  }

  for (let round = 0; round < 10 * symbols.length + 10; round++) {
    const plan = planBatch(req, symbols, held, wanted, equity, price, lotOf);
    const breach = worstSectorBreach(req, plan.positionsAfter, plan.equityAfter, price);
    if (!breach) return ok({ ...plan, time: req.time, equityBefore: roundPaise(equity), cashBefore: req.cash, skipped: [...skipped, ...plan.cut] });
    // Trim the breached sector's largest holding by enough whole lots to cover the excess.
    const s = breach.largest;
    const lot = lotOf(s);
    const have = plan.positionsAfter.get(s) ?? 0;
    const lots = Math.max(1, Math.ceil(breach.excessValue / (price(s) * lot) - 1e-9));
    const q = Math.max(0, have - lots * lot);
    wanted.set(s, q);
    skipped.push({ symbol: s, reason: `trimmed to ${q} shares to keep ${breach.sector} within its cap` });
  }
  throw new Error('sector cap repair did not converge');
}

interface Plan {
  readonly lines: TradeLine[];
  readonly sellValue: number;
  readonly buyValue: number;
  readonly estimatedCosts: number;
  readonly cashAfter: number;
  readonly equityAfter: number;
  readonly positionsAfter: Map<string, number>;
  readonly sectorExposureAfter: Map<string, number>;
  readonly cut: SkippedTrade[];
}

function planBatch(
  req: TradeListRequest,
  symbols: readonly string[],
  held: ReadonlyMap<string, number>,
  wanted: ReadonlyMap<string, number>,
  equity: number,
  price: (s: string) => number,
  lotOf: (s: string) => number,
): Plan {
  const product = req.product ?? 'CNC';
  const chargeOf = (symbol: string, side: Side, quantity: number): number =>
    quantity > 0 ? req.costModel.charges({ side, quantity, price: price(symbol), product, exchange: 'NSE', time: req.time, symbol }).total : 0;
  const cut: SkippedTrade[] = [];
  const sells: { symbol: string; quantity: number }[] = [];
  const buys: { symbol: string; quantity: number }[] = [];
  for (const s of symbols) {
    const d = wanted.get(s)! - (held.get(s) ?? 0);
    if (d < 0) sells.push({ symbol: s, quantity: -d });
    else if (d > 0) buys.push({ symbol: s, quantity: d });
  }
  let available = req.cash;
  for (const o of sells) available += o.quantity * price(o.symbol) - chargeOf(o.symbol, 'SELL', o.quantity);
  const reserve = req.cashBuffer * equity;
  buys.sort((a, b) => b.quantity * price(b.symbol) - a.quantity * price(a.symbol) || (a.symbol < b.symbol ? -1 : 1));
  for (const o of buys) {
    const wantedQty = o.quantity;
    const lot = lotOf(o.symbol);
    while (o.quantity > 0 && o.quantity * price(o.symbol) + chargeOf(o.symbol, 'BUY', o.quantity) > available - reserve + 1e-9) o.quantity -= lot;
    o.quantity = Math.max(0, o.quantity);
    if (o.quantity < wantedQty) cut.push({ symbol: o.symbol, reason: `buy cut from ${wantedQty} to ${o.quantity} shares to fit the cash above the buffer` });
    available -= o.quantity * price(o.symbol) + chargeOf(o.symbol, 'BUY', o.quantity);
  }
  // Contract-note rounding can differ from per-order estimates: trim the smallest buys until cash ≥ 0.
  for (;;) {
    const trades = [...sells.map((o) => ({ ...o, side: 'SELL' as const })), ...buys.filter((o) => o.quantity > 0).map((o) => ({ ...o, side: 'BUY' as const }))];
    const costs = req.costModel.contractNotes(trades.map((t) => ({ side: t.side, quantity: t.quantity, price: price(t.symbol), product, exchange: 'NSE' as const, time: req.time, symbol: t.symbol }))).total;
    let cashAfter = req.cash - costs;
    for (const t of trades) cashAfter += (t.side === 'SELL' ? 1 : -1) * t.quantity * price(t.symbol);
    const smallest = buys.filter((o) => o.quantity > 0).sort((a, b) => a.quantity * price(a.symbol) - b.quantity * price(b.symbol))[0];
    if (cashAfter < 0 && smallest) {
      smallest.quantity -= lotOf(smallest.symbol);
      cut.push({ symbol: smallest.symbol, reason: 'buy cut by one lot so the batch costs fit in cash' });
      continue;
    }
    if (cashAfter < 0) throw new Error('sells alone cannot leave negative cash');
    return finish(req, symbols, held, sells, buys, costs, cashAfter, price, chargeOf, cut);
  }
}

function finish(
  req: TradeListRequest,
  symbols: readonly string[],
  held: ReadonlyMap<string, number>,
  sells: readonly { symbol: string; quantity: number }[],
  buys: readonly { symbol: string; quantity: number }[],
  costs: number,
  cashAfter: number,
  price: (s: string) => number,
  chargeOf: (symbol: string, side: Side, quantity: number) => number,
  cut: SkippedTrade[],
): Plan {
  const positionsAfter = new Map<string, number>();
  for (const s of symbols) positionsAfter.set(s, held.get(s) ?? 0);
  const lines: TradeLine[] = [];
  let sellValue = 0;
  let buyValue = 0;
  const add = (o: { symbol: string; quantity: number }, side: Side): void => {
    if (o.quantity <= 0) return;
    const from = positionsAfter.get(o.symbol)!;
    const to = from + (side === 'BUY' ? o.quantity : -o.quantity);
    positionsAfter.set(o.symbol, to);
    const value = roundPaise(o.quantity * price(o.symbol));
    if (side === 'BUY') buyValue += value;
    else sellValue += value;
    lines.push({
      symbol: o.symbol,
      side,
      quantity: o.quantity,
      price: price(o.symbol),
      value,
      estimatedCosts: chargeOf(o.symbol, side, o.quantity),
      fromQuantity: from,
      toQuantity: to,
      targetWeight: req.targets.get(o.symbol) ?? 0,
      reason: to === 0 ? `${req.reason}: exit` : `${req.reason}: ${side === 'BUY' ? 'raise' : 'cut'} to ${to} shares`,
    });
  };
  for (const o of sells) add(o, 'SELL');
  for (const o of buys) add(o, 'BUY');
  let equityAfter = cashAfter;
  const sectorExposureAfter = new Map<string, number>();
  for (const [s, q] of positionsAfter) {
    const v = q * price(s);
    equityAfter += v;
    const sec = sectorOf(req.sectors, s);
    sectorExposureAfter.set(sec, (sectorExposureAfter.get(sec) ?? 0) + v);
  }
  for (const [sec, v] of sectorExposureAfter) sectorExposureAfter.set(sec, v / equityAfter);
  return { lines, sellValue: roundPaise(sellValue), buyValue: roundPaise(buyValue), estimatedCosts: costs, cashAfter: roundPaise(cashAfter), equityAfter: roundPaise(equityAfter), positionsAfter, sectorExposureAfter, cut };
}

function worstSectorBreach(
  req: TradeListRequest,
  positions: ReadonlyMap<string, number>,
  equityAfter: number,
  price: (s: string) => number,
): { sector: string; excessValue: number; largest: string } | null {
  const caps = req.sectorCaps ?? {};
  let worst: { sector: string; excessValue: number; largest: string } | null = null;
  for (const [sector, cap] of Object.entries(caps)) {
    let value = 0;
    let largest = '';
    let largestValue = 0;
    for (const [s, q] of positions) {
      if (sectorOf(req.sectors, s) !== sector) continue;
      const v = q * price(s);
      value += v;
      if (v > largestValue || (v === largestValue && s < largest)) {
        largest = s;
        largestValue = v;
      }
    }
    const excess = value - cap * equityAfter;
    if (excess > 1e-9 && largest !== '' && (!worst || excess > worst.excessValue)) worst = { sector, excessValue: excess, largest };
  }
  return worst;
}
