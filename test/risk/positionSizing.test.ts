import { kellyEstimate, sizePosition, type SizingContext } from '../../src/risk/positionSizing';

const ctx = (o: Partial<SizingContext> = {}): SizingContext => ({
  equity: 1_000_000,
  price: 250,
  lotSize: 1,
  availableCash: 1_000_000,
  maxPositionFraction: 0.1,
  ...o,
});

describe('position sizing', () => {
  it('risk per trade: 1% of ₹10,00,000 over a ₹25.50 stop', () => {
    // entry 250, stop 224.50 → distance 25.50; budget 10,000; 10,000 / 25.5 = 392.16 → 392
    // cap 10% = ₹1,00,000 / 250 = 400 shares, not binding
    const r = sizePosition({ kind: 'riskPerTrade', riskFraction: 0.01, stop: 224.5 }, ctx());
    expect(r.ok && r.value).toEqual({
      quantity: 392,
      ruleQuantity: 392,
      binding: 'rule',
      explanation: 'risk 1% of ₹10,00,000 = ₹10,000 over a ₹25.50 stop distance → 392 shares, capped at 10% of equity (₹1,00,000) → 392',
    });
  });

  it('risk per trade in rupees, short side stop above entry, capped by max position', () => {
    // risk ₹20,000 over |250 − 260| = 10 → 2,000 shares; cap 10% → 1,00,000 / 250 = 400
    const r = sizePosition({ kind: 'riskPerTrade', riskAmount: 20_000, stop: 260 }, ctx());
    expect(r.ok && r.value.quantity).toBe(400);
    expect(r.ok && r.value.binding).toBe('maxPosition');
    expect(r.ok && r.value.explanation).toBe('risk ₹20,000 over a ₹10 stop distance → 2000 shares, capped at 10% of equity (₹1,00,000) → 400');
  });

  it('fixed fraction rounds down and respects available cash and margin', () => {
    // 8% of 10,00,000 = 80,000 / 333 = 240.24 → 240; cash 50,000 / 333 = 150.15 → 150
    const r = sizePosition({ kind: 'fixedFraction', fraction: 0.08 }, ctx({ price: 333, availableCash: 50_000 }));
    expect(r.ok && r.value).toMatchObject({ quantity: 150, ruleQuantity: 240, binding: 'cash' });
    // with 5× intraday leverage (margin 0.2) the same cash buys 50,000 / (333 × 0.2) = 750.75 → 750 ≥ 240
    const m = sizePosition({ kind: 'fixedFraction', fraction: 0.08 }, ctx({ price: 333, availableCash: 50_000, marginRate: 0.2 }));
    expect(m.ok && m.value.quantity).toBe(240);
  });

  it('fixed quantity rounds to lots for derivatives', () => {
    // 130 with lot 50 → 100; cap 10% = 1,00,000 / 100 = 1000 → 1000
    const r = sizePosition({ kind: 'fixedQuantity', quantity: 130 }, ctx({ price: 100, lotSize: 50 }));
    expect(r.ok && r.value.quantity).toBe(100);
    // cap at 2% → 20,000 / 100 = 200 → lots of 50 → 200; quantity 230 → 200 (lot floor) and cap 200
    const c = sizePosition({ kind: 'fixedQuantity', quantity: 260 }, ctx({ price: 100, lotSize: 50, maxPositionFraction: 0.019 }));
    // 19,000 / 100 = 190 → 150 (3 lots)
    expect(c.ok && c.value.quantity).toBe(150);
  });

  it('Kelly: estimate, fractional multiplier and cap', () => {
    // 6 wins of +2, 4 losses of −1: W = 0.6, R = 2 → f* = 0.6 − 0.4 / 2 = 0.4
    const trades = Float64Array.from([2, 2, -1, 2, -1, 2, -1, 2, -1, 2]);
    const k = kellyEstimate(trades);
    expect(k.winRate).toBeCloseTo(0.6, 12);
    expect(k.payoff).toBeCloseTo(2, 12);
    expect(k.fraction).toBeCloseTo(0.4, 12);
    // half Kelly 0.2, cap 0.25 → 0.2; max position 30% → 20% of 10,00,000 = 2,00,000 / 250 = 800
    const r = sizePosition(
      { kind: 'kelly', trades, multiplier: 0.5, cap: 0.25, minTrades: 10, fallbackFraction: 0.05 },
      ctx({ maxPositionFraction: 0.3 }),
    );
    expect(r.ok && r.value.quantity).toBe(800);
    expect(r.ok && r.value.explanation).toContain('f* = 0.4 × 0.5 = 0.2');
    // full Kelly 0.4 capped at 0.25 → 2,50,000 / 250 = 1000
    const capped = sizePosition({ kind: 'kelly', trades, multiplier: 1, cap: 0.25, minTrades: 10, fallbackFraction: 0.05 }, ctx({ maxPositionFraction: 0.3 }));
    expect(capped.ok && capped.value.quantity).toBe(1000);
  });

  it('Kelly falls back to a fixed fraction with a short history and gives 0 without an edge', () => {
    const few = Float64Array.from([5, -1, 5]);
    // 3 < 20 trades → 5% of 10,00,000 = 50,000 / 250 = 200
    const r = sizePosition({ kind: 'kelly', trades: few, multiplier: 0.5, cap: 0.2, minTrades: 20, fallbackFraction: 0.05 }, ctx());
    expect(r.ok && r.value.quantity).toBe(200);
    expect(r.ok && r.value.explanation).toMatch(/^only 3 trades \(fewer than 20\), so fixed fraction: 5%/);
    // W = 0.25, R = 1 → f* = 0.25 − 0.75 = −0.5 → 0
    const losing = Float64Array.from([1, -1, -1, -1]);
    expect(kellyEstimate(losing).fraction).toBe(0);
    const z = sizePosition({ kind: 'kelly', trades: losing, multiplier: 1, cap: 0.2, minTrades: 4, fallbackFraction: 0.05 }, ctx());
    expect(z.ok && z.value.quantity).toBe(0);
  });

  it('volatility targeting by ATR and by annualised volatility', () => {
    // 0.5% of 10,00,000 = 5,000 per 2 × ATR(6.25) = 12.50 → 400 shares; cap 10% / 250 = 400
    const a = sizePosition({ kind: 'atrTarget', atr: 6.25, atrMultiple: 2, riskFraction: 0.005 }, ctx());
    expect(a.ok && a.value.quantity).toBe(400);
    // target 2% / vol 40% = 5% of equity = 50,000 / 250 = 200
    const v = sizePosition({ kind: 'volTarget', annualVol: 0.4, targetVol: 0.02 }, ctx());
    expect(v.ok && v.value.quantity).toBe(200);
  });

  it('rejects nonsense inputs with a sentence', () => {
    const s = sizePosition({ kind: 'riskPerTrade', riskFraction: 0.01, stop: 250 }, ctx());
    expect(s.ok).toBe(false);
    expect(!s.ok && s.error.message).toMatch(/stop equals the entry/);
    expect(sizePosition({ kind: 'fixedFraction', fraction: 2 }, ctx()).ok).toBe(false);
    expect(sizePosition({ kind: 'fixedFraction', fraction: 0.1 }, ctx({ price: 0 })).ok).toBe(false);
  });
});
