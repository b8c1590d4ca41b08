/**
 * Issue #15, item 1: a CNC buy and sell of the same scrip in one session is an intraday trade on the
 * contract note (Zerodha support, "Why was the brokerage charged on delivery trades?"; the exchange
 * decides delivery / non-delivery at settlement, Indian Stamp Rules 2019 rule 3(2)), and the session
 * charge book charges each fill so that a day's fills add up to that note.
 * Worked examples by hand, 10–11 Mar 2025 (NSE ₹297 + IPFT ₹10 = ₹307/crore; DP ₹15.34).
 */
import fc from 'fast-check';
import { istTime } from '../../../src/calendar/ist';
import type { ChargeableTrade, ChargesBreakdown } from '../../../src/core/costs';
import { CHARGE_KINDS, FlatBpsCostModel, SessionChargeBook, ZerodhaEquityCostModel, sumCharges } from '../../../src/core/costs';

const model = new ZerodhaEquityCostModel();
const t = (hhmm: string, date = '2025-03-10'): number => istTime(date, hhmm);
const cnc = (side: 'BUY' | 'SELL', quantity: number, price: number, time: number, symbol = 'INFY'): ChargeableTrade => ({ side, quantity, price, time, product: 'CNC', exchange: 'NSE', symbol });
const paise = (c: ChargesBreakdown): number[] => CHARGE_KINDS.map((k) => Math.round(c[k] * 100));

describe('contract notes of same-day CNC trades', () => {
  test('a full round trip — buy 100 @ ₹1000 at 10:00, sell 100 @ ₹1010 at 14:00 — is charged as intraday', () => {
    // Brokerage 0.03%: buy ₹30 → ₹20, sell ₹30.30 → ₹20 = ₹40. STT 0.025% × 1,01,000 = 25.25 → ₹25 (sell only).
    // Exchange 0.00307% × 2,01,000 = 6.1707 → ₹6.17. SEBI 0.201 → ₹0.20. Stamp 0.003% × 1,00,000 = ₹3.00.
    // GST 18% × (40 + 6.17 + 0.20) = 8.3466 → ₹8.35. No DP. Total ₹82.72.
    const legs = [cnc('BUY', 100, 1000, t('10:00')), cnc('SELL', 100, 1010, t('14:00'))];
    expect(model.contractNotes(legs)).toEqual({ brokerage: 40, stt: 25, exchange: 6.17, sebi: 0.2, stampDuty: 3, gst: 8.35, dp: 0, total: 82.72 });
    // The same orders on two days are delivery: 118.74 (buy) + 120.12 (sell: STT 101, exchange 3.10,
    // SEBI 0.10, GST 0.58, DP 15.34) = ₹238.86.
    expect(model.contractNotes([legs[0]!, cnc('SELL', 100, 1010, t('14:00', '2025-03-11'))]).total).toBe(238.86);
  });

  test('a partial same-day sell splits the quantity: 40 held from yesterday, buy 60, sell 100', () => {
    // Squared off: min(60, 100) = 60. Buy order fully intraday: 0.03% × 60,000 = ₹18.00; the sell order has
    // squared-off shares, so intraday brokerage on its whole ₹1,01,000: ₹30.30 → ₹20. Brokerage ₹38.
    // STT: intraday 0.025% × 60 × 1010 = 15.15 → ₹15; delivery 0.1% × 40 × 1010 = 40.40 → ₹40; ₹55.
    // Stamp: 0.003% × 60,000 = ₹1.80 (no delivery buy). Turnover ₹1,61,000: exchange 4.9427 → ₹4.94; SEBI 0.161 → ₹0.16.
    // GST 18% × (38 + 4.94 + 0.16) = 7.758 → ₹7.76. DP ₹15.34 (40 shares leave the demat account). Total ₹123.00.
    const legs = [cnc('BUY', 60, 1000, t('10:00', '2025-03-11')), cnc('SELL', 100, 1010, t('14:00', '2025-03-11'))];
    expect(model.contractNotes(legs)).toEqual({ brokerage: 38, stt: 55, exchange: 4.94, sebi: 0.16, stampDuty: 1.8, gst: 7.76, dp: 15.34, total: 123 });
  });

  test('holdings sold and bought back the same day (Zerodha’s own example: sell 50 INFY at 11, buy 25 at 13)', () => {
    // Squared off 25. Both orders pay intraday brokerage "regardless of the quantity bought back":
    // sell ₹75,000 → ₹22.50 → ₹20; buy 25 @ 1490 = ₹37,250 → ₹11.175 → ₹11.18. Brokerage ₹31.18.
    // STT: intraday 0.025% × 37,500 = 9.375 → ₹9; delivery 0.1% × 37,500 = 37.5 → ₹38 (half up); ₹47.
    // Stamp 0.003% × 37,250 = 1.1175 → ₹1.12. Turnover ₹1,12,250: exchange 3.446075 → ₹3.45; SEBI 0.11225 → ₹0.11.
    // GST 18% × (31.18 + 3.45 + 0.11) = 6.2532 → ₹6.25. DP ₹15.34. Total ₹104.45.
    const legs = [cnc('SELL', 50, 1500, t('11:00')), cnc('BUY', 25, 1490, t('13:00'))];
    expect(model.contractNotes(legs)).toEqual({ brokerage: 31.18, stt: 47, exchange: 3.45, sebi: 0.11, stampDuty: 1.12, gst: 6.25, dp: 15.34, total: 104.45 });
  });

  test('netting is per scrip: a same-day buy of TCS does not square off a sale of INFY', () => {
    const note = model.contractNotes([cnc('SELL', 10, 1500, t('11:00'), 'INFY'), cnc('BUY', 10, 1500, t('12:00'), 'TCS')]);
    expect(note.brokerage).toBe(0);
    expect(note.dp).toBe(15.34);
    // STT 0.1% on both ₹15,000 legs: ₹15 + ₹15.
    expect(note.stt).toBe(30);
  });

  test('MIS orders stay intraday and are not netted against CNC orders', () => {
    const note = model.contractNotes([{ ...cnc('BUY', 10, 1000, t('10:00')), product: 'MIS' }, cnc('SELL', 10, 1000, t('11:00'))]);
    // The CNC sell is delivery: STT 0.1% × 10,000 = ₹10 and DP; the MIS buy pays no STT.
    expect(note.stt).toBe(10);
    expect(note.dp).toBe(15.34);
  });
});

describe('the session charge book', () => {
  test('charges the buy at delivery rates, and the same-day sell re-prices it: the two add up to the note', () => {
    const book = new SessionChargeBook(model);
    const buy = book.charge(cnc('BUY', 100, 1000, t('10:00')));
    // The buy alone, as delivery: STT ₹100, exchange ₹3.07, SEBI ₹0.10, stamp ₹15, GST ₹0.57 = ₹118.74.
    expect(buy).toEqual({ brokerage: 0, stt: 100, exchange: 3.07, sebi: 0.1, stampDuty: 15, gst: 0.57, dp: 0, total: 118.74 });
    const sell = book.charge(cnc('SELL', 100, 1010, t('14:00')));
    // Note ₹82.72 − ₹118.74: brokerage +40 (both orders now intraday), STT 25 − 100 = −75, exchange
    // 6.17 − 3.07 = +3.10, SEBI +0.10, stamp 3 − 15 = −12, GST 8.35 − 0.57 = +7.78: −₹36.02 (a credit).
    expect(sell).toEqual({ brokerage: 40, stt: -75, exchange: 3.1, sebi: 0.1, stampDuty: -12, gst: 7.78, dp: 0, total: -36.02 });
    expect(sumCharges([buy, sell])).toEqual(book.day('2025-03-10'));
    expect(book.day('2025-03-10').total).toBe(82.72);
  });

  test('estimate() is what charge() will return, and records nothing', () => {
    const book = new SessionChargeBook(model);
    book.charge(cnc('BUY', 100, 1000, t('10:00')));
    const sell = cnc('SELL', 100, 1010, t('14:00'));
    const est = book.estimate(sell);
    expect(est.total).toBe(-36.02);
    expect(book.day('2025-03-10').total).toBe(118.74);
    expect(book.charge(sell)).toEqual(est);
  });

  test('a new day starts a new note: yesterday’s buy sold today is a delivery sell with DP', () => {
    const book = new SessionChargeBook(model);
    book.charge(cnc('BUY', 100, 1000, t('10:00')));
    expect(book.charge(cnc('SELL', 100, 1100, t('10:00', '2025-03-11'))).total).toBe(129.46);
  });

  test('a fill of a day whose note was already closed is refused (fills come in time order)', () => {
    const book = new SessionChargeBook(model);
    for (let d = 1; d <= 12; d++) book.charge(cnc('BUY', 1, 100, istTime(`2025-04-${String(d).padStart(2, '0')}`, '10:00')));
    expect(() => book.charge(cnc('SELL', 1, 100, istTime('2025-04-01', '11:00')))).toThrow(RangeError);
  });

  test('property: per-fill charges add up, kind by kind, to each day’s contract note (Zerodha and flat bps)', () => {
    const fill = fc.record({
      day: fc.integer({ min: 10, max: 12 }),
      minute: fc.integer({ min: 0, max: 359 }),
      symbol: fc.constantFrom('INFY', 'TCS'),
      side: fc.constantFrom<'BUY' | 'SELL'>('BUY', 'SELL'),
      product: fc.constantFrom<'CNC' | 'MIS'>('CNC', 'CNC', 'MIS'),
      qty: fc.integer({ min: 1, max: 5_000 }),
      ticks: fc.integer({ min: 20, max: 100_000 }),
    });
    fc.assert(
      fc.property(fc.array(fill, { minLength: 1, maxLength: 12 }), fc.boolean(), (raw, flat) => {
        const m = flat ? new FlatBpsCostModel(7) : new ZerodhaEquityCostModel();
        const trades = raw
          .map((f) => ({
            side: f.side,
            quantity: f.qty,
            price: Number((f.ticks * 0.05).toFixed(2)),
            product: f.product,
            exchange: 'NSE' as const,
            symbol: f.symbol,
            time: istTime(`2025-03-${f.day}`, `${String(9 + Math.floor(f.minute / 60)).padStart(2, '0')}:${String(f.minute % 60).padStart(2, '0')}`),
          }))
          .sort((a, b) => a.time - b.time);
        const book = new SessionChargeBook(m);
        const charged = trades.map((x) => book.charge(x));
        expect(paise(sumCharges(charged))).toEqual(paise(m.contractNotes(trades)));
        for (const day of ['2025-03-10', '2025-03-11', '2025-03-12']) {
          const ofDay = trades.filter((x) => new Date(x.time + 330 * 60_000).toISOString().startsWith(day));
          expect(paise(book.day(day))).toEqual(paise(m.contractNotes(ofDay)));
        }
      }),
      { numRuns: 300 },
    );
  });
});
