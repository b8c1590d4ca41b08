/**
 * Every command, through the dispatcher, with a good and a bad input. Services are the one engine fixture
 * (support/engineServices.ts): the real engine modules (registry, instance manager, OMS over the paper broker,
 * calendar, charts, optimisers, P&L and rebalancing with snapshots on the fake Mongo, risk report, alerts,
 * settings and mode on in-memory ports) and the Kite session through the real KiteLoginPort on the fake Kite.
 */
import { createCommandRegistry } from '../../commands';
import type { AlertsInService } from '../../src/services/api/alertsIn';
import { MemoryAlertInbox } from '../../src/core/ports/alertInbox';
import { alertsInService } from '../../src/services/engine/alertsIn/alertsInService';
import { userId } from '../../src/core/ids';
import { newOrder, type Order } from '../../src/core/order';
import { omsIntent } from '../support/brokers/omsFixtures';
import type { Services } from '../../src/services/services';
import { costs, dailyBars, engineFixture, history, NOW, type EngineFixture } from './support/engineServices';
import { admin, Harness, kinds, trader, viewer } from './support/harness';
import { HealthRegistry } from '../../src/http/health';
import { LogRing } from '../../src/log/logRing';
import { operatorService } from '../../src/services/engine/operatorService';
import { realResearch, useResearchDb } from './support/realResearch';
import { kiteLogin, type KiteLogin } from './support/kiteSession';
import { startFakeKite, type FakeKite } from '../fakes/kite';
import mongoose, { type Connection } from 'mongoose';
import { MongoSnapshotRepository } from '../../src/store/portfolio/mongoSnapshotRepository';
import { createTestDatabase, type TestDatabase } from '../fakes/mongo/testDb';
import { roundPaise } from '../../src/core/money';
import { rupees } from '../../src/core/figures';
import { ok, unwrap } from '../../src/core/result';
import { storedRunMode } from '../../src/services/engine/modeService';

let fx: EngineFixture;
let h: Harness;
let alertsIn: AlertsInService;
const ALERT_SECRET = 'tv-secret-0123456789';
let db: TestDatabase;
let conn: Connection;
let portfolios = 0;
let fake: FakeKite;
let kite: KiteLogin;
let health: HealthRegistry;
let ring: LogRing;

/** The research queue's job database (/sweep). */
const jobsDb = useResearchDb('commands_research', 2000);

beforeAll(async () => {
  db = await createTestDatabase('commands');
  conn = await mongoose.createConnection(db.uri, { serverSelectionTimeoutMS: 5000 }).asPromise();
  fake = await startFakeKite();
});
afterAll(async () => {
  await fake.close();
  await conn.close();
  await db.drop();
});

beforeEach(async () => {
  // Snapshots on the test database, a portfolio of its own per test; the Kite session against the fake Kite.
  fx = await engineFixture({ snapshots: unwrap(await MongoSnapshotRepository.open(conn)), portfolioId: `p${++portfolios}`, session: (clock) => (kite = kiteLogin(fake, conn, clock)).port });
  // Incoming alerts on the fixture's own pipeline (source tv: a card for every order).
  alertsIn = alertsInService({
    sources: [{ name: 'tv', secret: ALERT_SECRET, product: 'CNC', sizing: { kind: 'qty', quantity: 1 }, approval: { kind: 'always' }, symbols: [], action: 'buy' }],
    perMinute: 30,
    duplicateWindowMs: 600_000,
    inbox: new MemoryAlertInbox(),
    orders: fx.stack.pipeline,
    order: (id) => fx.oms.get(id),
    market: { price: async () => ok(1500), equity: () => 1e7, position: () => 0, lotSize: () => 1, tickSize: () => 0.05 },
    clock: fx.clock,
    emit: (e) => fx.stack.events.emit(e),
  });
  health = new HealthRegistry();
  health.register('mongo', async () => ({ status: 'up' }));
  ring = new LogRing(5);
  const services: Services = {
    ...fx.services,
    alertsIn,
    operator: operatorService({ version: { version: '9.8.7', node: 'v24.0.0', mode: 'paper', startedAt: NOW }, health: () => health.run(), logs: ring }),
  };
  h = new Harness(services, NOW);
});

const covered = new Set<string>();
const good = (name: string, fn: () => Promise<void>) => {
  covered.add(`${name}:good`);
  it(`/${name}: good input`, fn);
};
const bad = (name: string, fn: () => Promise<void>) => {
  covered.add(`${name}:bad`);
  it(`/${name}: bad input`, fn);
};
/** Runs a dangerous command through its confirmation code. */
async function confirmed(line: string, user = admin): Promise<string> {
  const r = await h.reply(line, user);
  if (r.kind !== 'confirm') throw new Error(`expected a confirmation, got ${r.kind}`);
  return h.text(`/confirm ${r.code}`, user);
}

describe('commands', () => {
  good('start', async () => expect(await h.text('/start', viewer)).toMatch(/^Welcome to AutoPPM, vik \(viewer, paper mode\)/));
  bad('start', async () => expect(await h.text('/start now')).toMatch(/^✖ Wrong arguments for \/start: there is one argument too many \("now"\); usage: \/start/));

  good('help', async () => {
    const all = await h.text('/help', viewer);
    expect(all).toContain('/status — ');
    expect(all).not.toContain('/halt'); // viewers see what they may use
    expect(await h.text('/help backtest')).toMatch(/Usage: \/backtest <strategy> <symbols>[^\n]*\nExample: \/backtest momentum RELIANCE,TCS from=2020-01-01 rocPeriod=10\nNeeds: trader\nAlso: \/bt/);
  });
  bad('help', async () => expect(await h.text('/help nosuch')).toBe('✖ There is no command /nosuch; send /help to see the commands.'));

  good('status', async () => {
    await fx.submit({});
    const s = await h.text('/status', viewer);
    expect(s).toMatch(/Mode\s+paper/);
    expect(s).toMatch(/Trading\s+ACTIVE/);
    expect(s).toMatch(/Market\s+open \(NSE session in progress\)/);
    expect(s).toMatch(/Approvals\s+1 pending/);
    expect(s).toMatch(/Open orders\s+0/);
  });
  bad('status', async () => expect(await h.text('/status x=1')).toMatch(/^✖ Wrong arguments for \/status: x is not an argument of \/status; usage: \/status/));

  good('strategies', async () => {
    const s = await h.text('/strategies', viewer);
    for (const n of ['sma-cross', 'momentum', 'mean-reversion', 'multi-factor']) expect(s).toContain(n);
  });
  bad('strategies', async () => expect(await h.text('/strategies all')).toMatch(/one argument too many \("all"\)/));

  good('strategy', async () => expect(await h.text('/strategy SMA-Cross', viewer)).toMatch(/slow\s+integer\s+30\s+2\.\.2000/));
  bad('strategy', async () => {
    expect(await h.text('/strategy nope')).toBe('✖ Unknown strategy "nope"; known: mean-reversion, momentum, multi-factor, sma-cross.');
    expect(await h.text('/strategy')).toMatch(/name is missing; usage: \/strategy <name> \(e\.g\. \/strategy sma-cross\)/);
  });

  good('run', async () => {
    const s = await h.text('/run sma-cross infy fast=10 slow=30 capital=20%', trader);
    expect(s).toMatch(/^Started sma-cross-[0-9a-f]{8}: sma-cross on INFY with ₹2,00,000\.00 \(20\.0% of capital\); sizing: signal weight × the instance’s equity, whole shares\./);
    const [inst] = fx.manager.list();
    expect(inst).toMatchObject({ strategy: 'sma-cross', symbols: ['INFY'], capitalShare: 0.2, params: { fast: 10, slow: 30 } });
    expect(inst!.sizing).toBeUndefined();
    await h.text('/run momentum INFY,TCS capital=250000', trader);
    expect(fx.manager.list()[1]).toMatchObject({ symbols: ['INFY', 'TCS'], capitalShare: 0.25 });
    // A sizing rule per instance: kept with it (and used for each of its orders), said in the reply.
    const sized = await h.text('/run sma-cross TCS capital=10% sizing=pct:25', trader);
    expect(sized).toMatch(/; sizing: 25% of the instance’s equity per position\./);
    expect(fx.manager.list()[2]).toMatchObject({ symbols: ['TCS'], sizing: 'pct:25' });
  });
  bad('run', async () => {
    expect(await h.text('/run sma-cross INFY fast=abc', trader)).toMatch(/^✖ Invalid parameters for sma-cross: fast: expected number/);
    expect(await h.text('/run sma-cross INFY capital=-5', trader)).toMatch(/capital: expected a share such as 0\.1 or 10%/);
    expect(await h.text('/run sma-cross', trader)).toMatch(/symbols is missing; usage: \/run <strategy> <symbols>/);
    expect(await h.text('/run sma-cross INFY sizing=pct:500', trader)).toMatch(/^✖ .*pct/);
    expect(await h.text('/run sma-cross INFY sizing=lots', trader)).toMatch(/^✖ /);
    expect(fx.manager.list()).toHaveLength(0);
  });

  good('instances', async () => {
    expect(await h.text('/instances', viewer)).toMatch(/^No strategy instances yet/);
    await h.text('/run sma-cross INFY', trader);
    expect(await h.text('/instances', viewer)).toMatch(/sma-cross-[0-9a-f]{8}\s+running\s+INFY\s+₹1,00,000\.00\s+₹0\.00/);
  });
  bad('instances', async () => expect(await h.text('/instances x')).toMatch(/one argument too many/));

  good('stop', async () => {
    await h.text('/run sma-cross INFY', trader);
    const id = fx.manager.list()[0]!.id;
    expect(await h.text(`/stop ${id}`, trader)).toBe(`Stopped ${id} (sma-cross on INFY).`);
    await h.text('/run sma-cross TCS', trader);
    await h.text('/run sma-cross RELIANCE', trader);
    const ask = await h.reply('/stop all', trader);
    expect(ask).toMatchObject({ kind: 'confirm', prompt: 'Stop all 2 running and paused instances? Their open positions stay as they are.' });
    expect(fx.manager.list().filter((i) => i.status === 'running')).toHaveLength(2);
    expect(await confirmed('/stop all', trader)).toMatch(/^Stopped 2: /);
    expect(fx.manager.list().every((i) => i.status === 'stopped')).toBe(true);
  });
  bad('stop', async () => {
    expect(await h.text('/stop nope-1', trader)).toBe('✖ No instance nope-1; list instances to see the ids.');
    expect(await h.text('/stop sma-cross', viewer)).toBe('✖ /stop needs the trader role and you are a viewer; ask an admin if you need it.');
  });

  good('pause', async () => {
    await h.text('/run sma-cross INFY', trader);
    const id = fx.manager.list()[0]!.id;
    expect(await h.text(`/pause ${id}`, trader)).toBe(`Paused ${id}.\n  [Resume] type /resume ${id}`);
    expect(fx.manager.list()[0]!.status).toBe('paused');
  });
  bad('pause', async () => expect(await h.text('/pause "bad id"', trader)).toMatch(/id: expected an id as listed/));

  good('resume', async () => {
    await h.text('/run sma-cross INFY', trader);
    const id = fx.manager.list()[0]!.id;
    await h.text(`/pause ${id}`, trader);
    expect(await h.text(`/resume ${id}`, trader)).toMatch(/^Resumed /);
    expect(fx.manager.list()[0]!.status).toBe('running');
  });
  bad('resume', async () => expect(await h.text('/resume', trader)).toMatch(/id is missing; usage: \/resume <id>/));

  // /backtest in the process: the real backtest service over the fixture's seeded daily bars.
  good('backtest', async () => {
    const r = await h.reply('/backtest sma-cross RELIANCE,TCS from=2023-06-01 fast=10', trader);
    expect(r.kind).toBe('progress');
    const updates: string[] = [];
    if (r.kind !== 'progress') return;
    const done = await r.run({ update: (t) => void updates.push(t) });
    // Progress edits come in whole tens of percent: at most 11.
    expect(updates.length).toBeLessThanOrEqual(11);
    expect(updates.at(-1)).toMatch(/^Backtesting sma-cross: 100%/);
    expect(await kinds(done)).toEqual(['table', 'image', 'buttons']);
    const text = await h.render(done);
    expect(text).toMatch(/^Backtest sma-cross on RELIANCE, TCS, 2023-06-\d\d → \d{4}-\d\d-\d\d \(day\) — synthetic data/m);
    expect(text).toMatch(/Final equity\s+−?₹[\d,]+\.\d\d/);
    expect(text).toMatch(/Return\s+-?\d+\.\d\d%/);
    expect(text).toContain('[Run in paper] type /run sma-cross RELIANCE,TCS fast=10');
  });
  bad('backtest', async () => {
    expect(await h.text('/backtest momentum TCS from=2020-02-30', trader)).toMatch(/from: expected a date as YYYY-MM-DD; usage: \/backtest/);
    expect(await h.text('/backtest momentum TCS 2021-01-01 2020-01-01', trader)).toMatch(/from: from must be before to/);
    expect(await h.text('/backtest momentum TCS interval=2m', trader)).toMatch(/interval: expected one of 1m, 3m/);
    expect(await h.text('/backtest nope TCS', trader)).toMatch(/\n✖ Unknown strategy "nope"; known: mean-reversion, momentum, multi-factor, sma-cross\.$/);
  });

  // /sweep queues on the real research service (support/realResearch.ts); test/commands/sweepQueue.test.ts follows it step by step.
  good('sweep', async () => {
    const research = await realResearch(jobsDb, { backtest: fx.services.backtest!, history, clock: fx.clock });
    await research.startWorker();
    const lines = (await new Harness({ ...fx.services, research: research.queue }, NOW).text('/sweep sma-cross RELIANCE fast=5,10 slow=50', trader)).split('\n');
    expect((await research.jobs('sweep')).map((j) => j.data)).toEqual([{ request: { strategy: 'sma-cross', symbols: ['RELIANCE'], grid: { fast: ['5', '10'], slow: ['50'] }, rankBy: 'sharpe', top: 5 }, to: trader.id }]);
    expect(lines[0]).toBe('… Sweep of sma-cross on RELIANCE (2 combinations) queued…');
    // What the progress showed meanwhile depends on when it looked; it ends with the outcome of the job, whose ranked table went to the requester.
    for (const line of lines.slice(1, -1)) expect(line).toMatch(/^… Sweep of sma-cross: (queued, waiting for a worker|running( \d+ %)?)…$/);
    const table = research.notify.sent;
    expect(table.map((n) => [n.to, n.title])).toEqual([[trader.id, 'Sweep sma-cross on RELIANCE: best 2 of 2 by sharpe']]);
    expect(lines.at(-1)).toBe(`Sweep of sma-cross done: 2 combinations, best ${table[0]!.fields![0]!.name.slice('1. '.length)} — the ranked table is sent to you as its own message.`);
  });
  bad('sweep', async () => {
    const research = await realResearch(jobsDb, { backtest: fx.services.backtest!, history, clock: fx.clock });
    const hs = new Harness({ ...fx.services, research: research.queue }, NOW);
    expect(await hs.text('/sweep sma-cross RELIANCE', trader)).toMatch(/grid: name at least one parameter/);
    expect(await hs.text('/sweep sma-cross RELIANCE fast=5,10 from=2021-13-01', trader)).toMatch(/from: expected a date as YYYY-MM-DD; usage: \/sweep/);
    expect(await research.jobs('sweep')).toHaveLength(0);
  });

  good('portfolio', async () => {
    const s = await h.text('/portfolio', viewer);
    expect(s).toMatch(/Available cash\s+₹10,00,000\.00/);
    expect(s).toMatch(/Positions\s+0/);
  });
  bad('portfolio', async () => expect(await h.text('/portfolio now')).toMatch(/one argument too many/));

  good('positions', async () => expect(await h.text('/positions', viewer)).toBe('No open positions.'));
  bad('positions', async () => expect(await h.text('/positions x=1')).toMatch(/x is not an argument of \/positions/));

  good('holdings', async () => expect(await h.text('/holdings', viewer)).toBe('No delivery holdings.'));
  bad('holdings', async () => expect(await h.text('/holdings 1')).toMatch(/one argument too many \("1"\)/));

  good('orders', async () => {
    const id = await fx.submit({ symbol: 'TCS', quantity: 4, price: 4000 });
    expect(await h.text('/orders', viewer)).toMatch(new RegExp(`${id}\\s+BUY 4 TCS @4,000\\.00\\s+PENDING_APPROVAL\\s+11:00`));
    expect(await h.text('/orders today', viewer)).toContain(id);
  });
  bad('orders', async () => expect(await h.text('/orders yesterday')).toMatch(/which: expected open or today; usage: \/orders \[open\|today\]/));

  good('order', async () => {
    const id = await fx.submit({ reason: 'breakout above 1490' });
    const s = await h.text(`/order ${id}`, viewer);
    expect(s).toMatch(/Order\s+BUY 10 INFY LIMIT CNC/);
    expect(s).toMatch(/Reason\s+breakout above 1490/);
    expect(s).toMatch(/Source\s+job test/);
  });
  bad('order', async () => expect(await h.text('/order x123')).toBe("✖ There is no order x123; /orders today lists today's order ids."));

  good('buy', async () => {
    await fx.tick({ INFY: 1500 });
    const s = await h.text('/buy INFY ₹15,000 limit=1500 stop=1450', trader);
    expect(s).toMatch(/^Order (\w+): BUY 10 INFY LIMIT @ 1,500\.00 CNC \(≈ ₹15,000\.00\), stop 1,450\.00 once filled sent to the broker; follow it with \/order \1\./);
    expect(s).toContain('Sizing: ₹15,000.00 at ₹1,500.00 (the limit) → 10 shares, asked by ravi');
    const id = /^Order (\w+):/.exec(s)![1]!;
    expect((await fx.oms.get(id as never))?.intent).toMatchObject({ side: 'BUY', quantity: 10, price: 1500, stop: 1450, source: { kind: 'user', userId: trader.id } });
  });
  bad('buy', async () => {
    await fx.tick({ INFY: 1500 });
    expect(await h.text('/buy INFY -3', trader)).toMatch(/size: expected whole shares such as 10, or rupees such as ₹50000/);
    expect(await h.text('/buy INFI 3', trader)).toBe('✖ INFI is not a symbol of this test market; did you mean INFY?');
    expect(await h.text('/buy INFY 3', viewer)).toMatch(/trader/);
    expect(await fx.services.approvals!.pending()).toEqual([]);
  });

  good('sell', async () => {
    await fx.tick({ TCS: 4000 });
    expect(await h.text('/sell TCS 2 product=MIS limit=4010', trader)).toMatch(/^Order \w+: SELL 2 TCS LIMIT @ 4,010\.00 MIS \(≈ ₹8,020\.00\) sent to the broker/);
  });
  bad('sell', async () => {
    expect(await h.text('/sell TCS 2 product=NRML', trader)).toMatch(/product: expected CNC \(delivery\) or MIS \(intraday\)/);
    await fx.tick({ TCS: 4000 });
    expect(await h.text('/sell TCS 2 stop=4100', trader)).toMatch(/a CNC sell closes shares you hold/);
  });

  good('exit', async () => {
    await fx.tick({ INFY: 1500 });
    const id = /^Order (\w+):/.exec(await h.text('/buy INFY 4', trader))![1]!;
    await fx.settle();
    await fx.tick({ INFY: 1501 });
    expect((await fx.oms.get(id as never))?.status).toBe('FILLED');
    const s = await h.text('/exit INFY', trader);
    expect(s).toMatch(/^Sent 1 exit order:\n\w+: SELL 4 INFY MARKET CNC for portfolio/);
  });
  bad('exit', async () => {
    expect(await h.text('/exit', trader)).toMatch(/target is missing; usage: \/exit <symbol\|instance\|all>/);
    expect(await h.text('/exit all', trader)).toBe('✖ There are no open positions; /positions lists what is held.');
  });

  good('cancel', async () => {
    await fx.tick({ INFY: 1500 });
    const id = /^Order (\w+):/.exec(await h.text('/buy INFY 4 limit=1490', trader))![1]!;
    expect(await h.text(`/cancel ${id}`, trader)).toBe(`Cancelling 1 order at the broker: ${id} (the broker's answer follows in /orders).`);
    await fx.settle();
    expect((await fx.oms.get(id as never))?.status).toBe('CANCELLED');
    // A pending order: its approval is rejected (nothing placed).
    const pending = await fx.submit({ quantity: 2 });
    expect(await h.text(`/cancel ${pending}`, trader)).toBe(`Rejected 1 approval, nothing placed: ${pending}.`);
    expect((await fx.oms.get(pending as never))?.status).toBe('CANCELLED');
  });
  bad('cancel', async () => {
    expect(await h.text('/cancel nosuch12', trader)).toBe('✖ There is no order nosuch12; /orders lists the open ones.');
    expect(await h.text('/cancel all', trader)).toBe('There was nothing to cancel: no order is working or waiting for approval.');
  });

  good('modify', async () => {
    await fx.tick({ INFY: 1500 });
    const id = /^Order (\w+):/.exec(await h.text('/buy INFY 4 limit=1490', trader))![1]!;
    await fx.settle();
    expect(await h.text(`/modify ${id} price=1495.5 qty=6`, trader)).toMatch(new RegExp(`^Order ${id} is now BUY 6 INFY LIMIT @ 1,495\\.50 CNC`));
    expect((await fx.oms.get(id as never))?.intent).toMatchObject({ quantity: 6, price: 1495.5 });
  });
  bad('modify', async () => {
    expect(await h.text('/modify ab12cd34', trader)).toMatch(/give price=… or qty=…/);
    expect(await h.text('/modify ab12cd34 price=1500', trader)).toBe('✖ There is no order ab12cd34; /orders lists the open ones.');
  });

  good('pnl', async () => {
    // A round trip on the paper broker: buy 10 INFY, sell 4 after a move; the week's figures recomputed from the
    // fills in the order journal (average price basis) and the last mark.
    await fx.tick({ INFY: 1500 });
    const buy = /^Order (\w+):/.exec(await h.text('/buy INFY 10', trader))![1]!;
    await fx.settle();
    await fx.tick({ INFY: 1500 });
    await fx.tick({ INFY: 1520 });
    const sell = /^Order (\w+):/.exec(await h.text('/sell INFY 4', trader))![1]!;
    await fx.settle();
    await fx.tick({ INFY: 1520 });
    await fx.tick({ INFY: 1530 });
    const fills = (await fx.orders.transitions({ fills: true })).filter((t) => t.fill);
    const fillOf = (id: string) => fills.find((t) => t.clientOrderId === id)!.fill!;
    expect([fillOf(buy).quantity, fillOf(sell).quantity]).toEqual([10, 4]);
    const realised = 4 * (fillOf(sell).price - fillOf(buy).price);
    const unrealised = 6 * (1530 - fillOf(buy).price);
    const charges = (fillOf(buy).charges ?? 0) + (fillOf(sell).charges ?? 0);
    expect(charges).toBeGreaterThan(0);
    const net = realised + unrealised - charges;
    const t = await h.text('/pnl week', viewer);
    expect(t).toMatch(/^P&L 2025-01-06 → 2025-01-08\n/);
    expect(t).toContain(`Realised ${rupees(roundPaise(realised))}, unrealised ${rupees(roundPaise(unrealised))}, charges ${rupees(roundPaise(charges))}: net ${rupees(roundPaise(net))}`);
    expect(t).toContain(`By instance: portfolio ${rupees(roundPaise(net))}`);
  });
  bad('pnl', async () => expect(await h.text('/pnl year')).toMatch(/period: expected day, week or month/));

  // Issue 18 part B: the history of a book without closed trades (the figures are checked in test/app/history.e2e.test.ts).
  const NONE = 'No closed trades yet: a trade closes when its position is back to zero.';
  good('trades', async () => expect(await h.text('/trades 5', viewer)).toBe(NONE));
  bad('trades', async () => expect(await h.text('/trades 51')).toMatch(/^✖ Wrong arguments for \/trades: n: expected at most 50; usage: \/trades \[n\]/));
  good('performance', async () => expect(await h.text('/performance', viewer)).toBe(NONE));
  bad('performance', async () => expect(await h.text('/performance INFY')).toMatch(/one argument too many \("INFY"\)/));
  good('stats', async () => expect(await h.text('/stats', viewer)).toBe(NONE));
  bad('stats', async () => expect(await h.text('/stats all')).toMatch(/one argument too many \("all"\)/));
  good('daily', async () => {
    const t = await h.text('/daily 3', viewer);
    expect(t).toMatch(/^P&L per day, IST \(trades by exit\)[\s\S]*2025-01-08[\s\S]*2025-01-07[\s\S]*2025-01-06[\s\S]*No trade closed in these periods\.$/);
    expect(t).not.toContain('2025-01-05');
  });
  bad('daily', async () => expect(await h.text('/daily -1')).toMatch(/n: expected at least 1/));
  good('weekly', async () => expect(await h.text('/weekly 2', viewer)).toMatch(/^P&L per week \(from Monday\)[\s\S]*2025-01-06[\s\S]*2024-12-30/));
  bad('weekly', async () => expect(await h.text('/weekly 1.5')).toMatch(/n: expected a whole number/));
  good('monthly', async () => expect(await h.text('/monthly', viewer)).toMatch(/^P&L per month[\s\S]*2025-01[\s\S]*2024-08\s/));
  bad('monthly', async () => expect(await h.text('/monthly 25')).toMatch(/n: expected at most 24/));

  good('risk', async () => {
    // Hold 10 INFY, bought through /buy and filled by the paper broker; the report is on that book.
    await fx.tick({ INFY: 1500 });
    await h.text('/buy INFY 10', trader);
    await fx.settle();
    await fx.tick({ INFY: 1501 });
    const held = unwrap(await fx.broker.positions()).find((p) => p.symbol === 'INFY')!;
    const margins = unwrap(await fx.broker.margins());
    const value = held.quantity * held.lastPrice;
    const equity = margins.available + margins.used + value;
    expect(value).toBe(15_010);
    // Historical VaR/CVaR 95% 1-day recomputed here: the position's P&L over the last 250 daily returns of the
    // seeded closes the report reads (the ⌈250 × 1.6 + 15⌉ = 415 days before NOW); VaR is the 13th worst loss
    // (⌈250 × 5%⌉), CVaR the mean of the 13 worst.
    const bars = dailyBars('INFY', NOW - 415 * 86_400_000, NOW);
    const closes = Array.from(bars.close.subarray(bars.length - 251, bars.length));
    const pnl = closes.slice(1).map((c, i) => value * (c / closes[i]! - 1)).sort((a, b) => a - b);
    const var95 = -pnl[12]!;
    const es95 = -pnl.slice(0, 13).reduce((a, b) => a + b, 0) / 13;
    const re = (x: string) => x.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const s = await h.text('/risk', viewer);
    expect(s).toContain(`Risk on ${rupees(equity)} equity: gross ${rupees(value)}, net ${rupees(value)}, beta `);
    expect(s).toMatch(new RegExp(`historical\\s+95%\\s+1\\s+${re(rupees(roundPaise(var95)))}\\s+${re(rupees(roundPaise(es95)))}`));
    expect(s).toMatch(new RegExp(`largest position\\s+${re((Math.round((value / equity) * 10_000) / 100).toFixed(2))}%\\s+`));
  });
  bad('risk', async () => expect(await h.text('/risk full')).toMatch(/one argument too many/));

  good('pending', async () => {
    const id = await fx.submit({ quantity: 10, price: 1500, stop: 1470 });
    const id2 = await fx.submit({ quantity: 4, price: 1510 });
    // One message for every approval (not one per approval), each with its numbered buttons.
    const r = await h.reply('/pending', viewer);
    expect(r.kind).toBe('buttons');
    const s = await h.text('/pending', viewer);
    expect(s).toMatch(/^2 approvals are waiting:\n1\. BUY 10 INFY LIMIT @ 1,500\.00 \(≈ ₹15,000\.00\)\n {3}job test: test order; stop 1,470\.00\n {3}id \S+, asked 2025-01-08 11:00 IST\n2\. BUY 4 INFY LIMIT @ 1,510\.00/);
    expect(s).toContain(`[✅ 1] type /approve ${id}`);
    expect(s).toContain(`[½× 1] type /approve ${id} scale=0.5`);
    expect(s).toContain(`[❌ 2] type /reject ${id2}`);
    expect(s).toContain(`[2× 2] type /approve ${id2} scale=2`);
  });
  bad('pending', async () => expect(await h.text('/pending all')).toMatch(/one argument too many/));

  good('approve', async () => {
    const id = await fx.submit({ quantity: 10 });
    expect(await h.text(`/approve ${id}`, trader)).toBe(`Order ${id} approved by ravi.`);
    await fx.settle();
    expect((await fx.oms.get(id as never))?.status).toBe('OPEN');
    const half = await fx.submit({ quantity: 9 });
    expect(await h.text(`/approve ${half} scale=half`, trader)).toBe(`Order ${half} approved by ravi: quantity 9 → 4`);
    expect((await fx.oms.get(half as never))?.intent.quantity).toBe(4);
    // Batch approval above ₹1,00,000 asks first.
    await fx.submit({ quantity: 50 });
    await fx.submit({ quantity: 30 });
    const ask = await h.reply('/approve all', trader);
    expect(ask).toMatchObject({ kind: 'confirm', prompt: 'Approve all 2 pending orders worth ₹1,20,000.00?' });
    expect((await fx.services.approvals!.pending()).length).toBe(2);
    expect(await confirmed('/approve all', trader)).toMatch(/: approved\n.*: approved$/);
    expect((await fx.services.approvals!.pending()).length).toBe(0);
  });
  bad('approve', async () => {
    const id = await fx.submit({});
    expect(await h.text(`/approve ${id}`, viewer)).toBe('✖ /approve needs the trader role and you are a viewer; ask an admin if you need it.');
    expect(await h.text(`/approve ${id} scale=3`, trader)).toMatch(/scale: expected 0\.5 or 2/);
    expect(await h.text(`/approve ${id}`, trader)).toMatch(/approved/);
    expect(await h.text(`/approve ${id}`, trader)).toMatch(/^✖ Order .* is (APPROVED|SUBMITTED|OPEN), not waiting for approval; nothing was placed\.$/);
  });

  good('reject', async () => {
    const id = await fx.submit({});
    expect(await h.text(`/reject ${id}`, trader)).toBe(`Order ${id} rejected by ravi; nothing was placed.`);
    expect((await fx.oms.get(id as never))?.status).toBe('CANCELLED');
  });
  bad('reject', async () => {
    const id = await fx.submit({});
    await h.text(`/reject ${id}`, trader);
    expect(await h.text(`/reject ${id}`, trader)).toBe(`✖ Order ${id} is CANCELLED, not waiting for approval; nothing was changed.`);
  });

  good('optimize', async () => {
    const s = await h.text('/optimize risk-parity INFY,TCS,RELIANCE', viewer);
    expect(s).toMatch(/Target weights \(risk-parity, 250 days of returns\)/);
    const weights = [...s.matchAll(/^(INFY|TCS|RELIANCE|cash)\s+([\d.]+)%$/gm)].map((m) => Number(m[2]));
    expect(weights).toHaveLength(4);
    expect(weights.reduce((a, b) => a + b, 0)).toBeCloseTo(100, 0);
    expect(await h.text('/optimise equal-weight INFY,TCS', viewer)).toMatch(/INFY\s+50\.0%\nTCS\s+50\.0%/);
  });
  bad('optimize', async () => {
    expect(await h.text('/optimize magic INFY')).toMatch(/method: expected one of equal-weight, inverse-volatility/);
    expect(await h.text('/optimize risk-parity')).toMatch(/^✖ There is nothing to optimise yet; name the symbols/);
    expect(await h.text('/optimize risk-parity INFY,NOPE')).toMatch(/^✖ NOPE is not a symbol of this test market/);
  });

  // Equal weight over the fixture's universe from ₹10,00,000 cash (2% kept as a buffer): each target is 25%.
  const PRICES = { INFY: 1500, TCS: 4000, RELIANCE: 1250.5, HDFCBANK: 1650.25 };
  good('rebalance', async () => {
    await fx.tick(PRICES);
    const s = await h.text('/rebalance equal-weight', trader);
    expect(s).toMatch(/^Rebalance to equal-weight\n#\s+trade\s+price\s+value\s+charges\s+weight\/target\n/);
    const rows = [...s.matchAll(/^(\d)\s+BUY (\d+) (\w+)\s+([\d,.]+)\s+(₹[\d,.]+)\s+(₹[\d,.]+)\s+[\d.]+%\/25\.0%$/gm)];
    expect(rows.map((r) => r[3]).sort()).toEqual(Object.keys(PRICES).sort());
    // Each buy at most ⌊25% × equity / price⌋ shares; everything bought plus its charges fits 98% of the cash.
    let spent = 0;
    for (const [, , qty, symbol, , value, charges] of rows) {
      const px = PRICES[symbol as keyof typeof PRICES];
      const q = Number(qty);
      const c = costs.charges({ side: 'BUY', quantity: q, price: px, product: 'CNC', exchange: 'NSE', time: fx.clock.now(), symbol: symbol! }).total;
      expect(q).toBeGreaterThan(0);
      expect(q).toBeLessThanOrEqual(Math.floor((0.25 * 1_000_000) / px));
      expect(value).toBe(rupees(roundPaise(q * px)));
      expect(charges).toBe(rupees(c));
      spent += q * px + c;
    }
    expect(spent).toBeLessThanOrEqual(0.98 * 1_000_000 + 1e-6);
    expect(s).toMatch(/Send these 4 orders\?\n {2}\[Send 4 orders\] type \/rebalance_submit \S+$/);
  });
  bad('rebalance', async () => {
    expect(await h.text('/rebalance best', trader)).toMatch(/method: expected one of/);
    expect(await h.text('/rebalance equal-weight', viewer)).toMatch(/needs the trader role/);
  });

  good('rebalance_submit', async () => {
    await fx.tick(PRICES);
    const preview = await h.text('/rebalance equal-weight', trader);
    const id = /type \/rebalance_submit (\S+)$/.exec(preview)![1]!;
    const planned = Object.fromEntries([...preview.matchAll(/^\d\s+BUY (\d+) (\w+)/gm)].map((m) => [m[2]!, Number(m[1])]));
    expect(await h.text(`/rebalance_submit ${id}`, trader)).toBe(`Sent 4 orders; follow them with /orders. Approval ${id}: 4 orders released to the broker.`);
    await fx.tick(PRICES);
    await fx.tick(PRICES);
    const held = unwrap(await fx.broker.positions());
    expect(Object.fromEntries(held.map((p) => [p.symbol, p.quantity]))).toEqual(planned);
    expect(await h.text(`/rebalance_submit ${id}`, trader)).toMatch(/^✖ /);
  });
  bad('rebalance_submit', async () => {
    expect(await h.text('/rebalance_submit rb-9', trader)).toBe('✖ There is no rebalance rb-9; send /rebalance for a new preview.');
    expect(unwrap(await fx.broker.positions())).toEqual([]);
  });

  good('chart', async () => {
    const r = await h.reply('/chart infy day 60', viewer);
    expect(r.kind).toBe('image');
    if (r.kind !== 'image') return;
    expect([...r.png.subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
    expect(r.caption).toMatch(/^INFY day, last 60 days: 60 bars, last close \d+\.\d\d \(synthetic data\)$/);
    expect(await h.render(r)).toMatch(/saved to .*chart-INFY-day-60d\.png$/);
  });
  bad('chart', async () => {
    expect(await h.text('/chart INFY day 0')).toMatch(/days: expected at least 1/);
    expect(await h.text('/chart INFY 15m 5')).toBe('✖ Only daily bars are loaded in this test; ask for day bars.');
  });

  good('alerts', async () => {
    expect(await h.text('/alerts', viewer)).toBe('No alerts. Nothing is muted.');
    // An alert the engine raises on its bus (as the broker execution does on retries) is kept by the alert center.
    fx.stack.events.emit({ type: 'alert', level: 'warning', message: 'Kite answered 429 three times; retrying INFY in 2 s.', time: fx.clock.now() - 60_000 });
    await fx.alerts.idle();
    expect(await h.text('/alerts', viewer)).toMatch(/! system\s+Kite answered 429 three times; retrying INFY in 2 s\.[\s\S]*Nothing is muted\./);
  });
  bad('alerts', async () => expect(await h.text('/alerts all')).toMatch(/one argument too many/));

  good('alerts_in', async () => {
    expect(await h.text('/alerts_in', viewer)).toBe('No alerts yet. Alerts go to POST /hooks/alerts/<source>.');
    const sent = await alertsIn.receive({ source: 'tv', body: JSON.stringify({ secret: ALERT_SECRET, symbol: 'NSE:INFY', action: 'buy', qty: 2, strategy: 'ema-cross', id: 'a1' }) });
    const id = sent.kind === 'accepted' ? sent.alert.orders[0]!.orderId! : '';
    await alertsIn.receive({ source: 'tv', body: JSON.stringify({ secret: ALERT_SECRET, symbol: 'NSE:INFY', action: 'buy', qty: 2, strategy: 'ema-cross', id: 'a1' }) });
    await alertsIn.receive({ source: 'tv', secret: ALERT_SECRET, body: 'EXIT INFY' });
    await alertsIn.receive({ source: 'tv', secret: ALERT_SECRET, body: 'HOLD INFY' });
    const text = await h.text('/alerts_in tv', viewer);
    expect(text).toMatch(/^Incoming alerts from tv \(latest 4, IST\)\n/);
    expect(text).toMatch(/11:00 tv \w{8} — not understood \(400\): The alert is not understood: it starts with "HOLD", not BUY, SELL or EXIT/);
    expect(text).toMatch(/11:00 tv \w{8} — EXIT INFY\n {2}→ refused — Nothing to exit: the portfolio holds no INFY \(CNC\)\./);
    expect(text).toMatch(/11:00 tv \w{8} — TradingView \(ema-cross\): BUY INFY 2\n {2}→ a repeat of \w{8}: nothing placed/);
    expect(text).toContain(`— TradingView (ema-cross): BUY INFY 2\n  → order ${id} BUY 2 INFY PENDING_APPROVAL`);
    await h.text(`/reject ${id}`, trader);
    expect(await h.text('/alerts_in', viewer)).toMatch(new RegExp(`→ order ${id} BUY 2 INFY CANCELLED — Rejected by ravi`));
  });
  bad('alerts_in', async () => {
    expect(await h.text('/alerts_in nosuch', viewer)).toBe('✖ There is no alert source "nosuch"; the sources are tv.');
    expect(await h.text('/alerts_in ../x', viewer)).toMatch(/source: expected an alert source name such as tv/);
    const off = new Harness({ ...fx.services }, NOW);
    expect(await off.text('/alerts_in', viewer)).toBe('✖ Incoming alerts are off; set ALERT_SOURCES (see the README) and restart the bot.');
  });

  good('mute', async () => {
    expect(await h.text('/mute var-near 2h', trader)).toBe('Muted var-near alerts for 2h (until 2025-01-08 13:00 IST).');
    expect(await h.text('/alerts', trader)).toContain('Muted: var-near until 13:00.');
    expect(await fx.alerts.mutes()).toEqual([{ kind: 'var-near', until: NOW + 2 * 3_600_000 }]);
  });
  bad('mute', async () => {
    expect(await h.text('/mute var-near 9d', trader)).toMatch(/duration: expected a duration such as 30m, 2h or 1d \(at most 7d\)/);
    expect(await h.text('/mute nope 1h', trader)).toBe('✖ There is no alert kind "nope"; use one of limit-breach, limit-near, drawdown, var-breach, var-near, intraday-loss, intraday-loss-near, stale-data, broker-disconnected, all.');
    expect(await fx.alerts.mutes()).toEqual([]);
  });

  good('halt', async () => {
    expect(await h.reply('/halt')).toMatchObject({ kind: 'confirm' });
    expect(fx.stack.risk.state).toBe('ACTIVE');
    expect(await confirmed('/halt')).toBe('Trading is now HALTED (was ACTIVE), set by asha.');
    expect(fx.stack.risk.state).toBe('HALTED');
  });
  bad('halt', async () => {
    expect(await h.text('/halt', trader)).toBe('✖ /halt needs the admin role and you are a trader; ask an admin if you need it.');
    expect(fx.stack.risk.state).toBe('ACTIVE');
  });

  good('reduce', async () => {
    expect(await confirmed('/reduce')).toBe('Trading is now REDUCING (was ACTIVE), set by asha.');
    expect(fx.stack.risk.state).toBe('REDUCING');
  });
  bad('reduce', async () => expect(await h.text('/reduce now')).toMatch(/one argument too many/));

  good('resolve', async () => {
    // an order whose placement got no answer, as a restart brings it back from the store (UNKNOWN)
    const intent = omsIntent({ clientOrderId: fx.stack.pipeline.nextId(), source: { kind: 'user', userId: userId('1') }, reason: 'no answer', time: fx.clock.now() });
    const order: Order = { ...newOrder(intent, 'UNKNOWN'), updatedAt: fx.clock.now() };
    fx.stack.pipeline.restore(order);
    const id = intent.clientOrderId;
    expect(await h.text(`/resolve ${id} check`, admin)).toBe(`Order ${id} (BUY ${intent.quantity} ${intent.symbol}) is still UNKNOWN: the broker's order book does not show it. Check again later, or /resolve ${id} giveup.`);
    expect(await confirmed(`/resolve ${id} giveup`)).toBe(`Order ${id} (BUY ${intent.quantity} ${intent.symbol}) given up: the broker does not show it, so it is CANCELLED and new ${intent.symbol} orders are accepted again.`);
  });
  bad('resolve', async () => {
    expect(await h.text('/resolve ab3de5fg maybe', admin)).toMatch(/say check \(look it up at the broker again\) or giveup/);
    expect(await h.text('/resolve ab3de5fg check', trader)).toMatch(/needs the admin role/);
  });

  good('resume_trading', async () => {
    await confirmed('/halt');
    expect(await confirmed('/resume_trading')).toBe('Trading is now ACTIVE (was HALTED), set by asha.');
    expect(await confirmed('/resume_trading')).toBe('Trading was already ACTIVE; nothing changed.');
  });
  bad('resume_trading', async () => expect(await h.text('/resume_trading', viewer)).toMatch(/needs the admin role and you are a viewer/));

  const LINK = /\[Log in to Kite\] open (https:\/\/kite\.zerodha\.com\/connect\/login\?api_key=\w+&v=3&redirect_params=state%3D[0-9a-f]{32})$/;
  /** /login, then Kite's redirect after the user logged in on the link. */
  async function logIn(): Promise<void> {
    const link = LINK.exec(await h.text('/login'))![1]!;
    unwrap(await kite.complete(link));
  }
  good('login', async () => {
    const t = await h.text('/login');
    expect(t).toMatch(LINK);
    expect(t).toContain(`api_key=${fake.apiKey}&v=3`);
    expect(fx.services.session!.status()).toEqual({ configured: true, loggedIn: false });
    expect((await kite.complete(LINK.exec(t)![1]!)).ok).toBe(true);
    expect(fx.services.session!.status()).toMatchObject({ configured: true, loggedIn: true, expiresAt: Date.parse('2025-01-09T00:30:00Z') });
  });
  bad('login', async () => {
    expect(await h.text('/login', trader)).toMatch(/\/login needs the admin role/);
    // A link /login did not give is refused at the redirect.
    expect(await kite.complete(`https://kite.zerodha.com/connect/login?api_key=${fake.apiKey}&v=3&redirect_params=state%3D${'f'.repeat(32)}`)).toMatchObject({ ok: false, error: expect.stringContaining('not started from /login') });
    expect(fx.services.session!.status().loggedIn).toBe(false);
  });

  good('logout', async () => {
    await logIn();
    const deletes = fake.requests.count({ method: 'DELETE', path: '/session/token' });
    expect(await h.text('/logout')).toBe('Logged out of Kite; send /login to start a new session.');
    expect(fx.services.session!.status()).toEqual({ configured: true, loggedIn: false });
    expect(fake.requests.count({ method: 'DELETE', path: '/session/token' })).toBe(deletes + 1);
  });
  bad('logout', async () => {
    expect(await h.text('/logout')).toBe('✖ There is no Kite session to end; send /login to start one.');
    await logIn();
    expect(await h.text('/logout', trader)).toMatch(/\/logout needs the admin role/);
    expect(fx.services.session!.status().loggedIn).toBe(true);
  });

  good('mode', async () => {
    expect(await h.text('/mode')).toBe('The bot runs in paper mode; switch with /mode paper or /mode live.');
    const ask = await h.reply('/mode live');
    expect(ask).toMatchObject({ kind: 'confirm', prompt: 'Switch to LIVE trading? Real orders will go to Zerodha with real money.' });
    expect(await confirmed('/mode LIVE')).toBe('✖ Live mode needs a valid Kite session; send /login, complete the login, then try /mode live again.');
    expect(unwrap(await storedRunMode(fx.settingsRepo))).toBeUndefined();
    await logIn();
    expect(await confirmed('/mode LIVE')).toBe('Mode: live. Saved: the bot switches to live mode at the next restart (it keeps running in paper mode until then).');
    expect(unwrap(await storedRunMode(fx.settingsRepo))).toBe('live');
    expect(await h.text('/mode paper')).toBe('Mode: paper. The bot already runs in paper mode and will start in it next time too.');
    expect(unwrap(await storedRunMode(fx.settingsRepo))).toBe('paper');
  });
  bad('mode', async () => {
    expect(await h.text('/mode turbo')).toMatch(/mode: expected paper or live; usage: \/mode \[paper\|live\]/);
    expect(await h.text('/mode paper', trader)).toMatch(/needs the admin role/);
    expect(unwrap(await storedRunMode(fx.settingsRepo))).toBeUndefined();
  });

  good('settings', async () => {
    const all = await h.text('/settings');
    expect(all).toMatch(/approval\.paper = always\n/);
    expect(all).toMatch(/max_order_value = 100000\n/);
    expect(await h.text('/settings max_order_value=50000')).toMatch(/^Changed max_order_value=50000[\s\S]*max_order_value = 50000\n/);
    expect(unwrap(await fx.settingsRepo.all())).toEqual({ 'limit.max_order_value': 50_000 });
  });
  bad('settings', async () => {
    expect(await h.text('/settings max_order_value=lots')).toBe('✖ max_order_value must be rupees above 0 and at most 1000000000, not "lots"; send it again with a value in range.');
    expect(await h.text('/settings max_order_value=1,2')).toMatch(/takes one value, not a list/);
    expect(await h.text('/settings', trader)).toMatch(/needs the admin role/);
    expect(unwrap(await fx.settingsRepo.all())).toEqual({});
  });

  // Issue 18 part B: operator basics (through Telegram with the app's registry and logger: test/app/operator.e2e.test.ts).
  good('version', async () => expect(await h.text('/version', viewer)).toBe('AutoPPM 9.8.7\nNode.js v24.0.0\nMode: paper\nCommit: unknown (set AUTOPPM_COMMIT when building)\nRunning since 2025-01-08 11:00 IST'));
  bad('version', async () => expect(await h.text('/version x')).toMatch(/one argument too many \("x"\)/));
  good('health', async () => {
    expect(await h.text('/health', viewer)).toBe('Health: ok (1 check up)\n✅ mongo');
    health.register('ticker', async () => ({ status: 'down', detail: 'last tick 90 s ago' }));
    expect(await h.text('/health', viewer)).toBe('Health: DOWN (1 of 2 checks down)\n✅ mongo\n❌ ticker: last tick 90 s ago');
  });
  bad('health', async () => expect(await h.text('/health all')).toMatch(/one argument too many/));
  good('logs', async () => {
    expect(await h.text('/logs')).toBe('No warnings or errors since the start.');
    for (let k = 1; k <= 7; k++) ring.push(JSON.stringify({ level: k % 2 === 0 ? 50 : 40, time: NOW + k * 60_000, pid: 1, msg: `problem ${k}`, ...(k === 7 ? { symbol: 'INFY' } : {}) }));
    ring.push(JSON.stringify({ level: 30, time: NOW, msg: 'info' }));
    ring.push('not json');
    // A ring of 5 keeps the newest 5; /logs 2 shows the newest 2.
    expect(await h.text('/logs 2')).toBe('The last 2 warnings and errors, newest first (IST; secrets removed)\n2025-01-08 11:07 WARN problem 7\n  {"symbol":"INFY"}\n2025-01-08 11:06 ERROR problem 6');
    expect((await h.text('/logs 50')).split('\n').filter((l) => / (WARN|ERROR) /.test(l))).toHaveLength(5);
  });
  bad('logs', async () => {
    expect(await h.text('/logs', viewer)).toMatch(/needs the admin role/);
    expect(await h.text('/logs many')).toMatch(/n: expected a number/);
  });

  it('covers every registered command with a good and a bad input', () => {
    const names = createCommandRegistry().all().map((c) => c.name);
    for (const n of names) {
      expect(covered).toContain(`${n}:good`);
      expect(covered).toContain(`${n}:bad`);
    }
  });
});
