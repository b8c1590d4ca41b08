/**
 * Issue #15, item 2: the dates of the rate card (sources in src/core/costs/zerodhaSchedule.ts).
 * Worked example throughout: an MIS round trip, buy 1000 @ ₹500 and sell 1000 @ ₹503.40 on one day
 * (turnover ₹10,03,400; brokerage ₹40; STT ₹126; SEBI ₹1.00; stamp ₹15.00 — only the exchange charge
 * and the GST on it move with the date).
 */
import { istTime } from '../../../src/calendar/ist';
import type { ChargeableTrade } from '../../../src/core/costs';
import { ZERODHA_EQUITY_SCHEDULE, ZerodhaEquityCostModel, ratesOn } from '../../../src/core/costs';

const model = new ZerodhaEquityCostModel();
const roundTrip = (date: string): ChargeableTrade[] => [
  { side: 'BUY', quantity: 1000, price: 500, product: 'MIS', exchange: 'NSE', symbol: 'INFY', time: istTime(date, '09:30') },
  { side: 'SELL', quantity: 1000, price: 503.4, product: 'MIS', exchange: 'NSE', symbol: 'INFY', time: istTime(date, '15:10') },
];
const exchangeAndGst = (date: string): [number, number, number] => {
  const c = model.contractNotes(roundTrip(date));
  return [c.exchange, c.gst, c.total];
};

test('NSE transaction charge by date, with the IPFT levy inside the exchange charges', () => {
  // Before 1 Jan 2021: 0.00325% + IPFT ₹0.01/crore = ₹325.01/crore × 10,03,400 = 32.6115 → ₹32.61;
  // GST 18% × (40 + 32.61 + 1.00) = 13.2498 → ₹13.25; total 40 + 126 + 32.61 + 1 + 15 + 13.25 = ₹227.86.
  expect(exchangeAndGst('2020-12-31')).toEqual([32.61, 13.25, 227.86]);
  // 1 Jan 2021 – 31 Mar 2023: 0.00345% + ₹0.01/crore: 34.6183 → ₹34.62; GST 13.6116 → ₹13.61; total ₹230.23.
  expect(exchangeAndGst('2021-01-01')).toEqual([34.62, 13.61, 230.23]);
  expect(exchangeAndGst('2023-03-31')).toEqual([34.62, 13.61, 230.23]);
  // 1 Apr 2023 – 30 Sep 2024 (NSE/FA/56129): 0.00322% + IPFT ₹10/crore = ₹332/crore: 33.31288 → ₹33.31;
  // GST 18% × 74.31 = 13.3758 → ₹13.38; total ₹228.69.
  expect(exchangeAndGst('2023-04-03')).toEqual([33.31, 13.38, 228.69]);
  expect(exchangeAndGst('2024-09-30')).toEqual([33.31, 13.38, 228.69]);
  // 1 Oct 2024 – 28 Feb 2026: 0.00297% + ₹10/crore = ₹307/crore: 30.80438 → ₹30.80; GST 12.924 → ₹12.92; ₹225.72.
  expect(exchangeAndGst('2024-10-01')).toEqual([30.8, 12.92, 225.72]);
  expect(exchangeAndGst('2026-02-27')).toEqual([30.8, 12.92, 225.72]);
  // From 1 Mar 2026 (NSE/FA/73061 of 27 Feb 2026): 0.0030699% + IPFT ₹0.01/crore = 0.00307%, the same total.
  expect(exchangeAndGst('2026-03-02')).toEqual([30.8, 12.92, 225.72]);
});

test('the card of 1 Mar 2026 is 0.00307% all in, and the IPFT went back to ₹0.01 per crore', () => {
  const r = ratesOn(ZERODHA_EQUITY_SCHEDULE, '2026-03-01');
  expect(r.exchange.NSE + r.nseIpftPerCrore).toBeCloseTo(307, 10);
  expect(r.nseIpftPerCrore).toBe(0.01);
  expect(ratesOn(ZERODHA_EQUITY_SCHEDULE, '2026-02-28').exchange.NSE).toBe(297);
  expect(ratesOn(ZERODHA_EQUITY_SCHEDULE, '2026-02-28').nseIpftPerCrore).toBe(10);
  expect(ratesOn(ZERODHA_EQUITY_SCHEDULE, '2023-03-31').nseIpftPerCrore).toBe(0.01);
  expect(ratesOn(ZERODHA_EQUITY_SCHEDULE, '2023-04-01').nseIpftPerCrore).toBe(10);
  // The date is the IST date: 1 Mar 2026 00:10 IST is still 28 Feb in UTC.
  expect(model.ratesAt(istTime('2026-03-01', '00:10')).exchange.NSE).toBe(306.99);
  expect(model.ratesAt(istTime('2026-02-28', '23:50')).exchange.NSE).toBe(297);
});

test('the IPFT is NSE only: a BSE round trip pays BSE 0.00375% and nothing more', () => {
  const bse = roundTrip('2025-03-10').map((x) => ({ ...x, exchange: 'BSE' as const }));
  // 0.00375% × 10,03,400 = 37.6275 → ₹37.63.
  expect(model.contractNotes(bse).exchange).toBe(37.63);
});

test('the DP charge is ₹15.93 (₹13.5 + GST) until 31 May 2024 and ₹15.34 (₹13 + GST) from 1 Jun 2024', () => {
  const sell = (date: string): ChargeableTrade => ({ side: 'SELL', quantity: 1, price: 100, product: 'CNC', exchange: 'NSE', symbol: 'INFY', time: istTime(date, '10:00') });
  expect(model.charges(sell('2024-05-31')).dp).toBe(15.93);
  expect(model.charges(sell('2024-06-03')).dp).toBe(15.34);
  expect(model.charges(sell('2021-06-01')).dp).toBe(15.93);
});

test('stamp duty is computed to the paisa per scrip on the note, STT to the rupee', () => {
  // Delivery buy 7 @ ₹1,234.55 = ₹8,641.85: stamp 0.015% = 1.2962775 → ₹1.30 (the rupee rule gave ₹1);
  // STT 0.1% = 8.64185 → ₹9.
  const c = model.charges({ side: 'BUY', quantity: 7, price: 1234.55, product: 'CNC', exchange: 'NSE', symbol: 'INFY', time: istTime('2025-03-10', '10:00') });
  expect(c.stampDuty).toBe(1.3);
  expect(c.stt).toBe(9);
  // Two buys of one scrip on a note are summed before rounding: 2 × ₹8,641.85 → 2.592555 → ₹2.59.
  const two = model.contractNotes([0, 1].map((k) => ({ side: 'BUY' as const, quantity: 7, price: 1234.55, product: 'CNC' as const, exchange: 'NSE' as const, symbol: 'INFY', time: istTime('2025-03-10', `10:0${k}`) })));
  expect(two.stampDuty).toBe(2.59);
});

test('dates before the first entry use the first entry (uniform stamp duty from 1 Jul 2020)', () => {
  expect(model.ratesAt(istTime('2015-01-05', '10:00')).effectiveFrom).toBe('2020-07-01');
});
