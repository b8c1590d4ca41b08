/**
 * Worked examples of Zerodha's published equity charges (zerodha.com/charges; support articles named in
 * src/core/costs/zerodhaSchedule.ts), computed by hand to the paisa, plus a property test against an exact
 * BigInt reference of the same published rules written independently here.
 *
 * Hand-rounding rules (src/core/costs/zerodhaNote.ts): brokerage per order to the paisa; STT per scrip and
 * nature on the day's contract note to the nearest rupee; stamp duty per scrip and nature to the paisa;
 * exchange (NSE transaction charge + IPFT), SEBI and GST on the note to the paisa; DP per scrip per day with
 * a delivery sell. Schedule on 10–11 Mar 2025: NSE 0.00297% + IPFT ₹10/crore = ₹307/crore, DP ₹15.34.
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

const expectBreakdown = (got: ChargesBreakdown, want: ChargesBreakdown): void => {
  expect(got).toEqual(want);
};

describe('Zerodha equity cost model — worked examples', () => {
  test('delivery: buy 100 @ ₹1000 on one day, sell 100 @ ₹1100 on the next (NSE)', () => {
    // Buy note, value ₹1,00,000: brokerage 0; STT 0.1% = ₹100; exchange (0.00297% + ₹10/crore IPFT) = ₹3.07;
    // SEBI ₹10/crore = ₹0.10; stamp 0.015% = ₹15.00; GST 18% × (0 + 3.07 + 0.10) = 0.5706 → ₹0.57. Total ₹118.74.
    const buy = model.charges(trade({ side: 'BUY', quantity: 100, price: 1000, time: t('2025-03-10') }));
    expectBreakdown(buy, { brokerage: 0, stt: 100, exchange: 3.07, sebi: 0.1, stampDuty: 15, gst: 0.57, dp: 0, total: 118.74 });
    // Sell note, value ₹1,10,000: STT ₹110; exchange 3.377 → ₹3.38; SEBI ₹0.11; no stamp;
    // GST 18% × (3.38 + 0.11) = 0.6282 → ₹0.63; DP ₹15.34. Total ₹129.46.
    const sell = model.charges(trade({ side: 'SELL', quantity: 100, price: 1100, time: t('2025-03-11') }));
    expectBreakdown(sell, { brokerage: 0, stt: 110, exchange: 3.38, sebi: 0.11, stampDuty: 0, gst: 0.63, dp: 15.34, total: 129.46 });
    const both = model.contractNotes([
      trade({ side: 'BUY', quantity: 100, price: 1000, time: t('2025-03-10') }),
      trade({ side: 'SELL', quantity: 100, price: 1100, time: t('2025-03-11') }),
    ]);
    expect(both.total).toBe(248.2);
  });

  test('intraday: buy 1000 @ ₹500 and sell 1000 @ ₹503.40 the same day — brokerage hits the ₹20 cap', () => {
    // Buy value ₹5,00,000: 0.03% = ₹150 > ₹20 → ₹20; sell value ₹5,03,400: ₹151.02 → ₹20. Brokerage ₹40.
    // STT 0.025% × 5,03,400 = 125.85 → ₹126. Exchange 0.00307% × 10,03,400 = 30.80438 → ₹30.80.
    // SEBI 1.0034 → ₹1.00. Stamp 0.003% × 5,00,000 = ₹15.00. GST 18% × (40 + 30.80 + 1.00) = 12.924 → ₹12.92.
    // Total 40 + 126 + 30.80 + 1.00 + 15 + 12.92 = ₹225.72.
    const note = model.contractNotes([
      trade({ side: 'BUY', quantity: 1000, price: 500, product: 'MIS', time: t('2025-03-10', '09:30') }),
      trade({ side: 'SELL', quantity: 1000, price: 503.4, product: 'MIS', time: t('2025-03-10', '15:10') }),
    ]);
    expectBreakdown(note, { brokerage: 40, stt: 126, exchange: 30.8, sebi: 1, stampDuty: 15, gst: 12.92, dp: 0, total: 225.72 });
    expect(Math.round((1000 * (503.4 - 500) - note.total) * 100) / 100).toBe(3174.28);
  });

  test('intraday small order: stamp to the paisa, and per-note rounding differs from per-order rounding', () => {
    // Buy 10 @ 250 = ₹2,500 → brokerage 0.75; sell 10 @ 256 = ₹2,560 → 0.768 → 0.77. Brokerage ₹1.52.
    // STT 0.025% × 2,560 = 0.64 → ₹1. Exchange 0.00307% × 5,060 = 0.155342 → ₹0.16. SEBI 0.00506 → ₹0.01.
    // Stamp 0.003% × 2,500 = 0.075 → ₹0.08 (paisa, half up; the old rupee rounding gave ₹0).
    // GST 18% × (1.52 + 0.16 + 0.01) = 0.3042 → ₹0.30. Total ₹3.07.
    const legs = [
      trade({ side: 'BUY', quantity: 10, price: 250, product: 'MIS', time: t('2025-03-10', '09:20') }),
      trade({ side: 'SELL', quantity: 10, price: 256, product: 'MIS', time: t('2025-03-10', '14:00') }),
    ];
    expectBreakdown(model.contractNotes(legs), { brokerage: 1.52, stt: 1, exchange: 0.16, sebi: 0.01, stampDuty: 0.08, gst: 0.3, dp: 0, total: 3.07 });
    // Each order alone: buy 0.75 + exch 0.08 + SEBI 0.00 + stamp 0.08 + GST 18% × 0.83 = 0.1494 → 0.15 = ₹1.06;
    // sell 0.77 + STT 1 + exch 0.08 + SEBI 0.00 + GST 0.153 → 0.15 = ₹2.00. Sum ₹3.06 ≠ ₹3.07.
    expect(model.charges(legs[0]!).total).toBe(1.06);
    expect(model.charges(legs[1]!).total).toBe(2);
  });

  test('BSE delivery buy: BSE 0.00375%, no NSE IPFT', () => {
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
  });

  test('STT is rounded per scrip on the note: two scrips each with ₹0.40 of STT pay ₹0 + ₹0', () => {
    const legs = ['A', 'B'].map((s) => trade({ side: 'SELL', quantity: 16, price: 100, product: 'MIS', symbol: s, time: t('2025-03-10') }));
    expect(model.contractNotes(legs).stt).toBe(0);
    expect(model.contractNotes([trade({ side: 'SELL', quantity: 32, price: 100, product: 'MIS', time: t('2025-03-10') })]).stt).toBe(1);
  });

  test('orders of a day are taken in time order whatever order they are listed in', () => {
    const buy = trade({ side: 'BUY', quantity: 100, price: 1000, time: t('2025-03-10', '10:00') });
    const sell = trade({ side: 'SELL', quantity: 100, price: 1010, time: t('2025-03-10', '14:00') });
    expect(model.contractNotes([sell, buy])).toEqual(model.contractNotes([buy, sell]));
  });

  test('invalid trades are bugs and throw', () => {
    expect(() => model.charges(trade({ side: 'BUY', quantity: 1.5, price: 100, time: t('2025-03-10') }))).toThrow(RangeError);
    expect(() => model.charges(trade({ side: 'BUY', quantity: 1, price: -1, time: t('2025-03-10') }))).toThrow(RangeError);
  });
});

describe('schedule', () => {
  test('built-in schedule passes its own schema', () => {
    expect(zerodhaScheduleSchema.safeParse(ZERODHA_EQUITY_SCHEDULE).success).toBe(true);
  });

  test('schema rejects unordered or negative schedules', () => {
    const [a, b] = ZERODHA_EQUITY_SCHEDULE as [ZerodhaEquityRates, ZerodhaEquityRates];
    expect(zerodhaScheduleSchema.safeParse([b, a]).success).toBe(false);
    expect(zerodhaScheduleSchema.safeParse([{ ...a, sebiPerCrore: -1 }]).success).toBe(false);
    expect(zerodhaScheduleSchema.safeParse([]).success).toBe(false);
  });

  test('a configured schedule is honoured', () => {
    const custom = new ZerodhaEquityCostModel([{ ...ratesOn(ZERODHA_EQUITY_SCHEDULE, '2025-01-01'), effectiveFrom: '2000-01-01', gstPercent: 0, dpPerScripDay: 0, nseIpftPerCrore: 0 }], 'custom');
    // Sell ₹1,10,000: STT 110; exchange 0.00297% = 3.267 → 3.27; SEBI 0.11; no GST, no DP.
    const c = custom.charges(trade({ side: 'SELL', quantity: 100, price: 1100, time: t('2025-03-11') }));
    expect(c).toEqual({ brokerage: 0, stt: 110, exchange: 3.27, sebi: 0.11, stampDuty: 0, gst: 0, dp: 0, total: 113.38 });
  });
});

// ---- exact reference: the published rules in BigInt rational arithmetic, written independently ----
const bigRoundHalfUp = (num: bigint, den: bigint): bigint => (2n * num + den) / (2n * den);
const CRORE = 10_000_000n;
/** ₹/crore with up to two decimals → centi-rupees per crore. */
const centi = (x: number): bigint => BigInt(Math.round(x * 100));

interface Leg {
  side: 'BUY' | 'SELL';
  qty: number;
  pricePaise: number;
}

/** Charges (paise) of one IST day and one NSE scrip; every leg has the same product. */
function referencePaise(legs: Leg[], product: 'CNC' | 'MIS', r: ZerodhaEquityRates): bigint {
  // Squared-off quantity: MIS all; CNC min(bought, sold), the first bought and the first sold.
  const bought = legs.filter((l) => l.side === 'BUY').reduce((a, l) => a + l.qty, 0);
  const sold = legs.filter((l) => l.side === 'SELL').reduce((a, l) => a + l.qty, 0);
  let left = { BUY: Math.min(bought, sold), SELL: Math.min(bought, sold) };
  let brokerage = 0n;
  const value = { BUY: { i: 0n, d: 0n }, SELL: { i: 0n, d: 0n } };
  let turnover = 0n;
  for (const l of legs) {
    const q = product === 'MIS' ? l.qty : Math.min(l.qty, left[l.side]);
    left = { ...left, [l.side]: left[l.side] - (product === 'MIS' ? 0 : q) };
    const v = BigInt(l.qty) * BigInt(l.pricePaise);
    const vi = BigInt(q) * BigInt(l.pricePaise);
    value[l.side].i += vi;
    value[l.side].d += v - vi;
    turnover += v;
    const rate = q > 0 ? r.brokerage.intradayPerCrore : r.brokerage.deliveryPerCrore;
    const cap = BigInt(Math.round((q > 0 ? r.brokerage.intradayCap : r.brokerage.deliveryCap) * 100));
    const pct = bigRoundHalfUp(v * centi(rate), CRORE * 100n);
    brokerage += pct < cap ? pct : cap;
  }
  const rupee = (n: bigint): bigint => bigRoundHalfUp(n, CRORE * 100n * 100n) * 100n;
  const paisa = (n: bigint): bigint => bigRoundHalfUp(n, CRORE * 100n);
  const stt =
    rupee(value.BUY.i * centi(r.stt.intradayBuy) + value.SELL.i * centi(r.stt.intradaySell)) +
    rupee(value.BUY.d * centi(r.stt.deliveryBuy) + value.SELL.d * centi(r.stt.deliverySell));
  const stamp = paisa(value.BUY.i * centi(r.stamp.intradayBuy)) + paisa(value.BUY.d * centi(r.stamp.deliveryBuy));
  const exchange = paisa(turnover * (centi(r.exchange.NSE) + centi(r.nseIpftPerCrore)));
  const sebi = paisa(turnover * centi(r.sebiPerCrore));
  const gst = bigRoundHalfUp((brokerage + exchange + sebi) * BigInt(r.gstPercent), 100n);
  const dp = value.SELL.d > 0n ? BigInt(Math.round(r.dpPerScripDay * 100)) : 0n;
  return brokerage + stt + stamp + exchange + sebi + gst + dp;
}

test('property: one day, one scrip, any quantities and 0.05-tick prices — model equals the exact reference', () => {
  const leg = fc.record({
    side: fc.constantFrom<'BUY' | 'SELL'>('BUY', 'SELL'),
    qty: fc.integer({ min: 1, max: 20_000 }),
    ticks: fc.integer({ min: 1, max: 200_000 }), // price = ticks × ₹0.05, up to ₹10,000
  });
  fc.assert(
    fc.property(fc.array(leg, { minLength: 1, maxLength: 6 }), fc.constantFrom<'CNC' | 'MIS'>('CNC', 'MIS'), fc.constantFrom('2021-06-01', '2024-09-30', '2025-06-02', '2026-03-02'), (legs, product, date) => {
      const trades = legs.map((l, i) =>
        trade({ side: l.side, quantity: l.qty, price: Number((l.ticks * 0.05).toFixed(2)), product, time: t(date, `10:${String(i).padStart(2, '0')}`) }),
      );
      const want = referencePaise(legs.map((l) => ({ side: l.side, qty: l.qty, pricePaise: l.ticks * 5 })), product, ratesOn(ZERODHA_EQUITY_SCHEDULE, date));
      expect(Math.round(model.contractNotes(trades).total * 100)).toBe(Number(want));
    }),
    { numRuns: 400 },
  );
});
