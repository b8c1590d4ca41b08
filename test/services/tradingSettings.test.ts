/**
 * /settings applied to the running engine (src/services/engine/tradingSettings.ts): the order pipeline asks the settings for the
 * approval policy of each order's mode and instance; a limit change reaches the risk engine (an order it accepted is
 * refused after) and the OMS rate limiter's windows; stored overrides apply at bind time; the gate's bounds are
 * checked when a limit is set.
 */
import { bindOperatorSettings, currentLimitsView } from '../../src/services/engine/tradingSettings';
import { SimulatedClock } from '../../src/core/clock';
import { clientOrderId, strategyInstanceId, userId } from '../../src/core/ids';
import type { OrderIntent } from '../../src/core/order';
import { unwrap } from '../../src/core/result';
import { OrderRateLimiter } from '../../src/oms/rateLimiter';
import { riskLimitsFromPercent } from '../../src/risk/riskLimits';
import { openSettingsService } from '../../src/services/engine/settingsService';
import { MemorySettingsRepository } from '../../src/core/ports/settingsRepository';
import { paperBroker, pipelineOn } from '../support/brokers/pipelineStack';

const admin = { id: userId('a1'), role: 'admin' as const };
const LIMITS = { maxPositionPct: 10, maxSectorPct: 30, maxOrderValue: 100_000, maxOrdersPerDay: 100, maxOrdersPerMinute: 20, dailyLossLimitPct: 2, varLimitPct: 5 };
const DAY = 86_400_000;
const T0 = Date.parse('2024-01-01T00:00:00+05:30');
const INSTANCE = strategyInstanceId('sma-cross-1');

let seq = 0;
const intent = (over: Partial<OrderIntent> = {}): OrderIntent => ({
  clientOrderId: clientOrderId(`k${++seq}`),
  instanceId: INSTANCE,
  symbol: 'ACME',
  side: 'BUY',
  quantity: 10,
  orderType: 'MARKET',
  product: 'CNC',
  validity: 'DAY',
  source: { kind: 'strategy', instanceId: INSTANCE },
  reason: 'test',
  time: 0,
  ...over,
});

const openSettings = (repo = new MemorySettingsRepository()) =>
  openSettingsService({ repo, clock: new SimulatedClock(T0), mode: 'paper', approval: { policy: 'always', minValue: 0 }, limits: LIMITS, instanceIds: () => [INSTANCE] }).then(unwrap);

/**
 * The order pipeline (risk engine with the limits, approvals, the paper broker) for strategy orders on ACME at ₹100;
 * `requested` are the orders that waited for a person, `submitted` those sent to the broker.
 */
async function engine() {
  const clock = new SimulatedClock(T0 + 30 * DAY);
  const stack = pipelineOn(await paperBroker(clock, ['ACME']), clock, { limits: unwrap(riskLimitsFromPercent(LIMITS)), prices: new Map([['ACME', 100]]), portfolioCash: () => 1_000_000 });
  stack.book.openAccount(INSTANCE, 1_000_000, [{ symbol: 'ACME', product: 'CNC' }]);
  stack.book.openAccount(strategyInstanceId('other-2'), 1_000_000, [{ symbol: 'ACME', product: 'CNC' }]);
  const submitted: OrderIntent[] = [];
  const requested: OrderIntent[] = [];
  stack.events.on('order-submitted', (e) => void submitted.push(e.intent));
  stack.events.on('order', (e) => {
    if (e.from === null && e.order.status === 'PENDING_APPROVAL') requested.push(e.order.intent);
  });
  const limiter = new OrderRateLimiter({ clock, windows: [{ limit: LIMITS.maxOrdersPerMinute, windowMs: 60_000 }] });
  const warnings: string[] = [];
  const targets = { mode: 'paper' as const, pipeline: stack.pipeline, risk: stack.risk, limiter, lastPrice: () => 100, warn: (m: string, r: string) => warnings.push(`${m}: ${r}`) };
  const place = async (i: OrderIntent) => {
    clock.advance(31_000); // past the duplicate window
    unwrap(stack.pipeline.submit(i));
    await stack.idle();
  };
  const gateCheck = (i: OrderIntent) => {
    const account = stack.book.accountOf(i);
    return stack.risk.check({ intent: i, account, slot: account.find(i.symbol, i.product), stage: 'new', time: clock.now() });
  };
  return { risk: stack.risk, limiter, submitted, requested, targets, place, gateCheck, warnings, clock };
}

describe('operator settings bound to the running engine', () => {
  test('approval policy per mode and per instance is asked at each order', async () => {
    const settings = await openSettings();
    const e = await engine();
    bindOperatorSettings(settings, e.targets);
    // configured: always → the next order waits for approval
    await e.place(intent());
    expect([e.requested.length, e.submitted.length]).toEqual([1, 0]);

    unwrap(await settings.set('approval.paper', 'auto', admin));
    await e.place(intent());
    expect([e.requested.length, e.submitted.length]).toEqual([1, 1]);

    // the instance's own policy wins over the mode's; another instance keeps the mode's
    unwrap(await settings.set(`approval.${INSTANCE}`, 'below:5000', admin));
    await e.place(intent({ quantity: 10 })); // ₹1,000 at the last price 100: below, goes straight
    await e.place(intent({ quantity: 60 })); // ₹6,000: asks
    await e.place(intent({ quantity: 60, instanceId: strategyInstanceId('other-2'), source: { kind: 'strategy', instanceId: strategyInstanceId('other-2') } }));
    expect([e.requested.length, e.submitted.length]).toEqual([2, 3]);
    expect(e.requested[1]!.quantity).toBe(60);
    expect(e.submitted.map((i) => i.quantity)).toEqual([10, 10, 60]);
  });

  test('in live an instance policy set while paper trading cannot loosen live approvals: the stricter one applies', async () => {
    const settings = await openSettings();
    unwrap(await settings.set(`approval.${INSTANCE}`, 'auto', admin));
    expect(settings.approvalPolicy('paper', INSTANCE)).toEqual({ kind: 'auto' });
    // live by default asks for every order; the instance's `auto` does not lift that
    expect(settings.approvalPolicy('live', INSTANCE)).toEqual({ kind: 'always-ask' });
    unwrap(await settings.set('approval.live', 'below:20000', admin));
    expect(settings.approvalPolicy('live', INSTANCE)).toEqual({ kind: 'auto-below', maxValue: 20_000 });
    unwrap(await settings.set(`approval.${INSTANCE}`, 'below:5000', admin));
    expect(settings.approvalPolicy('live', INSTANCE)).toEqual({ kind: 'auto-below', maxValue: 5_000 });
    unwrap(await settings.set(`approval.${INSTANCE}`, 'always', admin));
    expect(settings.approvalPolicy('live', INSTANCE)).toEqual({ kind: 'always-ask' });
  });

  test('a limit change makes the gate refuse an order it accepted before, and reaches the OMS limiter and the report view', async () => {
    const settings = await openSettings();
    const e = await engine();
    const view = currentLimitsView(() => e.risk.limits!);
    bindOperatorSettings(settings, e.targets);
    const first = e.gateCheck(intent({ quantity: 50, orderType: 'LIMIT', price: 100 }));
    expect(first.ok).toBe(true);
    expect(view.maxOrderValue).toBe(100_000);

    unwrap(await settings.set('max_order_value', '1000', admin));
    e.clock.advance(60_000); // past the duplicate window
    // the gate shrinks it to what ₹1,000 buys, and says so
    const resized = unwrap(e.gateCheck(intent({ quantity: 50, orderType: 'LIMIT', price: 100 })));
    expect(resized.quantity).toBeLessThanOrEqual(10);
    expect(resized.reason).toContain('maximum order value of ₹1,000');
    expect(view.maxOrderValue).toBe(1000);
    // below one share's value: refused
    unwrap(await settings.set('max_order_value', '50', admin));
    e.clock.advance(60_000);
    const refused = e.gateCheck(intent({ quantity: 50, orderType: 'LIMIT', price: 100 }));
    expect(refused).toMatchObject({ ok: false, error: { rule: 'order-value', message: expect.stringContaining('₹50') } });
    unwrap(await settings.set('max_order_value', '1000', admin));
    expect(e.risk.limits?.maxOrderValue).toBe(1000);

    unwrap(await settings.set('max_orders_per_minute', '3', admin));
    expect(e.limiter.windows).toEqual([{ limit: 10, windowMs: 1_000 }, { limit: 3, windowMs: 60_000 }]); // Kite's 10/s always stays
    expect(e.risk.limits?.maxOrdersPerMinute).toBe(3);
    expect(view.maxOrdersPerMinute).toBe(3);
    expect(e.warnings).toEqual([]);
  });

  test('stored overrides apply when the settings are bound; a value the gate cannot take is refused with its bound', async () => {
    const repo = new MemorySettingsRepository();
    const first = await openSettings(repo);
    unwrap(await first.set('max_order_value', '2500', admin));
    // The bounds are the risk gate's, so every value /settings takes is one the gate accepts.
    expect(await first.set('max_position_pct', '80', admin)).toEqual({ ok: false, error: 'max_position_pct must be a percent from 1 to 50, not "80"; send it again with a value in range.' });
    expect(await first.set('daily_loss_limit_pct', '0.05', admin)).toMatchObject({ ok: false, error: expect.stringContaining('a percent from 0.1 to 20') });
    expect(first.riskLimits().maxPositionPct).toBe(10);

    const e = await engine();
    expect(e.risk.limits?.maxOrderValue).toBe(100_000);
    bindOperatorSettings(await openSettings(repo), e.targets);
    expect(e.risk.limits?.maxOrderValue).toBe(2500);
  });

  test('the limiter keeps the grants of the last minute across a change of its window', async () => {
    const clock = new SimulatedClock(T0);
    const limiter = new OrderRateLimiter({ clock, windows: [{ limit: 3, windowMs: 60_000 }] });
    for (let k = 0; k < 3; k++) await limiter.acquire();
    expect(limiter.delayAt(clock.now())).toBeGreaterThan(0);
    limiter.setWindows([{ limit: 5, windowMs: 60_000 }]);
    expect(limiter.delayAt(clock.now())).toBe(0);
    await limiter.acquire();
    limiter.setWindows([{ limit: 2, windowMs: 60_000 }]);
    // four grants this minute: a window of two waits for the minute to pass
    expect(limiter.delayAt(clock.now())).toBeGreaterThan(59_000);
    clock.advance(61_000);
    expect(limiter.delayAt(clock.now())).toBe(0);
    expect(limiter.granted).toBe(4);
  });
});
