/**
 * Issue 18, /pnl from one ledger: every section of the reply (the symbols' table, the net, by instance, by sector)
 * is a grouping of the same rows of the one position book (account × symbol), so they all add up to the same net —
 * checked through the real telegraf against the fake Telegram over a strategy's own fills (a BUY card of sma-cross,
 * approved, then its exit), a person's /buy and a partial /sell, a second sector, and the charges every fill paid.
 * The net is also checked against the live book's accounts, and stays the same after a restart (the book and the
 * report are rebuilt from the journal). Unhappy: a bad period, a viewer (allowed: /pnl is a viewer's command), a
 * double tap on Refresh.
 */
import { sectorOf, nseSectorMap } from '../../src/portfolio/sectors/sectorMap';
import { buttonData, chatBot, textOf, TRADER, VIEWER } from '../support/e2e/chatBot';
import { eventuallyFilled, filledWhileTicking } from '../support/e2e/waiting';

/** "₹1,23,456.50" / "−₹12.30" → rupees. */
const rupeesOf = (s: string): number => (s.startsWith('−') ? -1 : 1) * Number(s.replace(/[−₹,]/g, ''));
const RUPEES = /−?₹[\d,]+\.\d\d/g;
const paise = (x: number): number => Math.round(x * 100) / 100;

interface PnlText {
  readonly net: number;
  readonly charges: number;
  /** Each section's lines (key → net) and its printed total. */
  readonly sections: Readonly<Record<'symbol' | 'instance' | 'sector', { lines: Map<string, number>; total?: number }>>;
}

function parsePnl(text: string): PnlText {
  const foot = /Realised (−?₹[\d,.]+), unrealised (−?₹[\d,.]+), charges (−?₹[\d,.]+): net (−?₹[\d,.]+)/.exec(text);
  if (!foot) throw new Error(`no totals in: ${text}`);
  const group = (title: string): { lines: Map<string, number>; total?: number } => {
    const m = new RegExp(`^${title}: (.*) \\(total (−?₹[\\d,.]+)\\)$`, 'm').exec(text);
    if (!m) throw new Error(`no "${title}" in: ${text}`);
    return { lines: new Map(m[1]!.split(', ').map((part) => { const k = part.lastIndexOf(' '); return [part.slice(0, k), rupeesOf(part.slice(k + 1))]; })), total: rupeesOf(m[2]!) };
  };
  // The symbols' table: one row (or two-line card) per symbol, its last rupee figure the symbol's net.
  const lines = new Map<string, number>();
  for (const m of text.matchAll(/^([A-Z][A-Z0-9&-]+)\b(.*(?:\n(?![A-Z][A-Z0-9&-]+\b|Realised).*)*)/gm)) {
    const figures = m[2]!.match(RUPEES);
    if (figures && figures.length >= 4) lines.set(m[1]!, rupeesOf(figures[figures.length - 1]!));
  }
  return { net: rupeesOf(foot[4]!), charges: rupeesOf(foot[3]!), sections: { symbol: { lines }, instance: group('By instance'), sector: group('By sector') } };
}

describe('/pnl from the one position book: every section sums to the same net', () => {
  const b = chatBot('e2e_pnl_ledger', ['INFY', 'TCS', 'HDFCBANK']);
  const px = { INFY: 1500, TCS: 4000, HDFCBANK: 1650 };
  const tickAll = (): void => {
    for (const [s, p] of Object.entries(px)) b.tick(s, p);
  };
  const idIn = (text: string): string => /^Order ([a-z0-9]+):/.exec(text)![1]!;
  /** A person's order from the chat, approved on its card, filled at the next tick. */
  const byHand = async (command: string, side: 'BUY' | 'SELL'): Promise<void> => {
    const id = idIn(textOf(await b.ask(TRADER, command, /^Order \w+:|⚠️/)));
    const { card } = await b.nextCard(side, id);
    expect(await b.tap(TRADER, card, buttonData(card, 'Approve'))).toBe('Approved');
    await filledWhileTicking(command, () => b.order(id), tickAll);
  };
  let instance = '';

  beforeAll(() => {
    for (let k = 0; k < 3; k++) tickAll();
  });

  test('a strategy’s fills, a person’s buy and partial sell, two sectors: net = Σ symbols = Σ instances = Σ sectors, with every fill’s charges', async () => {
    // The strategy's own signal: sma-cross 2/4 on TCS, falling for 30 minutes then jumping up — a BUY card.
    instance = /^Started (\S+):/.exec(textOf(await b.ask(TRADER, '/run sma-cross TCS fast=2 slow=4 capital=5%', /^Started|⚠️/)))![1]!;
    const push = (p: number): void => {
      px.TCS = p;
      tickAll();
    };
    for (let k = 0; k < 30; k++) push(4000 - 2 * k);
    push(px.TCS + 20);
    push(px.TCS + 1);
    const { card, id } = await b.nextCard('BUY');
    expect(textOf(card)).toContain(instance);
    expect(await b.tap(TRADER, card, buttonData(card, 'Approve'))).toBe('Approved');
    push(px.TCS + 1);
    const bought = await eventuallyFilled('the strategy’s TCS buy', () => b.order(id));
    expect(bought.intent.instanceId).toBe(instance);

    await byHand('/buy INFY 10', 'BUY');
    px.INFY = 1512.5;
    tickAll();
    await byHand('/sell INFY 4', 'SELL');
    await byHand('/buy HDFCBANK 3', 'BUY');
    // Prices move after the fills: unrealised P&L in every open row.
    px.INFY = 1520;
    px.HDFCBANK = 1640.35;
    push(px.TCS + 3);
    await b.settleOrders();

    const text = textOf(await b.ask(VIEWER, '/pnl', /^P&L|⚠️/));
    const r = parsePnl(text);
    // Every section lists what it should: each symbol traded, the instance and the portfolio, both sectors.
    expect([...r.sections.symbol.lines.keys()].sort()).toEqual(['HDFCBANK', 'INFY', 'TCS']);
    expect([...r.sections.instance.lines.keys()].sort()).toEqual([instance, 'portfolio'].sort());
    const sectors = nseSectorMap();
    expect([...r.sections.sector.lines.keys()].sort()).toEqual([sectorOf(sectors, 'HDFCBANK'), sectorOf(sectors, 'INFY')].sort());
    // One net: each section's lines add up to it, and each printed total is it.
    for (const s of Object.values(r.sections)) {
      expect(paise([...s.lines.values()].reduce((x, y) => x + y, 0))).toBe(r.net);
      if (s.total !== undefined) expect(s.total).toBe(r.net);
    }

    // The charges are what the book booked on every fill of the day (none is ₹0.00).
    const fills = await b.app().engine.repos.orders.transitions({ fills: true });
    expect(fills.length).toBe(4);
    for (const f of fills) expect(f.fill!.charges!).toBeGreaterThan(0);
    expect(Math.abs(r.charges - fills.reduce((x, f) => x + f.fill!.charges!, 0))).toBeLessThanOrEqual(0.05);
    // The net is the live book's: every account's realised P&L after charges plus its unrealised P&L at the marks.
    let book = 0;
    for (const a of b.app().engine.trading.book.accounts()) book += a.realised + a.unrealised();
    expect(Math.abs(r.net - book)).toBeLessThanOrEqual(0.05);
    // The partial close realised 4 × (sell − buy) in INFY; the portfolio's line carries INFY and HDFCBANK.
    const infy = fills.filter((f) => f.symbol === 'INFY');
    const realisedInfy = 4 * (infy[1]!.fill!.price - infy[0]!.fill!.price);
    expect(infy.map((f) => f.fill!.price)).toEqual([1500, 1512.5]);
    const infyNet = paise(realisedInfy + 6 * (1520 - infy[0]!.fill!.price) - infy[0]!.fill!.charges! - infy[1]!.fill!.charges!);
    expect(Math.abs(r.sections.symbol.lines.get('INFY')! - infyNet)).toBeLessThanOrEqual(0.02);
    expect(r.sections.instance.lines.get(instance)).toBe(r.sections.symbol.lines.get('TCS'));
    expect(r.sections.instance.lines.get('portfolio')).toBe(paise(r.sections.symbol.lines.get('INFY')! + r.sections.symbol.lines.get('HDFCBANK')!));
  });

  test('the same figures for the week, after a Refresh tapped twice, and after a restart (rebuilt from the journal); a bad period is explained', async () => {
    const before = parsePnl(textOf(await b.ask(TRADER, '/pnl', /^P&L|⚠️/)));
    // Nothing traded before today: the week's P&L is the day's.
    expect(parsePnl(textOf(await b.ask(TRADER, '/pnl week', /^P&L|⚠️/))).net).toBe(before.net);
    const msg = await b.ask(VIEWER, '/pnl', /^P&L|⚠️/);
    const refresh = buttonData(msg, 'Refresh');
    // The second tap carries the first one's (now stale) button, as a phone's double tap does.
    const answers = [await b.tap(VIEWER, msg, refresh), await b.tap(VIEWER, msg, refresh, VIEWER, true)];
    expect(answers).toEqual(['Refreshed', 'Refreshed']);
    expect(parsePnl(textOf(b.now(msg)))).toEqual(before);
    await b.restart();
    // The restarted book values its positions once the market prices them again (the same prices as before).
    tickAll();
    await b.settleOrders();
    const after = parsePnl(textOf(await b.ask(VIEWER, '/pnl', /^P&L|⚠️/)));
    expect(after).toEqual(before);
    expect(textOf(await b.ask(VIEWER, '/pnl year', /⚠️|period/))).toMatch(/period: expected day, week or month/);
  });
});
