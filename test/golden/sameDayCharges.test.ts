/**
 * Issue #15, item 1, on real data: sma-cross 10/30 on INFY 5-minute bars (2023-07 → 2024-06), CNC,
 * Zerodha costs. 240 of its 355 round trips open and close in one session. The figures: the
 * project charged those 240 trades ₹3,82,166 (delivery rates, DP), repriced as intraday ₹72,146.
 *
 * The reference here is written in the test, from the published rates, without the project's cost code:
 * per IST day and scrip, the squared-off quantity min(bought, sold) is intraday (first in, first out),
 * brokerage 0.03% capped ₹20 on each order that takes part, STT 0.025% / 0.1% to the rupee, stamp
 * 0.003% / 0.015%, NSE 0.00322% + IPFT ₹10/crore (1 Apr 2023 – 30 Sep 2024), SEBI ₹10/crore, GST 18%,
 * DP ₹15.93 (₹15.34 from 1 Jun 2024) per scrip per day with a delivery sell.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { runBacktest } from '../../src/backtest/runBacktest';
import type { ChargeableTrade } from '../../src/core/costs';
import { ZerodhaEquityCostModel } from '../../src/core/costs';
import { request, strategies } from '../backtest/support/fixtures';
import { describeWithNseData, loadNse } from '../support/nseData';

const fixtureSchema = z.object({
  source: z.string(),
  trades: z.array(z.object({ entryTime: z.number(), entryPrice: z.number(), exitTime: z.number(), exitPrice: z.number(), quantity: z.number().int().positive(), costs: z.number() })),
});
const before = fixtureSchema.parse(JSON.parse(readFileSync(join(__dirname, 'fixtures', 'infy-5m-sma-cross-before-issue15.json'), 'utf8')));

const IST = 330 * 60_000;
const dayOf = (time: number): string => new Date(time + IST).toISOString().slice(0, 10);
const paisa = (rupees: number): number => Math.round(rupees * 100 + 1e-9);
const rupee = (rupees: number): number => Math.round(rupees + 1e-9) * 100;

interface Fill {
  side: 'BUY' | 'SELL';
  quantity: number;
  price: number;
  time: number;
}

interface Card {
  stampRound: 'rupee' | 'paisa';
  /** NSE transaction charge + IPFT, ₹ per crore. */
  nsePerCrore: number;
}

/** One day's contract note of one NSE scrip, in paise, from the published rules (see header). */
function notePaise(fills: readonly Fill[], card: Card): number {
  const bought = fills.filter((f) => f.side === 'BUY').reduce((a, f) => a + f.quantity, 0);
  const sold = fills.filter((f) => f.side === 'SELL').reduce((a, f) => a + f.quantity, 0);
  const left = { BUY: Math.min(bought, sold), SELL: Math.min(bought, sold) };
  let brokerage = 0;
  let turnover = 0;
  const v = { buyI: 0, buyD: 0, sellI: 0, sellD: 0 };
  for (const f of fills) {
    const q = Math.min(f.quantity, left[f.side]);
    left[f.side] -= q;
    const value = f.quantity * f.price;
    const vi = q * f.price;
    turnover += value;
    if (q > 0) brokerage += Math.min(paisa(value * 0.0003), 2000);
    if (f.side === 'BUY') {
      v.buyI += vi;
      v.buyD += value - vi;
    } else {
      v.sellI += vi;
      v.sellD += value - vi;
    }
  }
  const stt = rupee(v.sellI * 0.00025) + rupee((v.buyD + v.sellD) * 0.001);
  const stampOf = card.stampRound === 'rupee' ? rupee : paisa;
  const stamp = stampOf(v.buyI * 0.00003) + stampOf(v.buyD * 0.00015);
  const exchange = paisa((turnover * card.nsePerCrore) / 1e7);
  const sebi = paisa((turnover * 10) / 1e7);
  const gst = paisa(((brokerage + exchange + sebi) / 100) * 0.18);
  const dp = v.sellD > 0 ? (fills[0]!.time >= Date.parse('2024-06-01T00:00:00+05:30') ? 1534 : 1593) : 0;
  return brokerage + stt + stamp + exchange + sebi + gst + dp;
}

/** Charges of a list of fills of one scrip: one note per IST day, in paise. */
function allNotesPaise(fills: readonly Fill[], card: Card): number {
  const byDay = new Map<string, Fill[]>();
  for (const f of [...fills].sort((a, b) => a.time - b.time)) {
    const d = dayOf(f.time);
    byDay.set(d, [...(byDay.get(d) ?? []), f]);
  }
  let total = 0;
  for (const list of byDay.values()) total += notePaise(list, card);
  return total;
}

const legsOf = (t: { entryTime: number; entryPrice: number; exitTime: number; exitPrice: number; quantity: number }): Fill[] => [
  { side: 'BUY', quantity: t.quantity, price: t.entryPrice, time: t.entryTime },
  { side: 'SELL', quantity: t.quantity, price: t.exitPrice, time: t.exitTime },
];

describe('the 240 same-day round trips of the run before the fix (fixture: the project’s own trade list)', () => {
  const sameDay = before.trades.filter((t) => dayOf(t.entryTime) === dayOf(t.exitTime));

  test('355 round trips, 240 of them within one session, charged ₹3,82,165.58 at delivery rates then', () => {
    expect(before.trades).toHaveLength(355);
    expect(sameDay).toHaveLength(240);
    expect(paisa(sameDay.reduce((a, t) => a + t.costs, 0))).toBe(38_216_558);
  });

  test('repriced as intraday with the issue’s card (stamp to the rupee, no IPFT): ₹72,146.29, the issue’s figure', () => {
    const old: Card = { stampRound: 'rupee', nsePerCrore: 322 };
    expect(sameDay.reduce((a, t) => a + notePaise(legsOf(t), old), 0)).toBe(7_214_629);
  });

  test('with the corrected card (stamp to the paisa, IPFT ₹10/crore): ₹72,560.01 by the reference and by the project', () => {
    const card: Card = { stampRound: 'paisa', nsePerCrore: 332 };
    const want = sameDay.reduce((a, t) => a + notePaise(legsOf(t), card), 0);
    expect(want).toBe(7_256_001);
    const model = new ZerodhaEquityCostModel();
    const got = sameDay.reduce((a, t) => {
      const cnc = legsOf(t).map((f): ChargeableTrade => ({ ...f, product: 'CNC', exchange: 'NSE', symbol: 'INFY' }));
      return a + paisa(model.contractNotes(cnc).total);
    }, 0);
    expect(got).toBe(want);
  });
});

describeWithNseData('intraday/INFY_5min.csv')('the same run after the fix (real NSE 5-minute bars)', () => {
  test('every fill is charged as the day’s contract note says: ₹2,42,002.34 in all (₹5,73,352.89 before)', async () => {
    const bars = await loadNse('intraday/INFY_5min.csv', 'INFY');
    const r = runBacktest(request({ strategy: 'sma-cross', symbols: ['INFY'], interval: '5m', costs: 'zerodha' }), { series: new Map([['INFY', bars]]), synthetic: false }, { strategies: strategies() });
    if (!r.ok) throw new Error(r.error);
    const { trades, metrics } = r.value;
    expect(trades).toHaveLength(355);
    expect(trades.filter((t) => !t.open && dayOf(t.entryTime) === dayOf(t.exitTime))).toHaveLength(240);
    // Same signals, so the same 355 entries; the quantities differ because less cash went on charges.
    const want = allNotesPaise(trades.flatMap((t) => (t.open ? legsOf(t).slice(0, 1) : legsOf(t))), { stampRound: 'paisa', nsePerCrore: 332 });
    expect(paisa(metrics.costs.total)).toBe(want);
    expect(want).toBe(24_200_234);
    expect(paisa(before.trades.reduce((a, t) => a + t.costs, 0))).toBe(57_335_289);
    // The trade list's per-trade charges add up to the same total.
    expect(paisa(trades.reduce((a, t) => a + t.costs, 0))).toBe(want);
  });
});
