/**
 * The simulated (paper) broker beyond the contract: charges and cash/margin checked against a worked example computed by hand
 * (and each charge within its rounding unit of the fake Kite's unrounded published-rate formulas), the OCO exit
 * pair when one bar touches both legs, and write-behind persistence.
 */
import { SimulatedBroker, type SimulatedBrokerOptions } from '../../../src/brokers/paper/simulatedBroker';
import { SessionChargeBook } from '../../../src/core/costs/chargeBook';
import { MemoryPaperStateRepository } from '../../../src/brokers/paper/paperState';
import type { OrderUpdate } from '../../../src/core/broker';
import { ZerodhaEquityCostModel } from '../../../src/core/costs';
import { equityCharges } from '../../fakes/kite';
import { ManualClock, omsIntent } from '../../support/brokers/omsFixtures';

const T0 = Date.parse('2025-01-06T10:00:00+05:30');
const bar = (time: number, open: number, high: number, low: number, close: number) => ({ time, open, high, low, close, volume: 1000 });

async function paper(over: Partial<SimulatedBrokerOptions> = {}) {
  const clock = new ManualClock(T0);
  const repo = new MemoryPaperStateRepository();
  const broker = await SimulatedBroker.open({ clock, charges: new SessionChargeBook(new ZerodhaEquityCostModel()), instruments: () => ({ exchange: 'NSE', tickSize: 0.05, lotSize: 1 }), repository: repo, startingCash: 100_000, ...over });
  const updates: OrderUpdate[] = [];
  broker.onOrderUpdate((u) => updates.push(u));
  return { clock, repo, broker, updates };
}

describe('simulated broker costs, cash and margin', () => {
  it('charges a delivery round trip as the worked example, and moves cash and margin by value ± charges', async () => {
    const { broker, clock, updates } = await paper();
    broker.handleTick('INFY', 1510, T0);
    // BUY 10 @ 1500 CNC on NSE, 6 Jan 2025: turnover 15,000. STT 0.1% = 15 → ₹15; exchange 0.00297% + NSE IPFT
    // ₹10/crore = 0.4605 → 0.46; SEBI ₹10/crore = 0.015 → 0.02; stamp 0.015% = ₹2.25 (to the paisa, issue #15);
    // GST 18% × 0.48 = 0.0864 → 0.09.
    const buyCharges = 15 + 0.46 + 0.02 + 2.25 + 0.09; // 17.82
    const buy = omsIntent({ quantity: 10, orderType: 'LIMIT', price: 1500 });
    expect((await broker.place(buy)).ok).toBe(true);
    const open = await broker.margins();
    expect(open.ok && open.value.used).toBeCloseTo(15_000 + buyCharges, 9);
    expect(open.ok && open.value.available).toBeCloseTo(100_000 - 15_000 - buyCharges, 9);
    clock.t += 60_000;
    broker.handleTick('INFY', 1500, clock.t);
    const f = updates.find((u) => u.kind === 'filled');
    expect(f?.kind === 'filled' && [f.fill.quantity, f.fill.price, f.fill.charges]).toEqual([10, 1500, expect.closeTo(buyCharges, 9)]);
    expect(broker.cash).toBeCloseTo(100_000 - 15_000 - buyCharges, 9);
    const filled = await broker.margins();
    expect(filled.ok && filled.value).toEqual({ available: expect.closeTo(84_982.18, 9), used: 0 });

    // SELL 10 @ 1600 the next day (a same-day sell would square the buy off as intraday: chargeBook.ts): turnover
    // 16,000. STT 16; exchange (with IPFT) 0.4912 → 0.49; SEBI 0.016 → 0.02; GST 18% × 0.51
    // = 0.0918 → 0.09; no stamp on sells; DP ₹15.34 (GST included) for a delivery sell of the scrip that day.
    const sellCharges = 16 + 0.49 + 0.02 + 0.09 + 15.34; // 31.94
    const sell = omsIntent({ side: 'SELL', quantity: 10 });
    clock.t += 86_400_000;
    expect((await broker.place(sell)).ok).toBe(true);
    clock.t += 60_000;
    broker.handleTick('INFY', 1600, clock.t);
    expect(broker.cash).toBeCloseTo(100_000 - 15_000 - buyCharges + 16_000 - sellCharges, 9);
    expect(broker.cash).toBeCloseTo(100_950.24, 9);
    const pos = await broker.positions();
    expect(pos.ok && pos.value).toEqual([]);

    // The hand figures sit within each charge's rounding unit of the fake Kite's unrounded published-rate formula.
    const ref = equityCharges({ exchange: 'NSE', transaction_type: 'BUY', product: 'CNC', quantity: 10 }, 1500);
    expect(Math.abs(15 - ref.transaction_tax)).toBeLessThanOrEqual(0.5);
    expect(Math.abs(2.25 - ref.stamp_duty)).toBeLessThanOrEqual(0.005 + 1e-12);
    // The fake's exchange charge leaves out NSE's IPFT levy (₹10/crore, 1 Apr 2023 – 28 Feb 2026).
    const ipft = (15_000 * 10) / 1e7;
    expect(Math.abs(0.46 - ref.exchange_turnover_charge - ipft)).toBeLessThanOrEqual(0.005 + 1e-12);
    expect(Math.abs(0.02 - ref.sebi_turnover_charge)).toBeLessThanOrEqual(0.005 + 1e-12);
    expect(Math.abs(0.09 - ref.gst.total - 0.18 * ipft)).toBeLessThanOrEqual(0.01);
  });

  it('refuses a buy beyond the available cash, counting what open buys hold back', async () => {
    const { broker } = await paper({ startingCash: 20_000 });
    broker.handleTick('INFY', 1500, T0);
    expect((await broker.place(omsIntent({ quantity: 10, orderType: 'LIMIT', price: 1400 }))).ok).toBe(true);
    const r = await broker.place(omsIntent({ quantity: 5, orderType: 'LIMIT', price: 1400 }));
    expect(!r.ok && r.error.message).toMatch(/^Insufficient funds: the order needs ₹7,\d{3}\.\d{2} but ₹5,\d{3}\.\d{2} is available; reduce the quantity\.$/);
    expect((await broker.place(omsIntent({ quantity: 4, orderType: 'LIMIT', price: 1400 }))).ok).toBe(true);
  });
});

describe('simulated broker exits (OCO)', () => {
  it('when one bar touches both the stop and the take-profit, the stop is assumed first', async () => {
    const { broker, clock, updates } = await paper();
    broker.handleTick('INFY', 1500, T0);
    await broker.place(omsIntent({ quantity: 8 }));
    clock.t += 60_000;
    broker.handleBar('INFY', bar(clock.t, 1500, 1500, 1500, 1500));
    expect((await broker.attachExit({ symbol: 'INFY', quantity: 8, product: 'CNC', stop: 1450, takeProfit: 1600 })).ok).toBe(true);
    clock.t += 60_000;
    broker.handleBar('INFY', bar(clock.t, 1500, 1620, 1440, 1500));
    const exits = updates.flatMap((u) => (u.kind === 'filled' && u.fill.side === 'SELL' ? [u.fill] : []));
    expect(exits.map((f) => [f.quantity, f.price, f.source])).toEqual([[8, 1450, { kind: 'risk', rule: 'stop-loss' }]]);
    clock.t += 60_000;
    broker.handleBar('INFY', bar(clock.t, 1610, 1650, 1600, 1640));
    expect(updates.filter((u) => u.kind === 'filled' && u.fill.side === 'SELL')).toHaveLength(1);
    const book = await broker.orders();
    expect(book.ok && book.value.filter((o) => o.side === 'SELL').map((o) => [o.orderType, o.status])).toEqual([['SL-M', 'FILLED']]);
  });

  it('a gap through the take-profit fills at the open; an exit on a closed position is dropped; no position, no exit', async () => {
    const { broker, clock, updates } = await paper();
    broker.handleTick('INFY', 1500, T0);
    const none = await broker.attachExit({ symbol: 'INFY', quantity: 5, product: 'CNC', stop: 1450, takeProfit: 1600 });
    expect(!none.ok && none.error.message).toMatch(/position in INFY is 0 shares/);
    await broker.place(omsIntent({ quantity: 5 }));
    broker.handleTick('INFY', 1500, ++clock.t);
    await broker.attachExit({ symbol: 'INFY', quantity: 5, product: 'CNC', stop: 1450, takeProfit: 1600 });
    clock.t += 60_000;
    broker.handleBar('INFY', bar(clock.t, 1620, 1630, 1615, 1625));
    const tp = updates.filter((u) => u.kind === 'filled' && u.fill.side === 'SELL');
    expect(tp.map((u) => u.kind === 'filled' && u.fill.price)).toEqual([1620]);

    await broker.place(omsIntent({ quantity: 5 }));
    broker.handleTick('INFY', 1625, ++clock.t);
    await broker.attachExit({ symbol: 'INFY', quantity: 5, product: 'CNC', stop: 1550, takeProfit: 1700 });
    await broker.place(omsIntent({ side: 'SELL', quantity: 5 }));
    broker.handleTick('INFY', 1625, ++clock.t); // sold by hand: the exit has nothing left to close
    broker.handleTick('INFY', 1500, ++clock.t);
    expect(updates.filter((u) => u.kind === 'filled' && u.fill.side === 'SELL')).toHaveLength(2);
  });
});

describe('simulated broker write-behind persistence', () => {
  it('coalesces a burst of changes into few saves and flush() leaves the stored account equal to the live one', async () => {
    const { broker, clock, repo } = await paper({ startingCash: 10_000_000 });
    broker.handleTick('INFY', 1500, T0);
    for (let k = 0; k < 100; k++) await broker.place(omsIntent({ quantity: 1 }));
    broker.handleTick('INFY', 1501, ++clock.t);
    await broker.flush();
    expect(repo.saves).toBeLessThanOrEqual(2);
    const back = await SimulatedBroker.open({ clock, charges: new SessionChargeBook(new ZerodhaEquityCostModel()), instruments: () => ({ exchange: 'NSE', tickSize: 0.05, lotSize: 1 }), repository: repo });
    expect(back.cash).toBe(broker.cash);
    expect(await back.positions()).toEqual(await broker.positions());
    expect(await back.orders()).toEqual(await broker.orders());
    const filled = await back.orders();
    expect(filled.ok && filled.value.filter((o) => o.status === 'FILLED')).toHaveLength(100);
  });
});
