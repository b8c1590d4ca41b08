import fc from 'fast-check';
import { FlatBpsCostModel, ZerodhaEquityCostModel, ZeroCostModel, type CostModel } from '../../../src/core/costs';
import { istTime } from '../../../src/calendar/ist';
import { buildTradeList, type TradeList, type TradeListRequest } from '../../../src/portfolio/rebalance/tradeList';

const T = istTime('2025-01-07', '15:00');
const sectors = new Map([
  ['HDFCBANK', 'Financial Services'],
  ['ICICIBANK', 'Financial Services'],
  ['INFY', 'Information Technology'],
  ['TCS', 'Information Technology'],
  ['ITC', 'Fast Moving Consumer Goods'],
]);
const prices = new Map([
  ['HDFCBANK', 1712.35],
  ['ICICIBANK', 1283.9],
  ['INFY', 1931.05],
  ['TCS', 4102.6],
  ['ITC', 452.15],
]);

function base(patch: Partial<TradeListRequest> = {}): TradeListRequest {
  return {
    time: T,
    cash: 1_000_000,
    holdings: [],
    prices,
    targets: new Map([
      ['HDFCBANK', 0.2],
      ['ICICIBANK', 0.2],
      ['INFY', 0.2],
      ['TCS', 0.2],
      ['ITC', 0.15],
    ]),
    cashBuffer: 0.05,
    minTradeValue: 0,
    costModel: new ZerodhaEquityCostModel(),
    sectors,
    reason: 'weekly rebalance',
    ...patch,
  };
}

/** Independent replay: apply lines in order with the model's per-note costs; cash after every line. */
function replay(req: TradeListRequest, list: TradeList, model: CostModel): { cash: number; minCash: number; pos: Map<string, number> } {
  const pos = new Map(req.holdings.map((h) => [h.symbol, h.quantity]));
  let cash = req.cash;
  let minCash = cash;
  for (const l of list.lines) {
    cash += (l.side === 'SELL' ? 1 : -1) * l.quantity * l.price;
    pos.set(l.symbol, (pos.get(l.symbol) ?? 0) + (l.side === 'BUY' ? l.quantity : -l.quantity));
    expect(pos.get(l.symbol)!).toBeGreaterThanOrEqual(0);
    minCash = Math.min(minCash, cash);
  }
  const notes = model.contractNotes(list.lines.map((l) => ({ side: l.side, quantity: l.quantity, price: l.price, product: 'CNC' as const, exchange: 'NSE' as const, time: T, symbol: l.symbol })));
  cash -= notes.total;
  return { cash, minCash: Math.min(minCash, cash), pos };
}

const ok = (req: TradeListRequest): TradeList => {
  const r = buildTradeList(req);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
};

describe('trade list', () => {
  it('builds whole-share buys from cash, floored to the weight, with the buffer kept', () => {
    const req = base({ costModel: new ZeroCostModel() });
    const list = ok(req);
    expect(list.lines.every((l) => l.side === 'BUY' && Number.isInteger(l.quantity))).toBe(true);
    for (const l of list.lines) expect(l.quantity).toBe(Math.floor((req.targets.get(l.symbol)! * 1_000_000) / l.price));
    expect(list.cashAfter).toBeGreaterThanOrEqual(0.05 * 1_000_000);
    const r = replay(req, list, new ZeroCostModel());
    expect(r.cash).toBeCloseTo(list.cashAfter, 2);
  });

  it('puts sells before buys and never lets cash go negative after Zerodha costs', () => {
    const req = base({
      cash: 1000,
      cashBuffer: 0,
      holdings: [
        { symbol: 'ITC', quantity: 2000 },
        { symbol: 'TCS', quantity: 10 },
      ],
      targets: new Map([
        ['INFY', 0.5],
        ['HDFCBANK', 0.5],
      ]),
    });
    const list = ok(req);
    const firstBuy = list.lines.findIndex((l) => l.side === 'BUY');
    expect(list.lines.slice(0, firstBuy).every((l) => l.side === 'SELL')).toBe(true);
    expect(list.lines.slice(firstBuy).every((l) => l.side === 'BUY')).toBe(true);
    const r = replay(req, list, new ZerodhaEquityCostModel());
    expect(r.cash).toBeGreaterThanOrEqual(0);
    expect(r.cash).toBeCloseTo(list.cashAfter, 2);
    expect(list.estimatedCosts).toBeGreaterThan(0);
    expect(r.pos.get('ITC')).toBe(0);
  });

  it('property: random books, targets, costs and buffers never end with negative cash or a breached cap', () => {
    const symbols = [...prices.keys()];
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 400 }), { minLength: 5, maxLength: 5 }),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 5, maxLength: 5 }),
        fc.integer({ min: 0, max: 300_000 }),
        fc.double({ min: 0, max: 0.2, noNaN: true }),
        fc.integer({ min: 0, max: 20_000 }),
        fc.constantFrom<CostModel>(new ZerodhaEquityCostModel(), new FlatBpsCostModel(30), new ZeroCostModel()),
        (qty, raw, cash, buffer, minTrade, model) => {
          const total = raw.reduce((a, b) => a + b, 0) || 1;
          const targets = new Map(symbols.map((s, i) => [s, ((1 - buffer) * raw[i]!) / total]));
          const req = base({ cash, holdings: symbols.map((s, i) => ({ symbol: s, quantity: qty[i]! })), targets, cashBuffer: buffer, minTradeValue: minTrade, costModel: model, sectorCaps: { 'Financial Services': 0.3, 'Information Technology': 0.25 } });
          const list = ok(req);
          const r = replay(req, list, model);
          expect(r.minCash).toBeGreaterThanOrEqual(-1e-6);
          let equity = r.cash;
          for (const [s, q] of r.pos) equity += q * prices.get(s)!;
          const fs = (r.pos.get('HDFCBANK')! * prices.get('HDFCBANK')! + r.pos.get('ICICIBANK')! * prices.get('ICICIBANK')!) / equity;
          const it = (r.pos.get('INFY')! * prices.get('INFY')! + r.pos.get('TCS')! * prices.get('TCS')!) / equity;
          expect(fs).toBeLessThanOrEqual(0.3 + 1e-9);
          expect(it).toBeLessThanOrEqual(0.25 + 1e-9);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('repairs a sector breach left by rounding and the minimum trade size by trimming whole shares', () => {
    // 49.9% in banks already; target 30% but the minimum trade size would skip nothing here —
    // ask for a huge minimum so the plain plan keeps the overweight bank holdings.
    const req = base({
      cash: 500_000,
      holdings: [
        { symbol: 'HDFCBANK', quantity: 146 },
        { symbol: 'ICICIBANK', quantity: 194 },
      ],
      targets: new Map([
        ['HDFCBANK', 0.15],
        ['ICICIBANK', 0.15],
        ['ITC', 0.6],
      ]),
      minTradeValue: 1_000_000,
      sectorCaps: { 'Financial Services': 0.3 },
      costModel: new ZerodhaEquityCostModel(),
    });
    const list = ok(req);
    const fs = list.sectorExposureAfter.get('Financial Services')!;
    expect(fs).toBeLessThanOrEqual(0.3);
    expect(list.skipped.some((s) => /within its cap/.test(s.reason))).toBe(true);
    const r = replay(req, list, new ZerodhaEquityCostModel());
    expect(r.cash).toBeGreaterThanOrEqual(0);
    // trimming is by whole shares and not more than one share beyond the cap's need
    const bankValue = r.pos.get('HDFCBANK')! * prices.get('HDFCBANK')! + r.pos.get('ICICIBANK')! * prices.get('ICICIBANK')!;
    expect(bankValue + prices.get('HDFCBANK')!).toBeGreaterThan(0.3 * list.equityAfter);
  });

  it('skips changes below the minimum trade size but always completes exits', () => {
    const req = base({
      holdings: [
        { symbol: 'ITC', quantity: 3 },
        { symbol: 'INFY', quantity: 100 },
      ],
      cash: 10_000,
      targets: new Map([['INFY', 0.96]]),
      minTradeValue: 5000,
    });
    const list = ok(req);
    expect(list.lines.find((l) => l.symbol === 'ITC')).toMatchObject({ side: 'SELL', quantity: 3, toQuantity: 0 });
    expect(list.lines.find((l) => l.symbol === 'INFY')).toBeUndefined();
    expect(list.skipped.map((s) => s.symbol)).toContain('INFY');
  });

  it('honours lot sizes', () => {
    const list = ok(base({ lotSizes: new Map([['TCS', 25]]), costModel: new ZeroCostModel() }));
    expect(list.lines.find((l) => l.symbol === 'TCS')!.quantity % 25).toBe(0);
  });

  it('rejects bad inputs with one sentence', () => {
    const cases: Partial<TradeListRequest>[] = [
      { prices: new Map() },
      { targets: new Map([['INFY', 0.7], ['TCS', 0.6]]) },
      { holdings: [{ symbol: 'INFY', quantity: 1.5 }] },
      { cashBuffer: 0.5 },
      { cash: -1 },
      { lotSizes: new Map([['INFY', 0]]) },
    ];
    for (const c of cases) {
      const r = buildTradeList(base(c));
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.message).toMatch(/^[A-Z][^\n]*\.$/);
    }
  });

  it('lists sells before buys (sells free the cash the buys need)', () => {
    const req = base({ holdings: [{ symbol: 'ITC', quantity: 2000 }], cash: 100_000, targets: new Map([['INFY', 0.5]]) });
    const list = ok(req);
    expect(list.lines.map((l) => [l.side, l.symbol])).toEqual([
      ['SELL', 'ITC'],
      ['BUY', 'INFY'],
    ]);
    expect(list.lines.every((l) => l.quantity > 0)).toBe(true);
  });
});
