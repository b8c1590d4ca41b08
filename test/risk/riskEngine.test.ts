/**
 * The one risk engine (src/risk/riskEngine.ts) on a position book: the trading state, the broker's rules every mode
 * shares (CNC holdings, cash with working buys committed, the MIS cut-off), the limits on a snapshot of the whole
 * book, the engine's own exits (source `risk`) that no state or limit holds back, an unknown live equity refused
 * first, the VaR refusal saying why the history was missing, and duplicates counted per account.
 */
import { istTime } from '../../src/calendar/ist';
import { clientOrderId, strategyInstanceId, type StrategyInstanceId } from '../../src/core/ids';
import type { OrderIntent } from '../../src/core/order';
import type { TradingState } from '../../src/core/tradingState';
import type { AccountLedger } from '../../src/oms/accountLedger';
import { PositionBook } from '../../src/oms/positionBook';
import type { BookMarket } from '../../src/risk/bookSnapshot';
import { RiskEngine, type RiskEngineOptions } from '../../src/risk/riskEngine';
import { DEFAULT_RISK_LIMITS, type RiskLimits } from '../../src/risk/riskLimits';

const NOW = istTime('2026-11-25', '10:00');
const SQUARE_OFF = istTime('2026-11-25', '15:20');
const S1 = strategyInstanceId('s-1');

let seq = 0;
const intent = (o: Partial<OrderIntent> = {}): OrderIntent => ({
  clientOrderId: clientOrderId(`r${++seq}`),
  symbol: 'INFY',
  side: 'BUY',
  quantity: 10,
  orderType: 'MARKET',
  product: 'CNC',
  validity: 'DAY',
  source: { kind: 'user', userId: 'u' as never },
  reason: 'test',
  time: NOW,
  ...o,
});

interface Setup {
  readonly book: PositionBook;
  readonly risk: RiskEngine;
  readonly account: (id?: StrategyInstanceId) => AccountLedger;
  check(i: OrderIntent, time?: number): ReturnType<RiskEngine['check']>;
}

function setup(o: { limits?: RiskLimits; state?: TradingState; market?: Partial<BookMarket>; cash?: number; portfolioCash?: number; price?: number } = {}): Setup {
  const book = new PositionBook();
  const price = o.price ?? 1000;
  const market: BookMarket = {
    price: () => price,
    equity: () => 1_000_000,
    varPerRupee: () => 0.02,
    ...o.market,
  };
  const options: RiskEngineOptions = {
    book,
    market,
    squareOffTime: () => SQUARE_OFF,
    portfolioCash: () => o.portfolioCash ?? 1_000_000,
    ...(o.limits ? { limits: o.limits } : {}),
    ...(o.state ? { state: o.state } : {}),
  };
  const risk = new RiskEngine(options);
  book.openAccount(S1, o.cash ?? 100_000, [{ symbol: 'INFY', product: 'CNC' }, { symbol: 'INFY', product: 'MIS' }]);
  const account = (id?: StrategyInstanceId): AccountLedger => (id ? book.account(id)! : book.portfolio);
  return {
    book,
    risk,
    account,
    check(i, time = NOW) {
      const a = book.accountOf(i);
      const j = a === book.portfolio ? a.slot(i.symbol, i.product, book.intern(i.symbol)) : a.find(i.symbol, i.product);
      return risk.check({ intent: i, account: a, slot: j, stage: 'new', time });
    },
  };
}

const rule = (r: ReturnType<RiskEngine['check']>): string => (r.ok ? `ok ${r.value.quantity}` : r.error.rule);
const strategy = (o: Partial<OrderIntent> = {}): OrderIntent => intent({ instanceId: S1, source: { kind: 'strategy', instanceId: S1 }, ...o });
const squareOff = (o: Partial<OrderIntent> = {}): OrderIntent => intent({ instanceId: S1, source: { kind: 'risk', rule: 'mis-square-off' }, ...o });

describe('RiskEngine: the trading state', () => {
  test('HALTED refuses everything except the engine’s own exits that shrink a position', () => {
    const s = setup({ state: 'HALTED' });
    const a = s.account(S1);
    a.apply(a.find('INFY', 'MIS'), 20, 1000, 0);
    expect(rule(s.check(strategy({ side: 'SELL', quantity: 20, product: 'MIS' })))).toBe('trading-halted');
    expect(rule(s.check(intent({ quantity: 1 })))).toBe('trading-halted');
    expect(rule(s.check(squareOff({ side: 'SELL', quantity: 20, product: 'MIS' })))).toBe('ok 20');
    // a "risk" order that would open or flip a position is not an exit
    expect(rule(s.check(squareOff({ side: 'SELL', quantity: 30, product: 'MIS' })))).toBe('trading-halted');
    expect(rule(s.check(squareOff({ side: 'BUY', quantity: 5, product: 'MIS' })))).toBe('trading-halted');
  });

  test('REDUCING lets through only orders that shrink the account’s position without crossing zero', () => {
    const s = setup({ state: 'REDUCING' });
    const a = s.account(S1);
    a.apply(a.find('INFY', 'CNC'), 20, 1000, 0);
    expect(rule(s.check(strategy({ side: 'SELL', quantity: 15 })))).toBe('ok 15');
    expect(rule(s.check(strategy({ side: 'BUY', quantity: 1 })))).toBe('reducing-only');
    expect(rule(s.check(strategy({ side: 'SELL', quantity: 25, product: 'MIS' })))).toBe('reducing-only');
    // A CNC sell of more than is held (an exit approved at 2×) is judged as the sell it becomes: all 20 shares.
    const doubled = s.check(strategy({ side: 'SELL', quantity: 40 }));
    expect(rule(doubled)).toBe('ok 20');
    expect(doubled.ok && doubled.value.reason).toMatch(/resized from 40 to 20, the shares s-1 holds/);
    s.risk.setState('ACTIVE');
    expect(rule(s.check(strategy({ side: 'BUY', quantity: 1 })))).toBe('ok 1');
  });
});

describe('RiskEngine: the broker’s rules (every mode, with or without limits)', () => {
  test('a CNC sell is cut to what the account holds and has not already promised to working sells; nothing held: refused', () => {
    const s = setup();
    const a = s.account(S1);
    const j = a.find('INFY', 'CNC');
    a.apply(j, 30, 1000, 0);
    const r = s.check(strategy({ side: 'SELL', quantity: 50 }));
    expect(rule(r)).toBe('ok 30');
    expect(r.ok && r.value.reason).toMatch(/resized from 50 to 30, the shares s-1 holds/);
    a.addWorking(j, -1, -30); // a working sell has them already
    expect(rule(s.check(strategy({ side: 'SELL', quantity: 5 })))).toBe('holdings');
    // a working buy does not free shares a working sell has promised (the buy has not filled)
    a.addWorking(j, 1, 30);
    expect(a.working[j]).toBe(0);
    expect(rule(s.check(strategy({ side: 'SELL', quantity: 5 })))).toBe('holdings');
    // another account's shares are not this one's
    expect(rule(s.check(intent({ side: 'SELL', quantity: 5 })))).toBe('holdings');
    // The holdings rule is a CNC sell's only: a buy of nothing is refused as nothing to trade, not as shares not held.
    const nothing = s.check(strategy({ quantity: 0 }));
    expect(!nothing.ok && nothing.error.message).toMatch(/^Nothing of INFY can be traded/);
  });

  test('a buy is cut to what the account’s cash pays for, less what its working buys need at the market price', () => {
    const s = setup({ cash: 25_000 }); // ₹25,000 at ₹1,000 a share
    const a = s.account(S1);
    expect(rule(s.check(strategy({ quantity: 40 })))).toBe('ok 25');
    a.addWorking(a.find('INFY', 'CNC'), 1, 20); // ₹20,000 committed to a working buy
    expect(rule(s.check(strategy({ quantity: 40 })))).toBe('ok 5');
    a.addWorking(a.find('INFY', 'CNC'), 1, 5);
    expect(rule(s.check(strategy({ quantity: 1 })))).toBe('cash');
    // the portfolio's own book spends its own cash
    expect(rule(setup({ portfolioCash: 3_500 }).check(intent({ quantity: 10 })))).toBe('ok 3');
  });

  test('no new MIS position at or after the square-off; closing one still goes', () => {
    const s = setup();
    const a = s.account(S1);
    expect(rule(s.check(strategy({ product: 'MIS', time: SQUARE_OFF - 60_000 })))).toBe('ok 10');
    expect(rule(s.check(strategy({ product: 'MIS', time: SQUARE_OFF })))).toBe('mis-cutoff');
    a.apply(a.find('INFY', 'MIS'), 10, 1000, 0);
    expect(rule(s.check(strategy({ side: 'SELL', product: 'MIS', time: SQUARE_OFF + 60_000 })))).toBe('ok 10');
  });

  test('a buy with no price is refused with the reason', () => {
    const s = setup({ market: { price: () => undefined } });
    const r = s.check(intent());
    expect(r).toMatchObject({ ok: false, error: { rule: 'no-market-data', message: expect.stringContaining('no price for INFY') } });
  });
});

describe('RiskEngine: limits on the whole book', () => {
  test('without limits only the broker’s rules apply; with them every order is checked on the book (order value here)', () => {
    expect(rule(setup().check(intent({ quantity: 600 })))).toBe('ok 600');
    const s = setup({ limits: { ...DEFAULT_RISK_LIMITS, maxOrderValue: 50_000 } });
    const r = s.check(intent({ quantity: 600 }));
    expect(rule(r)).toBe('ok 50');
    expect(r.ok && r.value.reason).toMatch(/maximum order value of ₹50,000/);
    s.risk.setLimits({ ...DEFAULT_RISK_LIMITS, maxOrderValue: 500, allowResize: false });
    expect(rule(s.check(intent({ quantity: 600 })))).toBe('order-value');
    expect(s.risk.lastSnapshot?.equity).toBe(1_000_000);
  });

  test('the position limit counts every account’s shares of the symbol, working ones included', () => {
    const s = setup({ limits: DEFAULT_RISK_LIMITS }); // 10% of ₹10,00,000 = ₹1,00,000 = 100 shares
    const a = s.account(S1);
    a.apply(a.find('INFY', 'CNC'), 60, 1000, 0);
    expect(rule(s.check(intent({ quantity: 80 })))).toBe('ok 40');
    const p = s.account();
    p.addWorking(p.slot('INFY', 'CNC', s.book.intern('INFY')), 1, 40);
    expect(rule(s.check(intent({ quantity: 80 })))).toBe('position-size');
  });

  test('an unknown live equity is refused first, with the market’s reason', () => {
    const s = setup({ limits: DEFAULT_RISK_LIMITS, market: { equity: () => Number.NaN, equityUnavailable: () => "Kite's equity margin has not been read yet." } });
    expect(s.check(intent())).toMatchObject({ ok: false, error: { rule: 'equity-unknown', message: "Kite's equity margin has not been read yet." } });
  });

  test('the engine’s exits pass the limits and an unknown equity (an exit is never held back)', () => {
    const s = setup({ limits: { ...DEFAULT_RISK_LIMITS, maxOrderValue: 500, allowResize: false }, market: { equity: () => Number.NaN, equityUnavailable: () => 'unknown' } });
    const a = s.account(S1);
    a.apply(a.find('INFY', 'MIS'), 20, 1000, 0);
    expect(rule(s.check(squareOff({ side: 'SELL', quantity: 20, product: 'MIS' })))).toBe('ok 20');
    expect(rule(s.check(strategy({ side: 'SELL', quantity: 20, product: 'MIS' })))).toBe('equity-unknown');
  });

  test('no volatility estimate: the VaR limit refuses new exposure and says why the history is missing', async () => {
    const prepared: string[][] = [];
    const s = setup({
      limits: DEFAULT_RISK_LIMITS,
      market: { varPerRupee: () => undefined, varProblem: (sym) => `Kite is not logged in, so the history of ${sym} cannot be read.`, prepare: async (syms) => void prepared.push([...syms]) },
    });
    await s.risk.prepare(['INFY', 'TCS']);
    expect(prepared).toEqual([['INFY', 'TCS']]);
    const r = s.check(intent());
    expect(r).toMatchObject({ ok: false, error: { rule: 'var-limit' } });
    expect(!r.ok && r.error.message).toMatch(/no volatility estimate for INFY.*Its history could not be used: Kite is not logged in, so the history of INFY cannot be read\.$/);
  });

  test('duplicates are counted per account: the same order from another account is not one', () => {
    const s = setup({ limits: DEFAULT_RISK_LIMITS });
    const first = intent({ quantity: 5 });
    expect(rule(s.check(first))).toBe('ok 5');
    s.risk.sent(first, NOW);
    expect(rule(s.check(intent({ quantity: 5 }), NOW + 1_000))).toBe('duplicate');
    expect(rule(s.check(strategy({ quantity: 5 }), NOW + 1_000))).toBe('ok 5');
    expect(rule(s.check(intent({ quantity: 5 }), NOW + 31_000))).toBe('ok 5');
    expect(s.risk.recentOrders()).toEqual([{ symbol: 'INFY', side: 'BUY', quantity: 5, time: NOW }]);
  });
});
