/**
 * The alert service (issue 19) over the real paper order stack (pipeline, risk engine, approvals, simulated broker):
 * secrets (path/header or body, constant time, unknown source alike), the per-source rate with a throttled admin
 * notice, a bad payload stored and told to the admins, repeats within the window placing nothing (by id, or by
 * content without one; after the window, again), sizing (qty, amount, pct, the source default, an exit of what is
 * held), allowed symbols, the source's approval policy (always / policy / below:N) and a ChartInk batch card.
 */
import { SimulatedClock } from '../../../src/core/clock';
import type { DomainEvent } from '../../../src/core/events';
import { approvalId, userId, type ClientOrderId } from '../../../src/core/ids';
import { err, ok, unwrap } from '../../../src/core/result';
import type { AlertSourceConfig } from '../../../src/config/types';
import type { AlertReceipt } from '../../../src/services/api/alertsIn';
import { MemoryAlertInbox } from '../../../src/core/ports/alertInbox';
import { alertsInService, secretMatches } from '../../../src/services/engine/alertsIn/alertsInService';
import { paperBroker, pipelineOn } from '../../support/brokers/pipelineStack';
import { createHash } from 'node:crypto';

const T0 = Date.parse('2025-01-08T05:30:00Z');
const SECRET = 'tv-secret-0123456789';
const SYMBOLS = ['INFY', 'RELIANCE', 'TCS'];
const PRICES: Record<string, number> = { INFY: 1500, RELIANCE: 2500, TCS: 3500 };
const trader = { userId: userId('t1'), roles: ['trader'] };

async function setup(over: Partial<AlertSourceConfig> = {}, o: { perMinute?: number; windowMs?: number; policy?: boolean } = {}) {
  const clock = new SimulatedClock(T0);
  const broker = await paperBroker(clock, SYMBOLS);
  const prices = new Map(Object.entries(PRICES));
  const stack = pipelineOn(broker, clock, { prices, portfolioCash: () => broker.cash, rules: (s) => (SYMBOLS.includes(s) ? { tickSize: 0.05, lotSize: 1 } : undefined), ...(o.policy !== undefined ? { policy: () => o.policy! } : {}) });
  for (const [s, p] of prices) broker.handleTick(s, p, clock.now());
  const events: DomainEvent[] = [];
  stack.events.onAny((e) => events.push(e));
  const inbox = new MemoryAlertInbox();
  const source: AlertSourceConfig = { name: 'tv', secret: SECRET, product: 'CNC', sizing: { kind: 'qty', quantity: 2 }, approval: { kind: 'always' }, symbols: [], action: 'buy', ...over };
  const svc = alertsInService({
    sources: [source, { ...source, name: 'other', secret: 'other-secret-0123456', approval: { kind: 'policy' } }],
    perMinute: o.perMinute ?? 30,
    duplicateWindowMs: o.windowMs ?? 600_000,
    inbox,
    orders: stack.pipeline,
    order: async (id) => stack.pipeline.get(id) ?? (await stack.repo.get(id)),
    market: {
      price: async (s) => (prices.has(s) ? ok(prices.get(s)!) : err(`There is no recent price for ${s}; wait for market data and try again.`)),
      equity: () => 1_000_000,
      position: (s, product) => {
        const a = stack.book.portfolio;
        const j = a.find(s, product);
        return j < 0 ? 0 : a.position[j]!;
      },
      lotSize: () => 1,
      tickSize: () => 0.05,
    },
    clock,
    emit: (e) => stack.events.emit(e),
    noticeEveryMs: 300_000,
  });
  const send = (body: unknown, secret?: string, source = 'tv'): Promise<AlertReceipt> =>
    svc.receive({ source, body: typeof body === 'string' ? body : JSON.stringify(body), ...(secret !== undefined ? { secret } : {}) });
  const notices = (): string[] => events.flatMap((e) => (e.type === 'alert' ? [e.message] : []));
  const fill = async (): Promise<void> => {
    await stack.idle();
    clock.advance(1000);
    for (const [s, p] of prices) broker.handleTick(s, p, clock.now());
    await stack.idle();
  };
  return { clock, stack, svc, inbox, send, notices, fill, broker, prices };
}

const tv = (over: Record<string, unknown> = {}) => ({ secret: SECRET, symbol: 'NSE:INFY', action: 'buy', ...over });
const accepted = (r: AlertReceipt) => {
  if (r.kind !== 'accepted') throw new Error(`expected accepted, got ${JSON.stringify(r)}`);
  return r.alert;
};

describe('secrets', () => {
  it('the body secret, the path/header secret; an unknown source and a wrong secret look alike and store nothing', async () => {
    const x = await setup();
    expect((await x.send(tv())).kind).toBe('accepted');
    expect((await x.send('BUY TCS 1', SECRET)).kind).toBe('accepted');
    expect(await x.send(tv({ secret: 'wrong-secret-0123456' }))).toEqual({ kind: 'unauthorized' });
    expect(await x.send('BUY TCS 1', 'wrong-secret-0123456')).toEqual({ kind: 'unauthorized' });
    expect(await x.send('BUY TCS 1')).toEqual({ kind: 'unauthorized' });
    // a right secret in the body does not rescue a wrong one given in the path
    expect(await x.send(tv(), 'wrong-secret-0123456')).toEqual({ kind: 'unauthorized' });
    expect(await x.send(tv(), SECRET, 'nosuch')).toEqual({ kind: 'unauthorized' });
    // another source's secret is not this source's
    expect(await x.send(tv({ secret: 'other-secret-0123456' }))).toEqual({ kind: 'unauthorized' });
    expect((await x.svc.recent()).map((a) => a.status)).toEqual(['accepted', 'accepted']);
  });

  it('secretMatches is exact', () => {
    const d = createHash('sha256').update(SECRET).digest();
    expect(secretMatches(SECRET, d)).toBe(true);
    expect(secretMatches(`${SECRET}x`, d)).toBe(false);
    expect(secretMatches(SECRET.slice(0, -1), d)).toBe(false);
    expect(secretMatches(undefined, d)).toBe(false);
  });
});

describe('rate and notices', () => {
  it('beyond N a minute: 429 with the wait, one admin notice per source in five minutes counting the rest; the next minute is open again', async () => {
    const x = await setup({}, { perMinute: 3 });
    for (let i = 0; i < 3; i++) expect((await x.send(tv({ id: `r${i}` }))).kind).toBe('accepted');
    x.clock.advance(10_000);
    const r = await x.send(tv({ id: 'r3' }));
    expect(r).toEqual({ kind: 'rate-limited', retryAfterSeconds: 50, message: 'Alert source tv sent more than 3 alerts in a minute; the rest are refused (429) until the minute has passed.' });
    expect((await x.send(tv({ id: 'r4' }))).kind).toBe('rate-limited');
    // the other source has its own budget
    expect((await x.send(tv({ secret: 'other-secret-0123456', id: 'o1' }), undefined, 'other')).kind).toBe('accepted');
    expect(x.notices().filter((m) => m.startsWith('Alert source tv'))).toHaveLength(1);
    x.clock.advance(50_000);
    expect((await x.send(tv({ id: 'r5' }))).kind).toBe('accepted');
    x.clock.advance(5_000);
    for (let i = 0; i < 3; i++) await x.send(tv({ id: `s${i}` }));
    x.clock.advance(300_000 - 55_000);
    await x.send(tv({ id: 's3' }));
    for (let i = 0; i < 4; i++) await x.send(tv({ id: `u${i}` }));
    const told = x.notices().filter((m) => m.startsWith('Alert source tv'));
    expect(told).toHaveLength(2);
    expect(told[1]).toMatch(/\(\d+ more like it since the last notice\)$/);
    // a rate-limited alert is not stored
    expect((await x.svc.recent({ limit: 100 })).map((a) => a.message).join('\n')).not.toMatch(/r3|r4/);
  });

  it('a bad payload: invalid with the reason, stored for /alerts_in, the admins told (once in five minutes), never an order', async () => {
    const x = await setup();
    const r = await x.send(tv({ price: '{{close}}' }));
    expect(r).toEqual({ kind: 'invalid', reason: 'The alert is not understood: price: expected a number, got "{{close}}".' });
    await x.send(tv({ action: 'hold' }));
    expect(x.notices()).toEqual(['An alert from tv was refused (400): The alert is not understood: price: expected a number, got "{{close}}".']);
    const [latest, first] = await x.svc.recent();
    expect(first).toMatchObject({ status: 'invalid', source: 'tv', message: 'The alert is not understood: price: expected a number, got "{{close}}".', orders: [] });
    expect(latest!.status).toBe('invalid');
    expect(x.stack.pipeline.openOrders()).toEqual([]);
  });
});

describe('repeats', () => {
  it('the same id within the window places nothing; the answer names the first alert; after the window it is a new alert', async () => {
    const x = await setup({}, { windowMs: 60_000 });
    const first = accepted(await x.send(tv({ id: '2025-01-08T05:30:00Z', qty: 3 })));
    x.clock.advance(30_000);
    const again = await x.send(tv({ id: '2025-01-08T05:30:00Z', qty: 3 }));
    expect(again.kind === 'duplicate' && again.alert).toMatchObject({ status: 'duplicate', repeatOf: first.id, orders: [] });
    expect(x.stack.pipeline.openOrders()).toHaveLength(1);
    x.clock.advance(31_000);
    expect((await x.send(tv({ id: '2025-01-08T05:30:00Z', qty: 3 }))).kind).toBe('accepted');
    expect(x.stack.pipeline.openOrders()).toHaveLength(2);
  });

  it('without an id: the same content is a repeat, different content is not; a repeat of another source is not', async () => {
    const x = await setup();
    expect((await x.send('BUY TCS 1', SECRET)).kind).toBe('accepted');
    expect((await x.send('BUY  tcs 1', SECRET)).kind).toBe('accepted'); // text lines differ as text
    expect((await x.send('BUY TCS 1', SECRET)).kind).toBe('duplicate');
    expect((await x.send(tv({ qty: 1 }))).kind).toBe('accepted');
    expect((await x.send(tv({ qty: 1 }))).kind).toBe('duplicate');
    expect((await x.send(tv({ qty: 2 }))).kind).toBe('accepted');
    expect((await x.send(tv({ qty: 1, secret: 'other-secret-0123456' }), undefined, 'other')).kind).toBe('accepted');
  });

  it('two copies at once (TradingView retrying while the first is handled) place one order', async () => {
    const x = await setup();
    const [a, b] = await Promise.all([x.send(tv({ id: 'same' })), x.send(tv({ id: 'same' }))]);
    expect([a.kind, b.kind].sort()).toEqual(['accepted', 'duplicate']);
    expect(x.stack.pipeline.openOrders()).toHaveLength(1);
  });
});

describe('sizing', () => {
  it('qty, amount (rupees at the alert price), pct of equity, the source default; the sizing is what the card says', async () => {
    const x = await setup({ approval: { kind: 'policy' } });
    const q = (r: AlertReceipt) => accepted(r).orders.map((o) => [o.side, o.quantity, o.symbol]);
    expect(q(await x.send(tv({ qty: 7 })))).toEqual([['BUY', 7, 'INFY']]);
    expect(q(await x.send(tv({ amount: 10_000, price: '2480.05', symbol: 'RELIANCE' })))).toEqual([['BUY', 4, 'RELIANCE']]);
    expect(q(await x.send(tv({ pct: '1', symbol: 'TCS' })))).toEqual([['BUY', 2, 'TCS']]); // ₹10,000 of ₹10,00,000 at ₹3,500
    expect(q(await x.send(tv({ id: 'd' })))).toEqual([['BUY', 2, 'INFY']]); // source default qty:2
    const reliance = x.stack.pipeline.openOrders().find((o) => o.intent.symbol === 'RELIANCE');
    expect(reliance?.intent).toMatchObject({ source: { kind: 'alert', source: 'tv' }, reason: 'TradingView: BUY RELIANCE ₹10000' });
    const r = accepted(await x.send(tv({ amount: 100, id: 'small' })));
    expect(r.orders[0]!.refused).toBe('₹100 (the alert) buys no whole share of INFY at ₹1,500.');
  });

  it('a limit price on the tick grid on the safe side; stop and target attached', async () => {
    const x = await setup({ approval: { kind: 'policy' } });
    const id = accepted(await x.send(tv({ type: 'limit', price: 1499.97, stop: '1450.02', target: 1600.01, qty: 1 }))).orders[0]!.orderId!;
    expect(x.stack.pipeline.get(id as ClientOrderId)?.intent).toMatchObject({ orderType: 'LIMIT', price: 1499.95, stop: 1450, takeProfit: 1600 });
    const sid = accepted(await x.send('SELL INFY 1 MIS @1500.02', SECRET)).orders[0]!.orderId!;
    expect(x.stack.pipeline.get(sid as ClientOrderId)?.intent).toMatchObject({ side: 'SELL', product: 'MIS', price: 1500.05 });
  });

  it('exit closes what the portfolio holds (a qty caps it); with nothing held it says so', async () => {
    const x = await setup({ approval: { kind: 'policy' } });
    expect(accepted(await x.send('EXIT INFY id=e1', SECRET)).orders[0]!.refused).toBe('Nothing to exit: the portfolio holds no INFY (CNC).');
    accepted(await x.send(tv({ qty: 9 })));
    await x.fill();
    expect(accepted(await x.send(tv({ action: 'exit', qty: 4 }))).orders.map((o) => [o.side, o.quantity])).toEqual([['SELL', 4]]);
    await x.fill();
    expect(accepted(await x.send('EXIT INFY id=e2', SECRET)).orders.map((o) => [o.side, o.quantity])).toEqual([['SELL', 5]]);
    await x.fill();
    expect(x.broker.held('INFY', 'CNC')).toBe(0);
  });

  it('a symbol the source may not trade is refused, the others of a scan go on', async () => {
    const x = await setup({ symbols: ['INFY'], approval: { kind: 'policy' } });
    const a = accepted(await x.send(JSON.stringify({ stocks: 'INFY,TCS', trigger_prices: '1500,3500', scan_name: 'b' }), SECRET));
    expect(a.orders).toEqual([
      expect.objectContaining({ symbol: 'INFY', side: 'BUY', quantity: 2, orderId: expect.any(String) }),
      { symbol: 'TCS', action: 'buy', refused: 'TCS is not among the symbols alert source tv may trade (INFY).' },
    ]);
  });
});

describe('approval by the source policy', () => {
  it('always: a card per order; a ChartInk scan is one batch card', async () => {
    const x = await setup();
    const one = accepted(await x.send(tv()));
    expect(one.orders[0]!.status).toBe('PENDING_APPROVAL');
    expect((await x.stack.approvals.get(approvalId(one.orders[0]!.orderId!)))?.lines).toHaveLength(1);
    const scan = accepted(await x.send(JSON.stringify({ stocks: 'INFY,TCS,RELIANCE', trigger_prices: '1500,3500,2500', scan_name: 'b' }), SECRET));
    expect(scan.orders.map((o) => o.status)).toEqual(['PENDING_APPROVAL', 'PENDING_APPROVAL', 'PENDING_APPROVAL']);
    const pending = await x.stack.approvalRepo.withStatus('PENDING');
    expect(pending.map((a) => a.lines.length).sort()).toEqual([1, 3]);
  });

  it('policy: the mode policy decides (none here: sent at once; asked: a card)', async () => {
    const auto = await setup({ approval: { kind: 'policy' } }, { policy: false });
    expect(accepted(await auto.send(tv())).orders[0]!.status).toBe('SUBMITTED');
    const asked = await setup({ approval: { kind: 'policy' } }, { policy: true });
    expect(accepted(await asked.send(tv())).orders[0]!.status).toBe('PENDING_APPROVAL');
  });

  it('below:N: no card under ₹N when the mode policy agrees; a card at or above it, and whenever the mode asks', async () => {
    const x = await setup({ approval: { kind: 'below', rupees: 10_000 } }, { policy: false });
    expect(accepted(await x.send(tv({ qty: 6 }))).orders[0]!.status).toBe('SUBMITTED'); // ₹9,000
    expect(accepted(await x.send(tv({ qty: 7 }))).orders[0]!.status).toBe('PENDING_APPROVAL'); // ₹10,500
    const strict = await setup({ approval: { kind: 'below', rupees: 10_000 } }, { policy: true });
    expect(accepted(await strict.send(tv({ qty: 1 }))).orders[0]!.status).toBe('PENDING_APPROVAL');
  });
});

describe('/alerts_in data', () => {
  it('each order with its state now: filled, refused at release, rejected by a person', async () => {
    const x = await setup();
    const a = accepted(await x.send(tv({ qty: 1, id: 'a' })));
    const b = accepted(await x.send(tv({ qty: 1, id: 'b', symbol: 'TCS' })));
    unwrap(await x.stack.approvals.decide(approvalId(a.orders[0]!.orderId!), { kind: 'approve' }, trader));
    await x.fill();
    unwrap(await x.stack.approvals.decide(approvalId(b.orders[0]!.orderId!), { kind: 'reject' }, trader));
    const [vb, va] = await x.svc.recent();
    expect(va!.orders[0]).toMatchObject({ orderId: a.orders[0]!.orderId, status: 'FILLED' });
    expect(vb!.orders[0]).toMatchObject({ orderId: b.orders[0]!.orderId, status: 'CANCELLED', refused: expect.stringMatching(/rejected/i) });
    expect(await x.svc.recent({ source: 'other' })).toEqual([]);
    expect(x.svc.sources()).toEqual(['tv', 'other']);
  });
});
