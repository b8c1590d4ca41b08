/**
 * Property: whatever the snapshot, limits and intent, an approved (possibly resized) intent never
 * breaches a configured limit. Each limit is re-checked here from first principles.
 */
import fc from 'fast-check';
import { istMidnight, istMinuteOfDay, istTime } from '../../src/calendar/ist';
import type { Side } from '../../src/core/order';
import type { TradingState } from '../../src/core/tradingState';
import { allowsOrder } from '../../src/core/tradingState';
import { check } from '../../src/risk/riskGate';
import { riskLimitsSchema, type RiskLimits } from '../../src/risk/riskLimits';
import type { HeldPosition, MarketInfo, RecentOrder, RiskSnapshot } from '../../src/risk/riskSnapshot';
import { intent as mkIntent } from './gateFixtures';

const SYMBOLS = ['A', 'B', 'C', 'D'] as const;
const SECTORS: Record<string, string> = { A: 'S1', B: 'S1', C: 'S2' }; // D unclassified

const limitsArb: fc.Arbitrary<RiskLimits> = fc
  .record({
    maxPositionFraction: fc.double({ min: 0.01, max: 0.5, noNaN: true }),
    maxSectorFraction: fc.double({ min: 0.1, max: 0.8, noNaN: true }),
    maxOrderValue: fc.double({ min: 1000, max: 5e6, noNaN: true }),
    maxOrdersPerDay: fc.integer({ min: 1, max: 20 }),
    maxOrdersPerMinute: fc.integer({ min: 1, max: 5 }),
    duplicateWindowSeconds: fc.integer({ min: 0, max: 120 }),
    dailyLossFraction: fc.double({ min: 0.001, max: 0.2, noNaN: true }),
    maxVarFraction: fc.double({ min: 0.01, max: 0.1, noNaN: true }),
    misSquareOffTime: fc.constantFrom('15:00', '15:20', '15:25'),
    priceBandFraction: fc.double({ min: 0.001, max: 0.2, noNaN: true }),
    allowResize: fc.boolean(),
  })
  .map((l) => riskLimitsSchema.parse(l));

const marketArb: fc.Arbitrary<MarketInfo> = fc
  .record({
    lastPrice: fc.double({ min: 5, max: 5000, noNaN: true }),
    lotSize: fc.constantFrom(1, 1, 25, 50),
    freeze: fc.option(fc.integer({ min: 1, max: 3000 }), { nil: undefined }),
    band: fc.option(fc.double({ min: 0.02, max: 0.2, noNaN: true }), { nil: undefined }),
  })
  .map(({ lastPrice, lotSize, freeze, band }) => ({
    lastPrice,
    lotSize,
    ...(freeze !== undefined ? { freezeQuantity: freeze } : {}),
    ...(band !== undefined ? { lowerCircuit: lastPrice * (1 - band), upperCircuit: lastPrice * (1 + band) } : {}),
  }));

const caseArb = fc
  .record({
    limits: limitsArb,
    equity: fc.double({ min: 1e5, max: 5e7, noNaN: true }),
    dayPnlFraction: fc.double({ min: -0.25, max: 0.1, noNaN: true }),
    state: fc.constantFrom<TradingState>('ACTIVE', 'ACTIVE', 'ACTIVE', 'REDUCING', 'HALTED'),
    minute: fc.integer({ min: 9 * 60 + 15, max: 15 * 60 + 29 }),
    market: fc.tuple(marketArb, marketArb, marketArb, marketArb),
    held: fc.tuple(...SYMBOLS.map(() => fc.integer({ min: -400, max: 400 }))),
    orders: fc.array(
      fc.record({ symbol: fc.constantFrom(...SYMBOLS), side: fc.constantFrom<Side>('BUY', 'SELL'), lots: fc.integer({ min: 1, max: 40 }), agoSec: fc.integer({ min: 0, max: 2 * 86_400 }) }),
      { maxLength: 25 },
    ),
    varFraction: fc.double({ min: 0, max: 0.12, noNaN: true }),
    perRupee: fc.tuple(...SYMBOLS.map(() => fc.double({ min: 0, max: 0.06, noNaN: true }))),
    order: fc.record({
      symbol: fc.constantFrom(...SYMBOLS),
      side: fc.constantFrom<Side>('BUY', 'SELL'),
      lots: fc.integer({ min: 1, max: 400 }),
      product: fc.constantFrom('CNC' as const, 'MIS' as const),
      kind: fc.constantFrom('MARKET' as const, 'LIMIT' as const, 'SL-M' as const),
      offset: fc.double({ min: -0.08, max: 0.08, noNaN: true }),
    }),
  });

describe('risk gate property', () => {
  it('never approves an intent that breaches a configured limit', () => {
    let approved = 0;
    let resized = 0;
    fc.assert(
      fc.property(caseArb, (c) => {
        const now = istTime('2026-11-25', '00:00') + c.minute * 60_000 + 17_000;
        const market = new Map(SYMBOLS.map((s, i) => [s, c.market[i]!] as const));
        const positions = new Map<string, HeldPosition>();
        SYMBOLS.forEach((s, i) => {
          const m = market.get(s)!;
          const q = c.held[i]! * (m.lotSize ?? 1);
          if (q !== 0) positions.set(s, { quantity: q, lastPrice: m.lastPrice });
        });
        const recentOrders: RecentOrder[] = c.orders.map((o) => ({ symbol: o.symbol, side: o.side, quantity: o.lots * (market.get(o.symbol)!.lotSize ?? 1), time: now - o.agoSec * 1000 }));
        const snap: RiskSnapshot = {
          time: now,
          tradingState: c.state,
          equity: c.equity,
          dayStartEquity: c.equity,
          dayPnl: c.dayPnlFraction * c.equity,
          positions,
          market,
          sectors: SECTORS,
          recentOrders,
          var: { current: c.varFraction * c.equity, perRupee: new Map(SYMBOLS.map((s, i) => [s, c.perRupee[i]!] as const)) },
        };
        const m = market.get(c.order.symbol)!;
        const lot = m.lotSize ?? 1;
        const px = Math.round(m.lastPrice * (1 + c.order.offset) * 100) / 100;
        const req = mkIntent({
          symbol: c.order.symbol,
          side: c.order.side,
          quantity: c.order.lots * lot,
          product: c.order.product,
          orderType: c.order.kind,
          ...(c.order.kind === 'LIMIT' ? { price: px } : c.order.kind === 'SL-M' ? { trigger: px } : {}),
          time: now,
        });
        const r = check(req, snap, c.limits);
        if (!r.ok) {
          expect(r.error.message).toMatch(/^[A-Z].*[.]$/); // one sentence
          return;
        }
        approved++;
        const f = r.value;
        const L = c.limits;
        const q = f.quantity;
        if (q !== req.quantity) resized++;
        const eps = 1e-6;
        // quantity: positive whole lots, never more than asked
        expect(q).toBeGreaterThan(0);
        expect(q % lot).toBe(0);
        expect(q).toBeLessThanOrEqual(req.quantity);
        // trading state
        const held = positions.get(f.symbol)?.quantity ?? 0;
        const sgn = f.side === 'BUY' ? 1 : -1;
        const reducing = allowsOrder('REDUCING', held, sgn * q);
        expect(c.state).not.toBe('HALTED');
        if (c.state === 'REDUCING') expect(reducing).toBe(true);
        // price sanity
        for (const p of [f.price, f.trigger]) {
          if (p === undefined) continue;
          expect(Math.abs(p / m.lastPrice - 1)).toBeLessThanOrEqual(L.priceBandFraction + 1e-9);
          if (m.lowerCircuit !== undefined) expect(p).toBeGreaterThanOrEqual(m.lowerCircuit);
          if (m.upperCircuit !== undefined) expect(p).toBeLessThanOrEqual(m.upperCircuit);
        }
        // counts, rate and duplicates
        const dayStart = istMidnight(now);
        expect(recentOrders.filter((o) => o.time >= dayStart && o.time <= now).length).toBeLessThan(L.maxOrdersPerDay);
        expect(recentOrders.filter((o) => o.time > now - 60_000 && o.time <= now).length).toBeLessThan(L.maxOrdersPerMinute);
        if (L.duplicateWindowSeconds > 0) {
          const dup = recentOrders.some((o) => o.symbol === f.symbol && o.side === f.side && o.quantity === q && o.time >= now - L.duplicateWindowSeconds * 1000);
          expect(dup).toBe(false);
        }
        // order value and freeze
        const ref = Math.max(m.lastPrice, f.price ?? 0, f.trigger ?? 0);
        expect(q * ref).toBeLessThanOrEqual(L.maxOrderValue * (1 + eps));
        if (m.freezeQuantity !== undefined) expect(q).toBeLessThanOrEqual(m.freezeQuantity);
        if (!reducing) {
          expect(snap.dayPnl).toBeGreaterThan(-L.dailyLossFraction * c.equity);
          if (f.product === 'MIS') expect(istMinuteOfDay(now)).toBeLessThan(Number(L.misSquareOffTime.slice(0, 2)) * 60 + Number(L.misSquareOffTime.slice(3)));
          const after = Math.abs(held + sgn * q);
          expect(after * ref).toBeLessThanOrEqual(L.maxPositionFraction * c.equity * (1 + eps));
          const sector = SECTORS[f.symbol] ?? 'Unclassified';
          let sectorGross = after * ref;
          for (const [s, p] of positions) if (s !== f.symbol && (SECTORS[s] ?? 'Unclassified') === sector) sectorGross += Math.abs(p.quantity) * p.lastPrice;
          expect(sectorGross).toBeLessThanOrEqual(L.maxSectorFraction * c.equity * (1 + eps));
          const vpr = snap.var!.perRupee.get(f.symbol)!;
          expect(snap.var!.current + q * ref * vpr).toBeLessThanOrEqual(L.maxVarFraction * c.equity * (1 + eps));
        }
      }),
      { numRuns: 3000, seed: 20261125 },
    );
    // the generator must exercise approvals and resizes, or the property says nothing
    expect(approved).toBeGreaterThan(150);
    expect(resized).toBeGreaterThan(30);
  });
});
