/**
 * The three alert shapes (issue 19) as people send them: TradingView's JSON (numbers as text, extra keys, NSE: prefix),
 * ChartInk's scanner webhook (every stock at its trigger price) and a plain text line — and a refusal that says what
 * is wrong for each bad payload, never echoing the secret.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bodySecret, parseAlert } from '../../../src/services/engine/alertsIn/alertPayloads';

const BUY: { readonly action: 'buy' | 'sell' } = { action: 'buy' };
const parsed = (body: string, defaults = BUY) => {
  const r = parseAlert(body, defaults);
  if (!r.ok) throw new Error(r.error);
  return r.value;
};
const refused = (body: string): string => {
  const r = parseAlert(body, BUY);
  if (r.ok) throw new Error(`expected a refusal, got ${JSON.stringify(r.value)}`);
  return r.error;
};

describe('TradingView JSON', () => {
  const template = {
    secret: 'tv-secret-0123456789',
    symbol: 'NSE:RELIANCE',
    action: 'buy',
    qty: '10',
    price: '2501.35',
    type: 'limit',
    product: 'mis',
    stop: 2450,
    target: '2600',
    strategy: 'ema-cross',
    id: '2025-01-08T05:30:00Z',
    message: 'Long entry',
    exchange: 'NSE', // keys the template does not name are ignored
  };

  it('reads the documented template, numbers as text included', () => {
    const a = parsed(JSON.stringify(template));
    expect(a).toMatchObject({
      format: 'tradingview',
      id: '2025-01-08T05:30:00Z',
      strategy: 'ema-cross',
      message: 'TradingView (ema-cross): BUY RELIANCE 10 — Long entry',
      orders: [{ symbol: 'RELIANCE', action: 'buy', size: { kind: 'qty', quantity: 10 }, price: 2501.35, orderType: 'LIMIT', product: 'MIS', stop: 2450, target: 2600 }],
    });
    expect(a.message).not.toContain('secret');
    expect(bodySecret(JSON.stringify(template))).toBe('tv-secret-0123456789');
  });

  it('a minimal alert: market, no size (the source default), no product', () => {
    expect(parsed('{"symbol":"TCS","action":"SELL"}').orders).toEqual([{ symbol: 'TCS', action: 'sell', orderType: 'MARKET' }]);
    expect(parsed('{"symbol":"infy","action":"buy","amount":20000}').orders[0]!.size).toEqual({ kind: 'amount', rupees: 20000 });
    expect(parsed('{"symbol":"infy","action":"buy","pct":"2.5"}').orders[0]!.size).toEqual({ kind: 'pct', percent: 2.5 });
    expect(parsed('{"symbol":"M&M","action":"exit","quantity":3}').orders[0]).toEqual({ symbol: 'M&M', action: 'exit', size: { kind: 'qty', quantity: 3 }, orderType: 'MARKET' });
    expect(parsed('{"symbol":"INFY","action":"buy","id":1736314200}').id).toBe('1736314200');
  });

  it('the same content without an id has the same fingerprint; a different one does not', () => {
    const a = parsed('{"symbol":"TCS","action":"buy","qty":1}');
    expect(parsed('{ "qty": 1, "action": "buy", "symbol": "NSE:TCS" }').fingerprint).toBe(a.fingerprint);
    expect(parsed('{"symbol":"TCS","action":"buy","qty":2}').fingerprint).not.toBe(a.fingerprint);
    // the secret is not content: a rotated secret is the same alert
    expect(parsed('{"symbol":"TCS","action":"buy","qty":1,"secret":"other-secret-000000"}').fingerprint).toBe(a.fingerprint);
  });

  it.each([
    ['{"symbol":"RELIANCE","action":"buy","price":"{{close}}"}', 'The alert is not understood: price: expected a number, got "{{close}}".'],
    ['{"symbol":"RELIANCE","action":"hold"}', 'The alert is not understood: action: expected buy, sell or exit, got "hold".'],
    ['{"action":"buy"}', 'The alert is not understood: symbol: required, e.g. "NSE:RELIANCE".'],
    ['{"symbol":"BSE:RELIANCE","action":"buy"}', 'The alert is not understood: symbol: only NSE symbols are traded, got "BSE:RELIANCE".'],
    ['{"symbol":"{{ticker}}","action":"buy"}', 'The alert is not understood: symbol: "{{ticker}}" is not an NSE symbol; use {{ticker}} or a symbol such as NSE:RELIANCE.'],
    ['{"symbol":"RELIANCE","action":"buy","qty":2.5}', 'The alert is not understood: qty: expected whole shares.'],
    ['{"symbol":"RELIANCE","action":"buy","qty":0}', 'The alert is not understood: qty: expected at least 1 share.'],
    ['{"symbol":"RELIANCE","action":"buy","qty":1,"amount":5000}', 'Give one of qty, amount or pct, not several.'],
    ['{"symbol":"RELIANCE","action":"exit","pct":50}', 'exit closes the position (qty, if given, is the most it sells); amount and pct do not apply.'],
    ['{"symbol":"RELIANCE","action":"buy","type":"limit"}', 'A limit order needs its price ("price": "{{close}}", or @price in a text line).'],
    ['{"symbol":"RELIANCE","action":"buy","type":"stop"}', 'The alert is not understood: type: expected market or limit, got "stop".'],
    ['{"symbol":"RELIANCE","action":"buy","product":"NRML"}', 'The alert is not understood: product: expected CNC or MIS, got "NRML".'],
    ['[1,2]', 'The alert is not valid JSON (Unexpected token \'[\'…'],
    ['{"symbol": "RELIANCE", "action": "buy",}', 'The alert is not valid JSON'],
  ])('%s → 400: %s', (body, expected) => {
    expect(refused(body.startsWith('[') ? `{"x":${body}` : body)).toContain(expected.replace(/ \(Unexpected.*$/, ''));
  });

  it('a secret in a bad payload is never in the refusal', () => {
    expect(refused('{"secret":"tv-secret-0123456789","symbol":"RELIANCE","action":"hold"}')).not.toContain('tv-secret');
  });
});

describe('ChartInk scanner webhook', () => {
  const scan = {
    stocks: 'SEPOWER,ASTEC,EDUCOMP',
    trigger_prices: '3.75,541.8,2.1',
    triggered_at: '2:34 pm',
    scan_name: 'Short term breakouts',
    scan_url: 'short-term-breakouts',
    alert_name: 'Alert for Short term breakouts',
    webhook_url: 'http://your-web-hook-url.com',
  };

  it('every stock that triggered, at its trigger price, as the source action', () => {
    const a = parsed(JSON.stringify(scan));
    expect(a.format).toBe('chartink');
    expect(a.id).toBeUndefined();
    expect(a.message).toBe('ChartInk Alert for Short term breakouts at 2:34 pm: BUY SEPOWER, ASTEC, EDUCOMP');
    expect(a.orders).toEqual([
      { symbol: 'SEPOWER', action: 'buy', price: 3.75, orderType: 'MARKET' },
      { symbol: 'ASTEC', action: 'buy', price: 541.8, orderType: 'MARKET' },
      { symbol: 'EDUCOMP', action: 'buy', price: 2.1, orderType: 'MARKET' },
    ]);
    expect(parsed(JSON.stringify(scan), { action: 'sell' }).orders.map((o) => o.action)).toEqual(['sell', 'sell', 'sell']);
  });

  it.each([
    [{ ...scan, trigger_prices: '3.75,541.8' }, 'The ChartInk alert lists 3 stocks and 2 trigger prices; they must pair up.'],
    [{ ...scan, trigger_prices: '3.75,abc,2.1' }, 'The ChartInk alert is not understood: trigger price 2: expected a number, got "abc".'],
    [{ ...scan, stocks: 'SEPOWER,../x,EDUCOMP' }, 'The ChartInk alert is not understood: stock 2: "../x" is not an NSE symbol'],
    [{ ...scan, stocks: '' , trigger_prices: '' }, 'The ChartInk alert lists no stocks.'],
    [{ trigger_prices: '1' }, 'The ChartInk alert is not understood: stocks: expected the comma-separated stocks.'],
  ])('%j → 400', (body, expected) => {
    expect(refused(JSON.stringify(body))).toContain(expected);
  });
});

describe('a plain text line', () => {
  it.each([
    ['BUY RELIANCE 10', { symbol: 'RELIANCE', action: 'buy', size: { kind: 'qty', quantity: 10 }, orderType: 'MARKET' }],
    ['sell tcs 5 mis @3500', { symbol: 'TCS', action: 'sell', size: { kind: 'qty', quantity: 5 }, price: 3500, orderType: 'LIMIT', product: 'MIS' }],
    ['EXIT NSE:INFY', { symbol: 'INFY', action: 'exit', orderType: 'MARKET' }],
    ['BUY HDFCBANK amount=20000 stop=1600 target=1800', { symbol: 'HDFCBANK', action: 'buy', size: { kind: 'amount', rupees: 20000 }, orderType: 'MARKET', stop: 1600, target: 1800 }],
    ['BUY INFY pct=2 CNC', { symbol: 'INFY', action: 'buy', size: { kind: 'pct', percent: 2 }, orderType: 'MARKET', product: 'CNC' }],
  ])('%s', (line, order) => {
    const a = parsed(line);
    expect(a.format).toBe('text');
    expect(a.message).toBe(line);
    expect(a.orders).toEqual([order]);
  });

  it("the README's text lines are understood as written", () => {
    const readme = readFileSync(join(__dirname, '..', '..', '..', 'README.md'), 'utf8');
    const bullet = /\*\*A text line\*\*.+\n.+/.exec(readme)?.[0] ?? '';
    const lines = [...bullet.matchAll(/`((?:BUY|SELL|EXIT) [^`]+)`/g)].map((m) => m[1]!);
    expect(lines).toEqual(['BUY RELIANCE 10', 'SELL TCS 5 MIS @3500', 'EXIT INFY']);
    expect(lines.map((l) => parsed(l).orders.map((o) => [o.action, o.symbol]))).toEqual([[['buy', 'RELIANCE']], [['sell', 'TCS']], [['exit', 'INFY']]]);
  });

  it('id= names the alert', () => expect(parsed('BUY RELIANCE 1 id=abc-1').id).toBe('abc-1'));

  it.each([
    ['HOLD RELIANCE 10', 'it starts with "HOLD", not BUY, SELL or EXIT'],
    ['BUY', 'The alert names no symbol'],
    ['BUY RELIANCE 10 20', '"20" (a word given twice'],
    ['BUY RELIANCE ten', '"ten" (a word given twice, or not one of'],
    ['BUY RELIANCE 10 @abc', 'price: expected a number, got "abc"'],
    ['BUY RELIANCE pct=150', 'pct: expected a percent of equity, at most 100'],
    ['BUY RELIANCE 10\nSELL TCS 5', 'A text alert is one line'],
    ['', 'The alert is empty'],
  ])('%j → 400', (line, expected) => {
    expect(refused(line)).toContain(expected);
  });
});
