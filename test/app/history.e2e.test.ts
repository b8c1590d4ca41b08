/**
 * Issue 18 (part B), trade history and statistics from the phone: /trades, /performance, /daily, /weekly, /monthly
 * and /stats through the real telegraf against the fake Telegram, over fills made by the one order pipeline (a
 * person's orders for the portfolio, a strategy instance's order closed by its stop-loss in the paper broker). Every
 * figure is checked against a calculation made here from the fills the test created: P&L from the fill prices,
 * charges from the Zerodha cost model's contract notes (the fills of the day in order: each trade is charged what
 * its fills added to the day's note). Unhappy paths: an empty history, a bad n, a viewer, a restart.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createCommandRegistry } from '../../commands';
import type { Config } from '../../src/config';
import { ZerodhaEquityCostModel } from '../../src/core/costs/zerodhaEquity';
import type { ChargeableTrade } from '../../src/core/costs/types';
import { strategyInstanceId, userId } from '../../src/core/ids';
import type { Order } from '../../src/core/order';
import { e2eConfig, shiftedClock, startE2eApp, startFakes, type Fakes, type StartedApp } from '../support/e2e/appHarness';
import { asker, textOf } from '../support/e2e/chat';
import { eventually, eventuallyFilled } from '../support/e2e/waiting';

const TRADER = 111;
const VIEWER = 555;
/** Rupees as the bot prints them: ₹1,23,456.50, −₹12.30. */
const inr = (x: number): string => `${x < 0 ? '−' : ''}₹${Math.abs(x).toLocaleString('en-IN', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
const px = (x: number): string => x.toLocaleString('en-IN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const paise = (x: number): number => Math.round(x * 100) / 100;

describe('trade history and statistics through Telegram', () => {
  const clock = shiftedClock(Date.parse('2025-01-08T05:30:00Z'));
  const s = { fakes: undefined as unknown as Fakes, config: undefined as unknown as Config, running: undefined as StartedApp | undefined };
  beforeAll(async () => {
    s.fakes = await startFakes('e2e_history');
    s.config = e2eConfig(s.fakes, { TELEGRAM_ALLOWED_USERS: `${TRADER}:trader,${VIEWER}:viewer` });
    s.running = await startE2eApp(s.config, ['INFY', 'TCS'], clock);
  });
  afterAll(async () => {
    await s.running?.app.stop();
    await s.fakes?.close();
  });
  const app = () => s.running!.app;
  const askBot = asker(() => s.fakes.telegram);
  const ask = async (chatId: number, text: string, expected: RegExp): Promise<string> => textOf(await askBot(chatId, text, expected));
  const tick = (symbol: string, price: number): void => s.running!.ticks.push(symbol, price, clock.now());
  const order = (id: string): Promise<Order | undefined> => app().engine.repos.orders.get(id as Order['intent']['clientOrderId']);
  /** The fills the test made, in execution order (what the charges of the day are computed from). */
  const fills: ChargeableTrade[] = [];
  const trip = { manual: { buy: 1500, sell: 1520, qty: 10 }, stop: { buy: 4000, stop: 3950, qty: 5, exit: 0 }, loss: { buy: 1510, sell: 1490, qty: 7 } };
  let instance = '';

  /** A person's market order for the portfolio, sent without approval, filled at the next tick. */
  const manual = async (symbol: string, side: 'BUY' | 'SELL', quantity: number, price: number): Promise<void> => {
    const r = app().engine.trading.pipeline.submit(
      { symbol, side, quantity, orderType: 'MARKET', product: 'CNC', validity: 'DAY', source: { kind: 'user', userId: userId(String(TRADER)) }, reason: 'test: a person’s order', time: clock.now() },
      { approval: 'never' },
    );
    if (!r.ok) throw new Error(r.error.message);
    await eventually('the order at the broker', async () => ((await order(r.value.intent.clientOrderId))?.status === 'OPEN' ? true : undefined));
    tick(symbol, price);
    const o = await eventuallyFilled(`${side} ${quantity} ${symbol}`, () => order(r.value.intent.clientOrderId));
    expect(o.averagePrice).toBe(price);
    fills.push({ side, quantity, price, product: 'CNC', exchange: 'NSE', time: clock.now(), symbol });
  };

  test('an empty history says so; a bad n is refused with the usage', async () => {
    expect(await ask(VIEWER, '/trades', /closed trade|⚠️/i)).toBe('No closed trades yet: a trade closes when its position is back to zero.');
    expect(await ask(VIEWER, '/stats', /closed trade|⚠️/i)).toBe('No closed trades yet: a trade closes when its position is back to zero.');
    expect(await ask(VIEWER, '/performance', /closed trade|⚠️/i)).toBe('No closed trades yet: a trade closes when its position is back to zero.');
    const daily = await ask(VIEWER, '/daily 3', /P&L per day|⚠️/);
    expect(daily).toContain('No trade closed in these periods.');
    for (const day of ['2025-01-08', '2025-01-07', '2025-01-06']) expect(daily).toContain(day);
    expect(daily).not.toContain('2025-01-05');
    expect(await ask(TRADER, '/trades 0', /⚠️|n:/)).toMatch(/n: expected at least 1/);
    expect(await ask(TRADER, '/daily lots', /⚠️|n:/)).toMatch(/n: expected a number/);
    expect(await ask(TRADER, '/weekly 53', /⚠️|n:/)).toMatch(/n: expected at most 52/);
    expect(await ask(TRADER, '/monthly 2 3', /⚠️|argument/)).toMatch(/one argument too many/);
  });

  test('fills from the one pipeline become closed trades with entry, exit, P&L, charges and holding time', async () => {
    const started = await ask(TRADER, '/run sma-cross TCS fast=2 slow=4 capital=5%', /^Started|⚠️/);
    instance = /^Started (\S+):/.exec(started)![1]!;
    // Prices that only rise: the instance never signals by itself.
    for (let k = 0; k < 5; k++) {
      tick('INFY', 1490 + k);
      tick('TCS', 3990 + k);
    }
    await app().engine.trading.pipeline.prepare(['INFY', 'TCS']);

    await manual('INFY', 'BUY', trip.manual.qty, trip.manual.buy);
    await manual('INFY', 'SELL', trip.manual.qty, trip.manual.sell);

    // An order with a stop for the instance's account (a person's: a strategy's levels come with its signals); the
    // paper broker's stop-loss closes it.
    const r = app().engine.trading.pipeline.submit(
      { symbol: 'TCS', side: 'BUY', quantity: trip.stop.qty, orderType: 'MARKET', product: 'CNC', validity: 'DAY', source: { kind: 'user', userId: userId(String(TRADER)) }, instanceId: strategyInstanceId(instance), reason: 'test: an entry with a stop', stop: trip.stop.stop, time: clock.now() },
      { approval: 'never' },
    );
    if (!r.ok) throw new Error(r.error.message);
    await eventually('the TCS buy at the broker', async () => ((await order(r.value.intent.clientOrderId))?.status === 'OPEN' ? true : undefined));
    tick('TCS', trip.stop.buy);
    await eventuallyFilled('the TCS buy', () => order(r.value.intent.clientOrderId));
    fills.push({ side: 'BUY', quantity: trip.stop.qty, price: trip.stop.buy, product: 'CNC', exchange: 'NSE', time: clock.now(), symbol: 'TCS' });
    const entered = clock.now();
    await app().engine.trading.drainOrders();
    const exit = await eventually('the stop-loss fill', async () => {
      // A trade below the stop (again, until the exit the paper broker attached after the fill has fired).
      tick('TCS', 3940);
      await app().engine.trading.drainOrders();
      const ts = await app().engine.repos.orders.transitions({ fills: true, symbol: 'TCS' });
      return ts.find((t) => t.fill?.side === 'SELL');
    });
    trip.stop.exit = exit.fill!.price;
    expect(trip.stop.exit).toBeLessThanOrEqual(trip.stop.stop);
    fills.push({ side: 'SELL', quantity: trip.stop.qty, price: trip.stop.exit, product: 'CNC', exchange: 'NSE', time: exit.time, symbol: 'TCS' });
    expect(exit.time).toBeGreaterThanOrEqual(entered);

    await manual('INFY', 'BUY', trip.loss.qty, trip.loss.buy);
    await manual('INFY', 'SELL', trip.loss.qty, trip.loss.sell);
    await app().engine.trading.drainOrders();
  });

  /** What each trade was charged: the growth of the day's contract note over its fills (the fills are in order). */
  const expected = () => {
    const costs = new ZerodhaEquityCostModel();
    const note = (k: number): number => costs.contractNotes(fills.slice(0, k)).total;
    const charges = [note(2) - note(0), note(4) - note(2), note(6) - note(4)].map(paise);
    const gross = [
      trip.manual.qty * (trip.manual.sell - trip.manual.buy),
      trip.stop.qty * (trip.stop.exit - trip.stop.buy),
      trip.loss.qty * (trip.loss.sell - trip.loss.buy),
    ];
    const pnl = gross.map((g, i) => paise(g - charges[i]!));
    return { charges, pnl };
  };

  test('/trades lists them newest first with figures computed from the fills', async () => {
    const { charges, pnl } = expected();
    expect(charges.every((c) => c > 0)).toBe(true);
    const text = await ask(VIEWER, '/trades 5', /closed trade|⚠️/i);
    const blocks = text.split('\n').slice(1).join('\n').split(/\n(?=\S)/);
    expect(text.split('\n')[0]).toBe('3 closed trades (newest first)');
    expect(blocks).toHaveLength(3);
    expect(blocks[0]).toContain(`INFY long ${trip.loss.qty} · portfolio`);
    expect(blocks[0]).toContain(`${px(trip.loss.buy)} → ${px(trip.loss.sell)} · P&L ${inr(pnl[2]!)} · charges ${inr(charges[2]!)}`);
    expect(blocks[0]).toMatch(/held \d+s · manual$/);
    expect(blocks[1]).toContain(`TCS long ${trip.stop.qty} · ${instance}`);
    expect(blocks[1]).toContain(`${px(trip.stop.buy)} → ${px(trip.stop.exit)} · P&L ${inr(pnl[1]!)} · charges ${inr(charges[1]!)}`);
    expect(blocks[1]).toMatch(/ · stop-loss$/);
    expect(blocks[2]).toContain(`INFY long ${trip.manual.qty} · portfolio`);
    expect(blocks[2]).toContain(`P&L ${inr(pnl[0]!)} · charges ${inr(charges[0]!)}`);
    expect(blocks[2]).toMatch(/2025-01-08 11:\d\d → 2025-01-08 11:\d\d IST · held \d+s · manual$/);

    const two = await ask(TRADER, '/trades 2', /closed trade|⚠️/i);
    expect(two.split('\n')[0]).toBe('Last 2 of 3 closed trades (newest first)');
    expect(two).not.toContain(`P&L ${inr(pnl[0]!)}`);
  });

  test('/performance per symbol and per strategy instance; /stats; /daily /weekly /monthly', async () => {
    const { charges, pnl } = expected();
    const perf = await ask(VIEWER, '/performance', /^Performance|⚠️/);
    const infy = paise(pnl[0]! + pnl[2]!);
    const infyCharges = paise(charges[0]! + charges[2]!);
    expect(perf).toContain(`INFY: ${inr(infy)} · 2 trades, 50% won · charges ${inr(infyCharges)}`);
    expect(perf).toContain(`TCS: ${inr(pnl[1]!)} · 1 trade, 0% won · charges ${inr(charges[1]!)}`);
    expect(perf).toContain(`portfolio: ${inr(infy)} · 2 trades, 50% won`);
    expect(perf).toContain(`${instance}: ${inr(pnl[1]!)} · 1 trade, 0% won`);

    const stats = await ask(VIEWER, '/stats', /^Closed trades|⚠️/);
    const net = paise(pnl[0]! + pnl[1]! + pnl[2]!);
    const losses = [pnl[1]!, pnl[2]!];
    expect(pnl[0]).toBeGreaterThan(0);
    expect(losses.every((l) => l < 0)).toBe(true);
    expect(stats).toContain('Closed trades: 3 (1 won, 2 lost)');
    expect(stats).toContain('Win rate: 33.3%');
    expect(stats).toContain(`Net P&L: ${inr(net)} after ${inr(paise(charges[0]! + charges[1]! + charges[2]!))} charges`);
    expect(stats).toContain(`Average win: ${inr(pnl[0]!)} · average loss: ${inr((losses[0]! + losses[1]!) / 2)}`);
    const worst = pnl[1]! < pnl[2]! ? `${inr(pnl[1]!)} (TCS, ${instance})` : `${inr(pnl[2]!)} (INFY, portfolio)`;
    expect(stats).toContain(`Best: ${inr(pnl[0]!)} (INFY, portfolio) · worst: ${worst}`);
    expect(stats).toMatch(/Average holding time: \d+s/);
    expect(stats).toContain('Exit reasons: manual 2, stop-loss 1');

    const daily = await ask(VIEWER, '/daily 7', /P&L per day|⚠️/);
    expect(daily).toContain(`Total ${inr(net)} over 3 trades`);
    expect(daily).toMatch(new RegExp(`2025-01-08\\s+${inr(net).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s+3\\s+`));
    expect(daily).toContain('2025-01-07');
    // Wednesday 8 January: the week from Monday the 6th; the month 2025-01.
    expect(await ask(VIEWER, '/weekly 4', /P&L per week|⚠️/)).toMatch(/2025-01-06[\s\S]*2024-12-30[\s\S]*2024-12-23[\s\S]*2024-12-16/);
    const monthly = await ask(VIEWER, '/monthly 3', /P&L per month|⚠️/);
    expect(monthly).toMatch(/2025-01[\s\S]*2024-12[\s\S]*2024-11/);
    expect(monthly).toContain(`Total ${inr(net)} over 3 trades`);
  });

  test('the README and /help examples of these commands are the ones run here, and each answers without an error', async () => {
    const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
    const registry = createCommandRegistry();
    for (const name of ['trades', 'performance', 'daily', 'weekly', 'monthly', 'stats']) {
      const example = registry.find(name)!.example;
      expect(readme).toContain(`| \`/${name}\` | viewer | `);
      expect(new RegExp(`^\\| \`/${name}\` \\|.*\\| \`${example.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\` \\|$`, 'm').test(readme)).toBe(true);
      const help = await ask(VIEWER, `/help ${name}`, /^\/|⚠️/);
      expect(help).toContain(`Example: ${example}`);
      const reply = await ask(VIEWER, example, /./);
      expect(reply).not.toMatch(/⚠️/);
    }
  });

  test('after a restart the history is the same (it is rebuilt from the journal)', async () => {
    const before = await ask(VIEWER, '/trades', /closed trade|⚠️/i);
    await s.running!.app.stop();
    s.running = undefined;
    s.running = await startE2eApp(s.config, ['INFY', 'TCS'], clock);
    expect(await ask(VIEWER, '/trades', /closed trade|⚠️/i)).toBe(before);
  });
});
