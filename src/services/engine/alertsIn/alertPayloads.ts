/**
 * What an incoming alert says, read with zod from the three shapes people send (issue 19):
 *
 *  - TradingView's alert message as users write it: `{"secret": …, "symbol": "NSE:RELIANCE", "action": "buy|sell|exit",
 *    "qty"|"amount"|"pct": …, "price": "{{close}}", "type": "market|limit", "product": "CNC|MIS", "stop": …,
 *    "target": …, "strategy": "name", "id": "{{timenow}}", "message": …}` — numbers may come as text (TradingView
 *    substitutes placeholders as text), keys it does not name are ignored;
 *  - ChartInk's scanner webhook: `{"stocks": "A,B", "trigger_prices": "1.5,2", "triggered_at": "2:34 pm",
 *    "scan_name": …, "scan_url": …, "alert_name": …}` — every stock that triggered, at its trigger price;
 *  - a plain text line: `BUY RELIANCE 10`, `SELL TCS 5 MIS @3500`, `EXIT INFY`, with optional `stop=`, `target=`,
 *    `amount=`, `pct=` and `id=` words.
 *
 * A payload that cannot become orders is refused with one sentence saying what is wrong (never the secret).
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { AlertSizing } from '../../../config/types';
import { err, ok, type Result } from '../../../core/result';
import { clip } from '../../../log/clip';
import { NSE_SYMBOL, normaliseSymbol, MAX_SYMBOLS } from '../../symbols';

export type AlertFormat = 'tradingview' | 'chartink' | 'text';
export type AlertAction = 'buy' | 'sell' | 'exit';

/** One order an alert asks for, before it is sized. */
export interface AlertInstruction {
  readonly symbol: string;
  readonly action: AlertAction;
  /** Absent: the source's default size (an exit closes the whole position; a qty caps it). */
  readonly size?: AlertSizing;
  /** The alert's price (TradingView's {{close}}, a ChartInk trigger price, `@price`): the limit, or the sizing price. */
  readonly price?: number;
  readonly orderType: 'MARKET' | 'LIMIT';
  /** Absent: the source's default product. */
  readonly product?: 'CNC' | 'MIS';
  readonly stop?: number;
  readonly target?: number;
}

export interface ParsedAlert {
  readonly format: AlertFormat;
  /** The alert's own id (TradingView's `id`, a text line's `id=`): a repeat of it within the window places nothing. */
  readonly id?: string;
  readonly strategy?: string;
  /** What the alert said, one line for the card and /alerts_in (never the secret). */
  readonly message: string;
  readonly orders: readonly AlertInstruction[];
  /** Identifies a repeat of an alert without an id: a hash of what it asks for. */
  readonly fingerprint: string;
}

/** The JSON body's `secret` (TradingView cannot set headers), or undefined. */
export function bodySecret(body: string): string | undefined {
  const json = jsonObject(body);
  const s = json.ok ? json.value.secret : undefined;
  return typeof s === 'string' ? s : undefined;
}

/** The payload → the orders it asks for, or why it cannot be read. `action` is what a ChartInk list means. */
export function parseAlert(body: string, defaults: { readonly action: 'buy' | 'sell' }): Result<ParsedAlert, string> {
  const text = body.trim();
  if (text === '') return err('The alert is empty; send TradingView JSON, a ChartInk scan or a line such as "BUY RELIANCE 10".');
  if (!text.startsWith('{')) return fromText(text);
  const json = jsonObject(text);
  if (!json.ok) return json;
  return 'stocks' in json.value || 'trigger_prices' in json.value ? fromChartink(json.value, defaults.action) : fromTradingView(json.value);
}

function jsonObject(body: string): Result<Record<string, unknown>, string> {
  let v: unknown;
  try {
    v = JSON.parse(body);
  } catch (e) {
    return err(`The alert is not valid JSON (${clip(e instanceof Error ? e.message : String(e), 80)}); check the alert message in TradingView.`);
  }
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? ok(v as Record<string, unknown>) : err('The alert JSON must be an object such as {"symbol": "NSE:RELIANCE", "action": "buy", "qty": 1}.');
}

const shown = (v: unknown): string => (typeof v === 'string' ? `"${clip(v, 40)}"` : typeof v === 'object' ? (v === null ? 'null' : Array.isArray(v) ? 'a list' : 'an object') : clip(String(v), 40));

const NUMBER = /^-?\d{1,12}(?:\.\d{1,8})?$/;
/** A number, or one written as text ("2501.35"): TradingView substitutes {{close}} as text. */
const numeric = z
  .union([z.number(), z.string().trim().regex(NUMBER, { error: (iss) => `expected a number, got ${shown(iss.input)}` })], { error: (iss) => `expected a number, got ${shown(iss.input)}` })
  .transform(Number);
const positive = numeric.pipe(z.number().gt(0, 'expected a number above 0'));
const percent = positive.pipe(z.number().max(100, 'expected a percent of equity, at most 100'));
const wholeShares = numeric.pipe(z.number().int('expected whole shares').min(1, 'expected at least 1 share').max(1_000_000, 'expected at most 1,000,000 shares'));
const word = <T extends string>(values: readonly [T, ...T[]], what: string) =>
  z.string({ error: `expected ${what}` }).trim().toLowerCase().pipe(z.enum(values, { error: (iss) => `expected ${what}, got ${shown(iss.input)}` }));

const tradingViewSchema = z.object({
  symbol: z.string({ error: 'required, e.g. "NSE:RELIANCE"' }).max(60),
  action: word(['buy', 'sell', 'exit'], 'buy, sell or exit'),
  qty: wholeShares.optional(),
  quantity: wholeShares.optional(),
  amount: positive.pipe(z.number().max(1e9)).optional(),
  pct: percent.optional(),
  price: positive.optional(),
  type: word(['market', 'limit'], 'market or limit').default('market'),
  product: z.string().trim().toUpperCase().pipe(z.enum(['CNC', 'MIS'], { error: (iss) => `expected CNC or MIS, got ${shown(iss.input)}` })).optional(),
  stop: positive.optional(),
  target: positive.optional(),
  strategy: z.string().trim().max(64).optional(),
  id: z.union([z.string().trim().min(1).max(100), z.number().transform(String)], { error: 'expected text of at most 100 characters' }).optional(),
  message: z.string().max(500).optional(),
  comment: z.string().max(500).optional(),
});

function firstIssue(e: z.ZodError): string {
  const i = e.issues[0];
  return i ? `${i.path.map(String).join('.') || 'alert'}: ${i.message}` : 'invalid';
}

/** `NSE:reliance` → RELIANCE; another exchange, or what is not a symbol, says so. */
function symbolOf(raw: string): Result<string, string> {
  const prefix = /^([A-Za-z_]{1,12}):/.exec(raw.trim());
  if (prefix && prefix[1]!.toUpperCase() !== 'NSE') return err(`symbol: only NSE symbols are traded, got ${shown(raw)}`);
  const s = normaliseSymbol(raw);
  return NSE_SYMBOL.test(s) ? ok(s) : err(`symbol: ${shown(raw)} is not an NSE symbol; use {{ticker}} or a symbol such as NSE:RELIANCE`);
}

const fingerprint = (p: Omit<ParsedAlert, 'fingerprint' | 'id'>): string => createHash('sha256').update(JSON.stringify(p)).digest('hex').slice(0, 32);

function finish(p: Omit<ParsedAlert, 'fingerprint'>): Result<ParsedAlert, string> {
  const { id, ...content } = p;
  return ok({ ...p, ...(id === undefined ? {} : { id }), fingerprint: fingerprint(content) });
}

function sizeOf(s: { readonly qty?: number; readonly amount?: number; readonly pct?: number }, action: AlertAction): Result<AlertSizing | undefined, string> {
  const given = [s.qty !== undefined, s.amount !== undefined, s.pct !== undefined].filter(Boolean).length;
  if (given > 1) return err('Give one of qty, amount or pct, not several.');
  if (action === 'exit' && (s.amount !== undefined || s.pct !== undefined)) return err('exit closes the position (qty, if given, is the most it sells); amount and pct do not apply.');
  if (s.qty !== undefined) return ok({ kind: 'qty', quantity: s.qty });
  if (s.amount !== undefined) return ok({ kind: 'amount', rupees: s.amount });
  if (s.pct !== undefined) return ok({ kind: 'pct', percent: s.pct });
  return ok(undefined);
}

function instruction(o: { symbol: string; action: AlertAction; size: AlertSizing | undefined; price?: number; limit: boolean; product?: 'CNC' | 'MIS'; stop?: number; target?: number }): Result<AlertInstruction, string> {
  if (o.limit && o.price === undefined) return err('A limit order needs its price ("price": "{{close}}", or @price in a text line).');
  return ok({
    symbol: o.symbol,
    action: o.action,
    ...(o.size ? { size: o.size } : {}),
    ...(o.price !== undefined ? { price: o.price } : {}),
    orderType: o.limit ? 'LIMIT' : 'MARKET',
    ...(o.product ? { product: o.product } : {}),
    ...(o.stop !== undefined ? { stop: o.stop } : {}),
    ...(o.target !== undefined ? { target: o.target } : {}),
  });
}

function fromTradingView(raw: Record<string, unknown>): Result<ParsedAlert, string> {
  const p = tradingViewSchema.safeParse(raw);
  if (!p.success) return err(`The alert is not understood: ${firstIssue(p.error)}.`);
  const a = p.data;
  if (a.qty !== undefined && a.quantity !== undefined) return err('Give qty or quantity, not both.');
  const symbol = symbolOf(a.symbol);
  if (!symbol.ok) return err(`The alert is not understood: ${symbol.error}.`);
  const qty = a.qty ?? a.quantity;
  const size = sizeOf({ ...(qty !== undefined ? { qty } : {}), ...(a.amount !== undefined ? { amount: a.amount } : {}), ...(a.pct !== undefined ? { pct: a.pct } : {}) }, a.action);
  if (!size.ok) return size;
  const order = instruction({ symbol: symbol.value, action: a.action, size: size.value, ...(a.price !== undefined ? { price: a.price } : {}), limit: a.type === 'limit', ...(a.product ? { product: a.product } : {}), ...(a.stop !== undefined ? { stop: a.stop } : {}), ...(a.target !== undefined ? { target: a.target } : {}) });
  if (!order.ok) return order;
  const said = a.message ?? a.comment;
  const what = `${a.action.toUpperCase()} ${symbol.value}${sizeText(size.value)}`;
  return finish({
    format: 'tradingview',
    ...(a.id !== undefined ? { id: a.id } : {}),
    ...(a.strategy ? { strategy: a.strategy } : {}),
    message: oneLine(`TradingView${a.strategy ? ` (${a.strategy})` : ''}: ${what}${said ? ` — ${said}` : ''}`),
    orders: [order.value],
  });
}

const chartinkSchema = z.object({
  stocks: z.string({ error: 'expected the comma-separated stocks' }).max(20_000),
  trigger_prices: z.string({ error: 'expected the comma-separated trigger prices' }).max(20_000),
  triggered_at: z.string().max(40).optional(),
  scan_name: z.string().max(200).optional(),
  scan_url: z.string().max(300).optional(),
  alert_name: z.string().max(200).optional(),
});

function fromChartink(raw: Record<string, unknown>, action: 'buy' | 'sell'): Result<ParsedAlert, string> {
  const p = chartinkSchema.safeParse(raw);
  if (!p.success) return err(`The ChartInk alert is not understood: ${firstIssue(p.error)}.`);
  const stocks = p.data.stocks.split(',').map((s) => s.trim()).filter((s) => s !== '');
  const prices = p.data.trigger_prices.split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (stocks.length === 0) return err('The ChartInk alert lists no stocks.');
  if (stocks.length !== prices.length) return err(`The ChartInk alert lists ${stocks.length} stocks and ${prices.length} trigger prices; they must pair up.`);
  if (stocks.length > MAX_SYMBOLS) return err(`The ChartInk alert lists ${stocks.length} stocks; at most ${MAX_SYMBOLS} are taken at once.`);
  const orders: AlertInstruction[] = [];
  for (const [i, raw] of stocks.entries()) {
    const symbol = symbolOf(raw);
    if (!symbol.ok) return err(`The ChartInk alert is not understood: stock ${i + 1}: ${symbol.error.replace(/^symbol: /, '')}.`);
    const price = positive.safeParse(prices[i]);
    if (!price.success) return err(`The ChartInk alert is not understood: trigger price ${i + 1}: ${firstIssue(price.error).replace(/^alert: /, '')}.`);
    orders.push({ symbol: symbol.value, action, price: price.data, orderType: 'MARKET' });
  }
  const name = p.data.alert_name ?? p.data.scan_name ?? 'scan';
  return finish({ format: 'chartink', message: oneLine(`ChartInk ${name}${p.data.triggered_at ? ` at ${p.data.triggered_at}` : ''}: ${action.toUpperCase()} ${stocks.join(', ')}`), orders });
}

const TEXT_WORD = /^(stop|target|amount|pct|id)=(\S{1,100})$/i;

/** `BUY RELIANCE 10 MIS @2500 stop=2450 target=2600 id=abc` (words after the symbol in any order). */
function fromText(text: string): Result<ParsedAlert, string> {
  if (text.length > 300 || /[\r\n]/.test(text)) return err('A text alert is one line of at most 300 characters, such as "BUY RELIANCE 10".');
  const words = text.split(/\s+/);
  const usage = 'write it as "BUY RELIANCE 10", "SELL TCS 5 MIS @3500" or "EXIT INFY"';
  const action = (words[0] ?? '').toLowerCase();
  if (action !== 'buy' && action !== 'sell' && action !== 'exit') return err(`The alert is not understood: it starts with ${shown(words[0])}, not BUY, SELL or EXIT; ${usage}.`);
  if (words.length < 2) return err(`The alert names no symbol; ${usage}.`);
  const symbol = symbolOf(words[1]!);
  if (!symbol.ok) return err(`The alert is not understood: ${symbol.error}.`);
  const f: { qty?: number; amount?: number; pct?: number; price?: number; product?: 'CNC' | 'MIS'; stop?: number; target?: number; id?: string } = {};
  /** Reads a number word into `f[field]`; the problem, if it is not one. */
  const set = (field: 'qty' | 'price' | 'stop' | 'target' | 'amount' | 'pct', schema: z.ZodType<number, unknown>, v: string): string | undefined => {
    const r = schema.safeParse(v);
    if (!r.success) return `The alert is not understood: ${field === 'qty' ? 'quantity' : field}: ${r.error.issues[0]?.message ?? 'invalid'}.`;
    f[field] = r.data;
    return undefined;
  };
  for (const w of words.slice(2)) {
    const kv = TEXT_WORD.exec(w);
    const key = kv ? (kv[1]!.toLowerCase() as 'stop' | 'target' | 'amount' | 'pct' | 'id') : undefined;
    let problem: string | undefined;
    if (/^\d+$/.test(w) && f.qty === undefined) problem = set('qty', wholeShares, w);
    else if (/^(cnc|mis)$/i.test(w) && f.product === undefined) f.product = w.toUpperCase() as 'CNC' | 'MIS';
    else if (w.startsWith('@') && f.price === undefined) problem = set('price', positive, w.slice(1));
    else if (key === 'id' && f.id === undefined) f.id = kv![2]!;
    else if (key !== undefined && key !== 'id' && f[key] === undefined) problem = set(key, key === 'pct' ? percent : positive, kv![2]!);
    else return err(`The alert is not understood: ${shown(w)} (a word given twice, or not one of a quantity, CNC/MIS, @price, stop=, target=, amount=, pct=, id=); ${usage}.`);
    if (problem) return err(problem);
  }
  const size = sizeOf(f, action);
  if (!size.ok) return size;
  const order = instruction({ symbol: symbol.value, action, size: size.value, ...(f.price !== undefined ? { price: f.price } : {}), limit: f.price !== undefined, ...(f.product ? { product: f.product } : {}), ...(f.stop !== undefined ? { stop: f.stop } : {}), ...(f.target !== undefined ? { target: f.target } : {}) });
  if (!order.ok) return order;
  return finish({ format: 'text', ...(f.id !== undefined ? { id: f.id } : {}), message: oneLine(text), orders: [order.value] });
}

function sizeText(s: AlertSizing | undefined): string {
  if (!s) return '';
  return s.kind === 'qty' ? ` ${s.quantity}` : s.kind === 'amount' ? ` ₹${s.rupees}` : ` ${s.percent}% of equity`;
}

const oneLine = (s: string): string => clip(s.replace(/\s+/g, ' ').trim(), 300);
