/**
 * Zerodha's equity (cash segment) charges as a DATED schedule: each entry is in force from its
 * `effectiveFrom` IST date until the next entry starts. Rates are stored as rupees per crore of
 * traded value (₹1 crore = ₹1,00,00,000), the unit exchanges publish in (₹2.97 per lakh =
 * ₹297 per crore = 0.00297%), which keeps the arithmetic in whole paise.
 *
 * Sources (checked 2026; re-check https://zerodha.com/charges before relying on a new date):
 * - Zerodha "List of charges" (zerodha.com/charges), as mirrored by tradesee.in/stock-brokers/zerodha:
 *   delivery brokerage 0; intraday 0.03% or ₹20 per executed order, whichever is lower; STT 0.1% on
 *   buy & sell (delivery), 0.025% on the sell side (intraday); transaction charges NSE 0.00297%,
 *   BSE 0.00375%; GST 18% on (brokerage + SEBI charges + transaction charges); SEBI ₹10 / crore;
 *   stamp 0.015% (₹1500 / crore) on buy side delivery, 0.003% (₹300 / crore) intraday.
 * - NSE circular of 27 Sep 2024 (reported by NDTV Profit, Goodreturns, PTI/Rediff): cash market
 *   transaction fee ₹2.97 per lakh of traded value each side from 1 Oct 2024, after SEBI's
 *   1 Jul 2024 "true to label" circular on MII charges. BSE equity cash: unchanged at 0.00375%.
 * - Before 1 Oct 2024 Zerodha's calculator listed NSE 0.00322%, BSE 0.00375% (same page archive).
 *   Earlier NSE rates (0.00325%, 0.00345%) applied in parts of 2020-2023; their exact change dates are
 *   not verified here, so the legacy entry uses 0.00322% for every date before 1 Oct 2024.
 * - Stamp duty became uniform nationwide (Indian Stamp Act amendment) on 1 Jul 2020; earlier trades
 *   are charged with the earliest entry (state-wise rates before that are not modelled).
 * - DP charge (Zerodha support, "DP charges for BTST trades"): ₹13 + 18% GST = ₹15.34 per scrip per
 *   day on delivery sells; earlier support articles state ₹13.5 + 18% GST = ₹15.93. The switch date is
 *   not published in the sources we found; we tie it to the 1 Oct 2024 entry.
 */
import { z } from 'zod';

export interface ZerodhaEquityRates {
  /** IST date `YYYY-MM-DD` from which this entry applies. */
  readonly effectiveFrom: string;
  readonly label: string;
  /** Brokerage per executed order: min(rate × value, cap); rate in ₹/crore, cap in ₹. */
  readonly brokerage: { readonly intradayPerCrore: number; readonly intradayCap: number; readonly deliveryPerCrore: number; readonly deliveryCap: number };
  /** STT in ₹/crore of the side's value. */
  readonly stt: { readonly deliveryBuy: number; readonly deliverySell: number; readonly intradayBuy: number; readonly intradaySell: number };
  /** Exchange transaction charges in ₹/crore of turnover, both sides. */
  readonly exchange: { readonly NSE: number; readonly BSE: number };
  /** SEBI turnover fee in ₹/crore, both sides. */
  readonly sebiPerCrore: number;
  /** Stamp duty in ₹/crore, buy side only. */
  readonly stamp: { readonly deliveryBuy: number; readonly intradayBuy: number };
  /** GST in percent on brokerage + exchange + SEBI. */
  readonly gstPercent: number;
  /** DP charge in ₹ per scrip per IST day with a delivery sell, GST included. */
  readonly dpPerScripDay: number;
}

const nonNeg = z.number().finite().nonnegative();

/** Schema for schedules read from config files (zod at the boundary). */
export const zerodhaEquityRatesSchema = z.object({
  effectiveFrom: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'effectiveFrom must be YYYY-MM-DD'),
  label: z.string().min(1),
  brokerage: z.object({ intradayPerCrore: nonNeg, intradayCap: nonNeg, deliveryPerCrore: nonNeg, deliveryCap: nonNeg }),
  stt: z.object({ deliveryBuy: nonNeg, deliverySell: nonNeg, intradayBuy: nonNeg, intradaySell: nonNeg }),
  exchange: z.object({ NSE: nonNeg, BSE: nonNeg }),
  sebiPerCrore: nonNeg,
  stamp: z.object({ deliveryBuy: nonNeg, intradayBuy: nonNeg }),
  gstPercent: nonNeg,
  dpPerScripDay: nonNeg,
});

/** A schedule: at least one entry, strictly ascending `effectiveFrom`. */
export const zerodhaScheduleSchema = z
  .array(zerodhaEquityRatesSchema)
  .min(1, 'a charge schedule needs at least one entry')
  .refine((s) => s.every((e, i) => i === 0 || s[i - 1]!.effectiveFrom < e.effectiveFrom), {
    message: 'schedule entries must have strictly ascending effectiveFrom dates',
  });

const COMMON = {
  brokerage: { intradayPerCrore: 3_000, intradayCap: 20, deliveryPerCrore: 0, deliveryCap: 0 },
  stt: { deliveryBuy: 10_000, deliverySell: 10_000, intradayBuy: 0, intradaySell: 2_500 },
  sebiPerCrore: 10,
  stamp: { deliveryBuy: 1_500, intradayBuy: 300 },
  gstPercent: 18,
} as const;

/** The built-in schedule (oldest first). */
export const ZERODHA_EQUITY_SCHEDULE: readonly ZerodhaEquityRates[] = Object.freeze([
  {
    effectiveFrom: '2020-07-01',
    label: 'before MII true-to-label (NSE 0.00322%)',
    ...COMMON,
    exchange: { NSE: 322, BSE: 375 },
    dpPerScripDay: 15.93,
  },
  {
    effectiveFrom: '2024-10-01',
    label: 'MII true-to-label (NSE 0.00297%)',
    ...COMMON,
    exchange: { NSE: 297, BSE: 375 },
    dpPerScripDay: 15.34,
  },
]);

/**
 * The entry in force on the IST date `date` (`YYYY-MM-DD`): the last entry whose effectiveFrom ≤ date.
 * Dates before the first entry use the first entry (documented approximation, see header).
 */
export function ratesOn(schedule: readonly ZerodhaEquityRates[], date: string): ZerodhaEquityRates {
  let found = schedule[0];
  if (found === undefined) throw new RangeError('empty charge schedule');
  for (const e of schedule) {
    if (e.effectiveFrom <= date) found = e;
    else break;
  }
  return found;
}
