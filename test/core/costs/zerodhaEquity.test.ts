/**
 * Worked examples of Zerodha's published equity schedule, computed by hand to the paisa, plus a
 * property test against an exact BigInt reference of the same published formula.
 *
 * Hand-rounding rules used below (see src/core/costs/zerodhaEquity.ts): brokerage per order to the
 * paisa; STT and stamp duty per scrip on the day's contract note to the nearest rupee; exchange, SEBI
 * and GST on the note to the paisa; DP ₹15.34 (₹13 + 18% GST) per scrip per day with a delivery sell.
 */
import fc from 'fast-check';
import { istTime } from '../../../src/calendar/ist';
import type { ChargeableTrade, ChargesBreakdown, ZerodhaEquityRates } from '../../../src/core/costs';
import { ZERODHA_EQUITY_SCHEDULE, ZerodhaEquityCostModel, ratesOn, zerodhaScheduleSchema } from '../../../src/core/costs';

const model = new ZerodhaEquityCostModel();
const t = (date: string, hhmm = '10:00'): number => istTime(date, hhmm);
const trade = (p: Partial<ChargeableTrade> & Pick<ChargeableTrade, 'side' | 'quantity' | 'price' | 'time'>): ChargeableTrade => ({
  product: 'CNC',
  exchange: 'NSE',
  symbol: 'INFY',
  ...p,
});

const expectBreakdown = (got: ChargesBreakdown, want: Omit<ChargesBreakdown, 'total'> & { total: number }): void => {
  expect(got).toEqual(want);
};

describe('Zerodha equity cost model — worked examples (schedule from 1 Oct 2024: NSE 0.00297%)', () => {
  test('delivery: buy 100 @ ₹1000 on one day, sell 100 @ ₹1100 on the next (NSE)', () => {
    // Buy note, value ₹1,00,000: brokerage 0; STT 0.1% = ₹100.00 → ₹100; exchange 0.00297% = ₹2.97;
    // SEBI ₹10/crore = ₹0.10; stamp 0.015% = ₹15.00 → ₹15; GST 18% × (0 + 2.97 + 0.10) = 0.5526 → ₹0.55.
    // Total 100 + 2.97 + 0.10 + 15 + 0.55 = ₹118.62.
    const buy = model.charges(trade({ side: 'BUY', quantity: 100, price: 1000, time: t('2025-03-10') }));
    expectBreakdown(buy, { brokerage: 0, stt: 100, exchange: 2.97, sebi: 0.1, stampDuty: 15, gst: 0.55, dp: 0, total: 118.62 });
    // Sell note, value ₹1,10,000: STT ₹110; exchange 3.267 → ₹3.27; SEBI ₹0.11; no stamp;
    // GST 18% × (3.27 + 0.11) = 0.6084 → ₹0.61; DP ₹15.34. Total 110 + 3.27 + 0.11 + 0.61 + 15.34 = ₹129.33.
    const sell = model.charges(trade({ side: 'SELL', quantity: 100, price: 1100, time: t('2025-03-11') }));
    expectBreakdown(sell, { brokerage: 0, stt: 110, exchange: 3.27, sebi: 0.11, stampDuty: 0, gst: 0.61, dp: 15.34, total: 129.33 });
    // Zerodha's calculator formula on the round trip (turnover ₹2,10,000): STT 210; exchange 6.237 → 6.24;
    // SEBI 0.21; GST 18% × 6.45 = 1.161 → 1.16; stamp 15; DP 15.34 → ₹247.95 = 118.62 + 129.33.
    const both = model.contractNotes([
      trade({ side: 'BUY', quantity: 100, price: 1000, time: t('2025-03-10') }),
      trade({ side: 'SELL', quantity: 100, price: 1100, time: t('2025-03-11') }),
    ]);
    expect(both.total).toBe(247.95);
  });

  test('intraday: buy 1000 @ ₹500 and sell 1000 @ ₹503.40 the same day — brokerage hits the ₹20 cap', () => {
    // Buy value ₹5,00,000: 0.03% = ₹150 > ₹20 → ₹20; sell value ₹5,03,400: ₹151.02 → ₹20. Brokerage ₹40.
    // STT 0.025% × 5,03,400 = 125.85 → ₹126. Exchange 0.00297% × 10,03,400 = 29.80098 → ₹29.80.
    // SEBI 10,03,400 × 10 / 1 crore = 1.0034 → ₹1.00. Stamp 0.003% × 5,00,000 = ₹15.00 → ₹15.
    // GST 18% × (40 + 29.80 + 1.00) = 12.744 → ₹12.74. Total 40 + 126 + 29.80 + 1.00 + 15 + 12.74 = ₹224.54.
    const note = model.contractNotes([
      trade({ side: 'BUY', quantity: 1000, price: 500, product: 'MIS', time: t('2025-03-10', '09:30') }),
      trade({ side: 'SELL', quantity: 1000, price: 503.4, product: 'MIS', time: t('2025-03-10', '15:10') }),
    ]);
    expectBreakdown(note, { brokerage: 40, stt: 126, exchange: 29.8, sebi: 1, stampDuty: 15, gst: 12.74, dp: 0, total: 224.54 });
    // Net P&L: 3,400 − 224.54 = ₹3,175.46.
    expect(Math.round((1000 * (503.4 - 500) - note.total) * 100) / 100).toBe(3175.46);
  });

  test('intraday small order: 0.03% is below ₹20, and per-note rounding differs from per-order rounding', () => {
    // Buy 10 @ 250 = ₹2,500 → brokerage 0.75; sell 10 @ 256 = ₹2,560 → 0.768 → 0.77. Brokerage ₹1.52.
    // STT 0.025% × 2,560 = 0.64 → ₹1. Exchange 0.00297% × 5,060 = 0.150282 → ₹0.15. SEBI 0.00506 → ₹0.01.
    // Stamp 0.003% × 2,500 = 0.075 → ₹0. GST 18% × (1.52 + 0.15 + 0.01) = 0.3024 → ₹0.30. Total ₹2.98.
    const legs = [
      trade({ side: 'BUY', quantity: 10, price: 250, product: 'MIS', time: t('2025-03-10', '09:20') }),
      trade({ side: 'SELL', quantity: 10, price: 256, product: 'MIS', time: t('2025-03-10', '14:00') }),
    ];
    expectBreakdown(model.contractNotes(legs), { brokerage: 1.52, stt: 1, exchange: 0.15, sebi: 0.01, stampDuty: 0, gst: 0.3, dp: 0, total: 2.98 });
    // Each order on its own note: buy 0.75 + exch 0.07 + SEBI 0.00 + stamp 0 + GST 0.1476 → 0.15 = ₹0.97;
    // sell 0.77 + STT 1 + exch 0.08 + SEBI 0.00 + GST 0.153 → 0.15 = ₹2.00. Sum ₹2.97 ≠ ₹2.98.
    expect(model.charges(legs[0]!).total).toBe(0.97);
    expect(model.charges(legs[1]!).total).toBe(2);
  });

  test('the schedule in force on the trade date is used: 30 Sep 2024 (NSE 0.00322%) vs 1 Oct 2024 (0.00297%)', () => {
    const legs = (date: string): ChargeableTrade[] => [
      trade({ side: 'BUY', quantity: 1000, price: 500, product: 'MIS', time: t(date, '09:30') }),
      trade({ side: 'SELL', quantity: 1000, price: 503.4, product: 'MIS', time: t(date, '15:10') }),
    ];
    // Old: exchange 0.00322% × 10,03,400 = 32.30948 → ₹32.31; GST 18% × (40 + 32.31 + 1.00) = 13.1958 → ₹13.20;
    // total 40 + 126 + 32.31 + 1.00 + 15 + 13.20 = ₹227.51.
    expectBreakdown(model.contractNotes(legs('2024-09-30')), { brokerage: 40, stt: 126, exchange: 32.31, sebi: 1, stampDuty: 15, gst: 13.2, dp: 0, total: 227.51 });
    expect(model.contractNotes(legs('2024-10-01')).total).toBe(224.54);
    // The date is the IST date: 1 Oct 2024 00:10 IST is still 30 Sep in UTC.
    expect(model.ratesAt(istTime('2024-10-01', '00:10')).exchange.NSE).toBe(297);
    expect(model.ratesAt(istTime('2024-09-30', '23:50')).exchange.NSE).toBe(322);
    // Before the first entry the first entry applies (documented approximation).
    expect(model.ratesAt(istTime('2015-01-05', '10:00')).effectiveFrom).toBe('2020-07-01');
  });

  test('BSE delivery buy uses BSE 0.00375%', () => {
    // Value ₹1,00,000: STT ₹100; exchange ₹3.75; SEBI ₹0.10; stamp ₹15; GST 18% × 3.85 = 0.693 → ₹0.69. Total ₹119.54.
    const c = model.charges(trade({ side: 'BUY', quantity: 100, price: 1000, exchange: 'BSE', time: t('2025-03-10') }));
    expectBreakdown(c, { brokerage: 0, stt: 100, exchange: 3.75, sebi: 0.1, stampDuty: 15, gst: 0.69, dp: 0, total: 119.54 });
  });

  test('DP is charged once per scrip per day with a delivery sell, never on intraday sells', () => {
    const sells = [
      trade({ side: 'SELL', quantity: 50, price: 1500, symbol: 'INFY', time: t('2025-03-10', '09:30') }),
      trade({ side: 'SELL', quantity: 50, price: 1510, symbol: 'INFY', time: t('2025-03-10', '14:30') }),
      trade({ side: 'SELL', quantity: 10, price: 4000, symbol: 'TCS', time: t('2025-03-10', '11:00') }),
      trade({ side: 'SELL', quantity: 10, price: 4000, symbol: 'TCS', time: t('2025-03-11', '11:00') }),
      trade({ side: 'SELL', quantity: 10, price: 900, symbol: 'SBIN', product: 'MIS', time: t('2025-03-11', '11:00') }),
    ];
    // 10 Mar: INFY + TCS = 2 × 15.34; 11 Mar: TCS = 15.34; SBIN is MIS → no DP. 3 × 15.34 = ₹46.02.
    expect(model.contractNotes(sells).dp).toBe(46.02);
    // Before 1 Oct 2024 the DP charge was ₹13.5 + 18% GST = ₹15.93.
    expect(model.charges(trade({ side: 'SELL', quantity: 1, price: 100, time: t('2024-06-03') })).dp).toBe(15.93);
  });

  test('STT is rounded per scrip on the note: two scrips each with ₹0.40 of STT pay ₹0 + ₹0', () => {
    // Intraday sells of ₹1,600 each: STT 0.025% = ₹0.40 per scrip → rounds to ₹0 per scrip.
    const legs = ['A', 'B'].map((s) => trade({ side: 'SELL', quantity: 16, price: 100, product: 'MIS', symbol: s, time: t('2025-03-10') }));
    expect(model.contractNotes(legs).stt).toBe(0);
    // The same ₹3,200 in one scrip: ₹0.80 → ₹1.
    expect(model.contractNotes([trade({ side: 'SELL', quantity: 32, price: 100, product: 'MIS', time: t('2025-03-10') })]).stt).toBe(1);
  });

  test('invalid trades are bugs and throw', () => {
    expect(() => model.charges(trade({ side: 'BUY', quantity: 1.5, price: 100, time: t('2025-03-10') }))).toThrow(RangeError);
    expect(() => model.charges(trade({ side: 'BUY', quantity: 1, price: -1, time: t('2025-03-10') }))).toThrow(RangeError);
  });
});

describe('schedule', () => {
  test('built-in schedule passes its own schema and picks entries by date', () => {
    expect(zerodhaScheduleSchema.safeParse(ZERODHA_EQUITY_SCHEDULE).success).toBe(true);
    expect(ratesOn(ZERODHA_EQUITY_SCHEDULE, '2024-09-30').exchange.NSE).toBe(322);
    expect(ratesOn(ZERODHA_EQUITY_SCHEDULE, '2024-10-01').exchange.NSE).toBe(297);
    expect(ratesOn(ZERODHA_EQUITY_SCHEDULE, '2030-01-01').exchange.NSE).toBe(297);
  });

  test('schema rejects unordered or negative schedules', () => {
    const [a, b] = ZERODHA_EQUITY_SCHEDULE as [ZerodhaEquityRates, ZerodhaEquityRates];
    expect(zerodhaScheduleSchema.safeParse([b, a]).success).toBe(false);
    expect(zerodhaScheduleSchema.safeParse([{ ...a, sebiPerCrore: -1 }]).success).toBe(false);
    expect(zerodhaScheduleSchema.safeParse([]).success).toBe(false);
  });

  test('a configured schedule is honoured', () => {
    const custom = new ZerodhaEquityCostModel([{ ...ZERODHA_EQUITY_SCHEDULE[1]!, effectiveFrom: '2000-01-01', gstPercent: 0, dpPerScripDay: 0 }], 'custom');
    const c = custom.charges(trade({ side: 'SELL', quantity: 100, price: 1100, time: t('2025-03-11') }));
    expect(c).toEqual({ brokerage: 0, stt: 110, exchange: 3.27, sebi: 0.11, stampDuty: 0, gst: 0, dp: 0, total: 113.38 });
  });
});

// ---- exact reference: the published formula in BigInt rational arithmetic ----------------------
const bigRoundHalfUp = (num: bigint, den: bigint): bigint => (2n * num + den) / (2n * den);

/** Charges (paise) of one IST day, one scrip, intraday round trip or delivery legs; DP excluded for MIS. */
function referencePaise(legs: { side: 'BUY' | 'SELL'; qty: number; pricePaise: number }[], product: 'CNC' | 'MIS', rates: ZerodhaEquityRates): bigint {
  const crore = 10_000_000n;
  let brokerage = 0n;
  let buyValue = 0n;
  let sellValue = 0n;
  for (const l of legs) {
    const v = BigInt(l.qty) * BigInt(l.pricePaise);
    if (l.side === 'BUY') buyValue += v;
    else sellValue += v;
    if (product === 'MIS') {
      const pct = bigRoundHalfUp(v * BigInt(rates.brokerage.intradayPerCrore), crore);
      const cap = BigInt(rates.brokerage.intradayCap * 100);
      brokerage += pct < cap ? pct : cap;
    }
  }
  const turnover = buyValue + sellValue;
  const sttNum = product === 'CNC' ? turnover * BigInt(rates.stt.deliveryBuy) : sellValue * BigInt(rates.stt.intradaySell);
  const stt = bigRoundHalfUp(sttNum, crore * 100n) * 100n; // nearest rupee, in paise
  const stampNum = buyValue * BigInt(product === 'CNC' ? rates.stamp.deliveryBuy : rates.stamp.intradayBuy);
  const stamp = bigRoundHalfUp(stampNum, crore * 100n) * 100n;
  const exchange = bigRoundHalfUp(turnover * BigInt(rates.exchange.NSE), crore);
  const sebi = bigRoundHalfUp(turnover * BigInt(rates.sebiPerCrore), crore);
  const gst = bigRoundHalfUp((brokerage + exchange + sebi) * BigInt(rates.gstPercent), 100n);
  const dp = product === 'CNC' && sellValue > 0n ? BigInt(Math.round(rates.dpPerScripDay * 100)) : 0n;
  return brokerage + stt + stamp + exchange + sebi + gst + dp;
}

test('property: one day, one scrip, any quantities and 0.05-tick prices — model equals the exact reference', () => {
  const leg = fc.record({
    side: fc.constantFrom<'BUY' | 'SELL'>('BUY', 'SELL'),
    qty: fc.integer({ min: 1, max: 20_000 }),
    ticks: fc.integer({ min: 1, max: 200_000 }), // price = ticks × ₹0.05, up to ₹10,000
  });
  fc.assert(
    fc.property(fc.array(leg, { minLength: 1, maxLength: 6 }), fc.constantFrom<'CNC' | 'MIS'>('CNC', 'MIS'), fc.constantFrom('2024-09-30', '2025-06-02'), (legs, product, date) => {
      const trades = legs.map((l, i) =>
        trade({ side: l.side, quantity: l.qty, price: Number((l.ticks * 0.05).toFixed(2)), product, time: t(date, `10:${String(i).padStart(2, '0')}`) }),
      );
      const want = referencePaise(legs.map((l) => ({ side: l.side, qty: l.qty, pricePaise: l.ticks * 5 })), product, ratesOn(ZERODHA_EQUITY_SCHEDULE, date));
      expect(Math.round(model.contractNotes(trades).total * 100)).toBe(Number(want));
    }),
    { numRuns: 400 },
  );
});
