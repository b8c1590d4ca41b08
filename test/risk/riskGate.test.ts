import { istTime } from '../../src/calendar/ist';
import { check } from '../../src/risk/riskGate';
import { DEFAULT_RISK_LIMITS, parseRiskLimits, type RiskLimits } from '../../src/risk/riskLimits';
import { intent, NOW, snapshot } from './gateFixtures';

const limits = (o: Partial<RiskLimits> = {}): RiskLimits => ({ ...DEFAULT_RISK_LIMITS, ...o });
const denied = (r: ReturnType<typeof check>): string => (r.ok ? 'approved' : r.error.rule);
const qty = (r: ReturnType<typeof check>): number => (r.ok ? r.value.quantity : -1);

describe('risk limits config', () => {
  it('has safe defaults and enforces bounds with a readable sentence', () => {
    expect(DEFAULT_RISK_LIMITS.maxPositionFraction).toBe(0.1);
    expect(DEFAULT_RISK_LIMITS.misSquareOffTime).toBe('15:20');
    const bad = parseRiskLimits({ maxPositionFraction: 0.6 });
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.error).toMatch(/^Risk limit "maxPositionFraction" is invalid \(.*\); fix it or remove it to use the default\.$/);
    expect(parseRiskLimits({ maxVarFraction: 0.005 }).ok).toBe(false);
    expect(parseRiskLimits({ maxSectorFraction: 0.9 }).ok).toBe(false);
    expect(parseRiskLimits({ misSquareOffTime: '3:20pm' }).ok).toBe(false);
    expect(parseRiskLimits({ surprise: 1 }).ok).toBe(false);
    const good = parseRiskLimits({ maxOrderValue: 100_000 });
    expect(good.ok && good.value.maxOrderValue).toBe(100_000);
  });
});

describe('pre-trade risk gate', () => {
  it('approves an order inside every limit unchanged', () => {
    const i = intent(); // 100 × 250 = ₹25,000
    const r = check(i, snapshot());
    expect(r.ok && r.value).toBe(i);
  });

  it('TradingState: HALTED denies everything, REDUCING only exits that do not cross zero', () => {
    const held = new Map([['INFY', { quantity: 100, lastPrice: 250 }]]);
    expect(denied(check(intent({ side: 'SELL', quantity: 50 }), snapshot({ tradingState: 'HALTED', positions: held })))).toBe('trading-halted');
    // The refusal of an exit says how to get it out; that of an entry (or a sell past zero) does not offer /reduce.
    const message = (side: 'BUY' | 'SELL', quantity: number): string => {
      const r = check(intent({ side, quantity }), snapshot({ tradingState: 'HALTED', positions: held }));
      return r.ok ? 'approved' : r.error.message;
    };
    expect(message('SELL', 50)).toBe('Trading is halted, so no orders are accepted, exits included; /reduce (reducing-only mode) lets orders that shrink a position through.');
    for (const [side, q] of [['BUY', 10], ['SELL', 150]] as const) expect(message(side, q)).toBe('Trading is halted, so no orders are accepted; resume trading once it is safe to do so.');
    const reducing = snapshot({ tradingState: 'REDUCING', positions: held });
    expect(qty(check(intent({ side: 'SELL', quantity: 50 }), reducing))).toBe(50);
    expect(denied(check(intent({ side: 'BUY', quantity: 10 }), reducing))).toBe('reducing-only');
    expect(denied(check(intent({ side: 'SELL', quantity: 150 }), reducing))).toBe('reducing-only');
  });

  it('resizes to the maximum position size, or denies when resizing is off', () => {
    // cap 10% × 10,00,000 = ₹1,00,000 / 250 = 400 shares; holding 100 → at most 300 more
    const s = snapshot({ positions: new Map([['INFY', { quantity: 100, lastPrice: 250 }]]) });
    const r = check(intent({ quantity: 500 }), s);
    expect(qty(r)).toBe(300);
    expect(r.ok && r.value.reason).toBe('test entry [risk: resized from 500 to 300 to stay within the maximum position of 10% of equity (₹1,00,000)]');
    const d = check(intent({ quantity: 500 }), s, limits({ allowResize: false }));
    expect(!d.ok && d.error.message).toBe('Buying 500 INFY would break the maximum position of 10% of equity (₹1,00,000); lower the quantity to at most 300 or change the limit.');
    // a short flip: short 100 held, buying 600 → long 500 > 400 → at most 100 + 400 = 500
    const short = snapshot({ positions: new Map([['INFY', { quantity: -100, lastPrice: 250 }]]) });
    expect(qty(check(intent({ quantity: 600 }), short))).toBe(500);
  });

  it('sector exposure counts the other positions of the sector', () => {
    // Banks: HDFCBANK 200 × 1,500 = ₹3,00,000 = the 30% limit → no room for ICICIBANK
    const s = snapshot({ positions: new Map([['HDFCBANK', { quantity: 200, lastPrice: 1500 }]]) });
    const r = check(intent({ symbol: 'ICICIBANK', quantity: 10 }), s);
    expect(denied(r)).toBe('sector-exposure');
    expect(!r.ok && r.error.message).toBe('Buying 10 ICICIBANK would break the Banks sector limit of 30% of equity (₹3,00,000); lower the quantity or change the limit.');
    // at 35%: ₹3,50,000 − 3,00,000 = 50,000 / 1,000 = 50 shares
    expect(qty(check(intent({ symbol: 'ICICIBANK', quantity: 80 }), s, limits({ maxSectorFraction: 0.35 })))).toBe(50);
  });

  it('caps order value and freeze quantity, in whole lots', () => {
    // ₹50,000 / 250 = 200
    expect(qty(check(intent({ quantity: 300 }), snapshot(), limits({ maxOrderValue: 50_000 })))).toBe(200);
    // a limit price above last values the order at the limit: 50,000 / 255 = 196.08 → 196
    expect(qty(check(intent({ quantity: 300, orderType: 'LIMIT', price: 255 }), snapshot(), limits({ maxOrderValue: 50_000 })))).toBe(196);
    // lot 25, freeze 90 → 75 (3 lots)
    const m = snapshot({ market: new Map([['INFY', { lastPrice: 250, lotSize: 25, freezeQuantity: 90 }]]) });
    expect(qty(check(intent({ quantity: 150 }), m))).toBe(75);
    expect(denied(check(intent({ quantity: 30 }), m))).toBe('invalid-intent');
  });

  it('limits orders per day and per minute and blocks duplicates', () => {
    const mk = (secondsAgo: number, quantity = 7) => ({ symbol: 'TCS', side: 'BUY' as const, quantity, time: NOW - secondsAgo * 1000 });
    // 3 orders today (one yesterday does not count) with a per-day limit of 3
    const yesterday = { ...mk(0), time: istTime('2026-11-24', '15:00') };
    const day = snapshot({ recentOrders: [mk(3600), mk(1800), mk(900), yesterday] });
    expect(denied(check(intent(), day, limits({ maxOrdersPerDay: 3 })))).toBe('orders-per-day');
    expect(denied(check(intent(), day, limits({ maxOrdersPerDay: 4 })))).toBe('approved');
    // 2 in the last minute with a per-minute limit of 2
    const minute = snapshot({ recentOrders: [mk(10), mk(59), mk(61)] });
    expect(denied(check(intent(), minute, limits({ maxOrdersPerMinute: 2 })))).toBe('orders-per-minute');
    // duplicate: same symbol/side/qty 20 s ago, 30 s window
    const dup = snapshot({ recentOrders: [{ symbol: 'INFY', side: 'BUY', quantity: 100, time: NOW - 20_000 }] });
    const r = check(intent(), dup);
    expect(denied(r)).toBe('duplicate');
    expect(!r.ok && r.error.message).toMatch(/^An identical order \(BUY 100 INFY\) went out 20 s ago/);
    expect(denied(check(intent({ quantity: 101 }), dup))).toBe('approved');
    expect(denied(check(intent(), dup, limits({ duplicateWindowSeconds: 15 })))).toBe('approved');
  });

  it('daily loss limit halts entries but not exits', () => {
    // 2% of 10,00,000 = ₹20,000
    const held = new Map([['INFY', { quantity: 100, lastPrice: 250 }]]);
    const s = snapshot({ dayPnl: -20_000, positions: held });
    const r = check(intent(), s);
    expect(denied(r)).toBe('daily-loss');
    expect(!r.ok && r.error.message).toContain("Today's loss of ₹20,000 has reached the daily loss limit of 2% (₹20,000)");
    expect(qty(check(intent({ side: 'SELL', quantity: 100 }), s))).toBe(100);
    expect(denied(check(intent(), snapshot({ dayPnl: -19_999.99 })))).toBe('approved');
  });

  it('no new MIS entries at or after the square-off time', () => {
    const at = (hhmm: string) => snapshot({ time: istTime('2026-11-25', hhmm) });
    expect(denied(check(intent({ product: 'MIS' }), at('15:19')))).toBe('approved');
    expect(denied(check(intent({ product: 'MIS' }), at('15:20')))).toBe('mis-cutoff');
    expect(denied(check(intent({ product: 'CNC' }), at('15:25')))).toBe('approved');
  });

  it('price sanity: band around the last price and circuit limits', () => {
    // 5% of 250 = 12.50 → 262.50 ok, 263 not
    expect(denied(check(intent({ orderType: 'LIMIT', price: 262.5 }), snapshot()))).toBe('approved');
    expect(denied(check(intent({ orderType: 'LIMIT', price: 263 }), snapshot()))).toBe('price-band');
    expect(denied(check(intent({ orderType: 'SL-M', trigger: 237 }), snapshot()))).toBe('price-band');
    const c = snapshot({ market: new Map([['INFY', { lastPrice: 250, lowerCircuit: 240, upperCircuit: 255 }]]) });
    expect(denied(check(intent({ orderType: 'LIMIT', price: 256 }), c))).toBe('circuit-limit');
    expect(denied(check(intent({ symbol: 'WIPRO' }), snapshot()))).toBe('no-market-data');
  });

  it('portfolio VaR limit resizes by the stand-alone VaR per rupee', () => {
    // limit 5% × 10,00,000 = 50,000; current 40,000 → room 10,000 / (250 × 0.04) = 1,000 shares
    const s = snapshot({ var: { current: 40_000, perRupee: new Map([['INFY', 0.04]]) } });
    expect(qty(check(intent({ quantity: 1500 }), s, limits({ maxPositionFraction: 0.5, maxSectorFraction: 0.8, maxOrderValue: 1e7 })))).toBe(1000);
    const none = snapshot({ var: undefined });
    const r = check(intent(), none);
    expect(denied(r)).toBe('var-limit');
    expect(!r.ok && r.error.message).toMatch(/no volatility estimate for INFY/);
  });
});
