/**
 * Zerodha's equity (cash segment) charges as a DATED schedule: each entry is in force from its
 * `effectiveFrom` IST date until the next entry starts. Rates are stored as rupees per crore of
 * traded value (₹1 crore = ₹1,00,00,000), the unit exchanges publish in (₹2.97 per lakh =
 * ₹297 per crore = 0.00297%), which keeps the arithmetic in whole paise.
 *
 * Sources, by rate (checked 2026; re-check https://zerodha.com/charges before relying on a new date):
 * - Brokerage, STT, SEBI, stamp, GST — Zerodha "List of charges" (zerodha.com/charges) and the support
 *   article "What is the brokerage at Zerodha for equity?": delivery brokerage 0; intraday 0.03% or ₹20
 *   per executed order, whichever is lower; STT 0.1% on buy & sell (delivery), 0.025% on the sell side
 *   (intraday), "rounded off to the nearest rupee"; SEBI ₹10 / crore; GST 18% on (brokerage + SEBI
 *   charges + transaction charges); stamp 0.015% (₹1500 / crore) delivery buy, 0.003% (₹300 / crore)
 *   intraday buy. Not modelled: the token ₹0.01 brokerage per delivery-only contract note (same article).
 * - Stamp duty — uniform nationwide from 1 Jul 2020 (Indian Stamp Act s.9A as amended by the Finance
 *   Act 2019; Indian Stamp (Collection of Stamp-Duty through Stock Exchanges, Clearing Corporations and
 *   Depositories) Rules 2019, G.S.R. 901(E) of 10 Dec 2019; Zerodha Z-Connect "Uniform Stamp Duty",
 *   5 Jan 2020, with the start postponed to 1 Jul 2020). Earlier trades are charged with the first entry
 *   (state-wise rates before that are not modelled). Rule 3(2) of those Rules: whether a transfer is on
 *   a delivery or non-delivery basis is decided by the clearing corporation at settlement — so a
 *   same-day square-off pays the non-delivery rate (see zerodhaNote.ts). Rounding: neither the Act nor
 *   the Rules round stamp duty to the rupee and Zerodha's brokerage calculator shows it in paise, so it is
 *   computed to the PAISA (per scrip and nature on the note); STT stays rounded to the rupee.
 * - NSE transaction charges (cash market, each side):
 *   · 0.00325% (₹325 / crore) — Zerodha support "What is the brokerage at Zerodha for equity?" (2020 text);
 *   · 0.00345% (₹345 / crore) from 1 Jan 2021 — the 6% increase "to augment the NSE IPFT corpus" named in
 *     NSE's statement of 24 Mar 2023 (The Hindu / NDTV Profit, 24 Mar 2023);
 *   · 0.00322% (₹322 / crore) from 1 Apr 2023 — that increase rolled back (NSE circular NSE/FA/56129,
 *     24 Mar 2023); Zerodha's card listed 0.00322% until 30 Sep 2024;
 *   · 0.00297% (₹297 / crore) from 1 Oct 2024 — uniform "true to label" charges (NSE/FA/64323 of
 *     27 Sep 2024 after SEBI circular SEBI/HO/MRD/TPD-1/P/CIR/2024/92 of 1 Jul 2024; NDTV Profit 27 Sep 2024);
 *   · 0.0030699% (₹306.99 / crore) from 1 Mar 2026 — NSE circular NSE/FA/73061 of 27 Feb 2026: the IPFT
 *     contribution goes back to ₹0.01 / crore and the transaction charge rises so that the total stays
 *     ₹307 / crore (Zerodha's card shows 0.00307%).
 *   BSE equity cash: 0.00375% (₹375 / crore) throughout (Zerodha's card; The Hindu BusinessLine, 24 Mar 2023).
 * - NSE IPFT (Investor Protection Fund Trust) contribution, charged with the exchange charges and so
 *   inside the GST base ("₹10 per crore + GST" on Zerodha's card): ₹0.01 / crore since NSE/F&A/18608 of
 *   12 Aug 2011; ₹10 / crore from 1 Apr 2023 (NSE/FA/56129 of 24 Mar 2023); ₹0.01 / crore again from
 *   1 Mar 2026 (NSE/FA/73061 of 27 Feb 2026).
 * - DP charge (posted to the ledger, not the note; Zerodha support "What do DP charges mean?"):
 *   ₹13.5 + 18% GST = ₹15.93 per scrip per day with a delivery sell, then ₹13 + 18% GST = ₹15.34. The
 *   ₹0.50 cut matches CDSL's reduction of 50 paise per debit transaction effective 1 Jun 2024 (CDSL
 *   announcement, reported by Bajaj Broking, May 2024); Zerodha published no date of its own that we
 *   found, so the change is dated 1 Jun 2024 (before this change the project used 1 Oct 2024).
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
  /** NSE IPFT contribution in ₹/crore of NSE turnover, both sides, booked with the exchange charges. */
  readonly nseIpftPerCrore: number;
  /** SEBI turnover fee in ₹/crore, both sides. */
  readonly sebiPerCrore: number;
  /** Stamp duty in ₹/crore, buy side only. */
  readonly stamp: { readonly deliveryBuy: number; readonly intradayBuy: number };
  /** GST in percent on brokerage + exchange (with IPFT) + SEBI. */
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
  nseIpftPerCrore: nonNeg,
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

/** Rates unchanged over the whole schedule (sources in the header). */
const COMMON = {
  brokerage: { intradayPerCrore: 3_000, intradayCap: 20, deliveryPerCrore: 0, deliveryCap: 0 },
  stt: { deliveryBuy: 10_000, deliverySell: 10_000, intradayBuy: 0, intradaySell: 2_500 },
  sebiPerCrore: 10,
  stamp: { deliveryBuy: 1_500, intradayBuy: 300 },
  gstPercent: 18,
} as const;

/** ₹13.5 + 18% GST and ₹13 + 18% GST (Zerodha support, see header). */
const DP_13_50 = 15.93;
const DP_13_00 = 15.34;

/** The built-in schedule (oldest first). */
export const ZERODHA_EQUITY_SCHEDULE: readonly ZerodhaEquityRates[] = Object.freeze([
  { effectiveFrom: '2020-07-01', label: 'uniform stamp duty; NSE 0.00325%', ...COMMON, exchange: { NSE: 325, BSE: 375 }, nseIpftPerCrore: 0.01, dpPerScripDay: DP_13_50 },
  { effectiveFrom: '2021-01-01', label: 'NSE +6% for the IPFT corpus (0.00345%)', ...COMMON, exchange: { NSE: 345, BSE: 375 }, nseIpftPerCrore: 0.01, dpPerScripDay: DP_13_50 },
  { effectiveFrom: '2023-04-01', label: 'NSE 0.00322% + IPFT ₹10/crore (NSE/FA/56129)', ...COMMON, exchange: { NSE: 322, BSE: 375 }, nseIpftPerCrore: 10, dpPerScripDay: DP_13_50 },
  { effectiveFrom: '2024-06-01', label: 'DP ₹13 + GST (CDSL −50 paise)', ...COMMON, exchange: { NSE: 322, BSE: 375 }, nseIpftPerCrore: 10, dpPerScripDay: DP_13_00 },
  { effectiveFrom: '2024-10-01', label: 'MII true-to-label: NSE 0.00297% + IPFT ₹10/crore', ...COMMON, exchange: { NSE: 297, BSE: 375 }, nseIpftPerCrore: 10, dpPerScripDay: DP_13_00 },
  { effectiveFrom: '2026-03-01', label: 'NSE 0.0030699% + IPFT ₹0.01/crore = 0.00307% (NSE/FA/73061)', ...COMMON, exchange: { NSE: 306.99, BSE: 375 }, nseIpftPerCrore: 0.01, dpPerScripDay: DP_13_00 },
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
