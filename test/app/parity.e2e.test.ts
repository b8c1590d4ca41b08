/**
 * Parity (issue 14): the real backtest and the real paper stack — the bot process in paper mode (order pipeline,
 * write-ahead journal on the MongoDB test server, BrokerExecution, the simulated broker fed ticks, approvals set to
 * auto, the configured risk limits) — run sma-cross on the same bars and give identical orders, fills (time, side,
 * quantity, price, charges) and final equity. The paper side sees each one-minute bar as four trades (open, high,
 * low, close) through the market feed and its bar aggregator; the backtest runs the same bars with the same limits
 * (`riskLimits`, what `--risk config` passes).
 * Two sessions of seeded synthetic bars (the generator follows the NSE calendar): the code paths are what is compared.
 */
import { join } from 'node:path';
import type { RunningApp } from '../../src/app';
import { buildRequest } from '../../src/backtest/request';
import { runBacktest } from '../../src/backtest/runBacktest';
import { istTime } from '../../src/calendar/ist';
import type { BarSeries } from '../../src/core/barSeries';
import { unwrap } from '../../src/core/result';
import { generateMarket } from '../../src/data/synthetic';
import { discoverStrategies } from '../../src/strategyLoader/discoverStrategies';
import { e2eConfig, shiftedClock, startE2eApp, startFakes, type Fakes, type StartedApp } from '../support/e2e/appHarness';

const SYMBOL = 'SBIN';
const PARAMS = { fast: 5, slow: 30 };

interface FillRow {
  readonly time: number;
  readonly side: string;
  readonly quantity: number;
  readonly price: number;
  readonly charges: number;
}


describe('parity: backtest and paper on the same bars', () => {
  let fakes: Fakes;
  let running: StartedApp | undefined;
  const app = (): RunningApp => running!.app;
  let bars: BarSeries;

  beforeAll(async () => {
    fakes = await startFakes('e2e_parity');
    bars = unwrap(generateMarket({ symbols: [SYMBOL], start: '2025-01-08', bars: 750, interval: '1m', seed: 11 })).series.get(SYMBOL)!;
    running = await startE2eApp(e2eConfig(fakes, { TELEGRAM_ALLOWED_USERS: '111:admin', APPROVAL_POLICY: 'never' }), [SYMBOL], shiftedClock(istTime('2025-01-08', '09:00')));
  });
  afterAll(async () => {
    await running?.app.stop();
    await fakes?.close();
  });

  test('identical orders, fills and final equity', async () => {
    expect(istTime('2025-01-08', '09:15')).toBe(bars.time[0]);
    const started = await app().engine.services.instances!.start({ strategy: 'sma-cross', symbols: [SYMBOL], params: { fast: String(PARAMS.fast), slow: String(PARAMS.slow) }, capital: { share: 1 } });
    if (!started.ok) throw new Error(started.error);
    const trading = app().engine.trading;
    // Every order call and journal write the last trade started, and the kernel's step queued behind it.
    const settle = async (): Promise<void> => {
      for (let k = 0; k < 3; k++) {
        await new Promise((r) => setImmediate(r));
        await trading.drainOrders();
      }
    };
    for (let i = 0; i < bars.length; i++) {
      const t = bars.time[i]!;
      const o = bars.open[i]!;
      const c = bars.close[i]!;
      // open, then the extreme nearer the open, the other, the close
      const [first, second] = bars.high[i]! - o < o - bars.low[i]! ? [bars.high[i]!, bars.low[i]!] : [bars.low[i]!, bars.high[i]!];
      // The open closes the previous bar: the signals of its close are sized at this trade and their orders go out
      // (asynchronously, through the journal); the rest of the bar's trades make no order.
      running!.ticks.push(SYMBOL, o, t);
      await settle();
      running!.ticks.push(SYMBOL, first, t + 15_000);
      running!.ticks.push(SYMBOL, second, t + 30_000);
      running!.ticks.push(SYMBOL, c, t + 59_000);
    }
    await settle();
    const orders = (await app().engine.repos.orders.withStatus(['FILLED', 'REJECTED', 'DENIED', 'CANCELLED', 'OPEN', 'SUBMITTED'])).sort((a, b) => a.updatedAt - b.updatedAt);
    expect(orders.length).toBeGreaterThan(4);
    expect(orders.filter((x) => x.status !== 'FILLED' && x.status !== 'DENIED')).toEqual([]);
    const denied = orders.filter((x) => x.status === 'DENIED').length;
    const paperFills = (await app().engine.repos.orders.transitions({ fills: true }))
      .map((x): FillRow => ({ time: x.time, side: x.fill!.side ?? '?', quantity: x.fill!.quantity, price: x.fill!.price, charges: x.fill!.charges ?? Number.NaN }))
      .sort((a, b) => a.time - b.time);

    const limits = trading.risk.limits;
    expect(limits).toBeDefined();
    const registry = unwrap(discoverStrategies(join(__dirname, '..', '..', 'strategies')));
    const request = unwrap(buildRequest({ strategy: 'sma-cross', symbols: [SYMBOL], interval: '1m', params: PARAMS, costs: 'zerodha', cash: 1_000_000, riskLimits: limits! }));
    const btFills: FillRow[] = [];
    const r = runBacktest(request, { series: new Map([[SYMBOL, bars]]), synthetic: true }, { strategies: registry, onFill: (f) => void btFills.push({ time: f.time, side: f.side, quantity: f.quantity, price: f.price, charges: f.charges.total }) });
    if (!r.ok) throw new Error(r.error);
    const bt = r.value;

    expect(bt.fills).toBe(paperFills.length);
    expect(paperFills.map((f) => [f.time, f.side, f.quantity, f.price])).toEqual(btFills.map((f) => [f.time, f.side, f.quantity, f.price]));
    // The same contract notes: each fill charged what it adds to its day's note (one session charge book in each).
    for (let k = 0; k < paperFills.length; k++) expect(paperFills[k]!.charges).toBeCloseTo(btFills[k]!.charges, 6);
    // The same refusals: the orders the risk engine refused (the position limit, here) in both.
    expect(Object.values(bt.refusals).reduce((a, n) => a + n, 0)).toBe(denied);
    const account = trading.book.account(started.value.id)!;
    expect(account.equity()).toBeCloseTo(bt.metrics.finalEquity, 6);
  }, 300_000);
});
