/**
 * Issue 19 end to end: the whole bot listening on 127.0.0.1 (real HTTP requests, not fastify inject) with the fake
 * Telegram, in paper mode (the simulated broker) and in live mode (the fake Kite). A TradingView alert — the README's
 * template, and the README's curl line — reaches a card on Telegram; the tap places the order (paper: filled on the
 * next tick, the fill posted to an outgoing webhook; live: placed once on Kite, tagged with the card's id); a
 * replayed alert places nothing (also after a restart); a wrong secret (401), an oversized body (413) and a malformed
 * payload (400) each get their status and place nothing; the source's rate → 429 and an admin notice; a ChartInk scan
 * and a text line reach a card too; /alerts_in says what became of each.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunningApp } from '../../src/app';
import type { Config } from '../../src/config';
import { clientOrderId } from '../../src/core/ids';
import type { Order } from '../../src/core/order';
import type { FakeKite } from '../fakes/kite';
import { INFY } from '../fakes/kite/support';
import type { StoredMessage } from '../fakes/telegram/chats';
import { WebhookReceiver } from '../fakes/webhookReceiver';
import { e2eConfig, shiftedClock, startE2eApp, startFakes, type Fakes, type StartedApp } from '../support/e2e/appHarness';
import { kiteCallbackUrl, LIVE_START, liveEnv, startLiveFakeKite } from '../support/e2e/liveHarness';
import { buttonData, textOf, type Keyboard } from '../support/e2e/telegramButtons';
import { eventually, eventuallyFilled, filledWhileTicking } from '../support/e2e/waiting';

const ADMIN = 444;
const ALL_STATUSES = ['PENDING_APPROVAL', 'APPROVED', 'SUBMITTED', 'OPEN', 'PARTIALLY_FILLED', 'FILLED', 'CANCELLED', 'REJECTED', 'EXPIRED', 'DENIED'] as const;

// ---------------------------------------------------------------------------------------------------------------
// The README's examples: the TradingView template and the curl line, read from README.md as written.
// ---------------------------------------------------------------------------------------------------------------
const README = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
const section = README.slice(README.indexOf('## Alerts in and out'));
const TEMPLATE = /\*\*TradingView alert template\*\*[\s\S]*?```json\n(.+)\n```/.exec(section)?.[1];
const CURL = /```sh\n(curl .+)\n```/.exec(section)?.[1];

interface CurlCall {
  readonly url: URL;
  readonly headers: Record<string, string>;
  readonly body: string;
}

/** `curl -X POST <url> -H '<name>: <value>' -d '<body>'` → the request it makes (single-quoted words, as in README). */
function parseCurl(line: string): CurlCall {
  const words = [...line.matchAll(/'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2]!);
  const headers: Record<string, string> = {};
  let url: string | undefined;
  let body = '';
  let method = 'GET';
  for (let i = 1; i < words.length; i++) {
    const w = words[i]!;
    if (w === '-X') method = words[++i]!;
    else if (w === '-H') {
      const [name, ...value] = words[++i]!.split(':');
      headers[name!.trim().toLowerCase()] = value.join(':').trim();
    } else if (w === '-d') body = words[++i]!;
    else if (w.startsWith('http')) url = w;
    else throw new Error(`the README's curl line has an option this test does not know: ${w}`);
  }
  if (method !== 'POST' || url === undefined) throw new Error(`the README's curl line is not a POST to a URL: ${line}`);
  return { url: new URL(url), headers, body };
}

/** The README's ALERT_SOURCES example (its tv source), so that the template and the curl line are used as written. */
const README_SOURCES = JSON.parse(/`ALERT_SOURCES=(\{.+?\})`/.exec(section)?.[1] ?? '{}') as { tv?: { secret?: string } };
const README_SECRET = README_SOURCES.tv?.secret ?? '';
/** The README's example of what an outgoing webhook receives. */
const HOOK_EXAMPLE = JSON.parse(/### Outgoing webhooks[\s\S]*?```json\n(.+)\n```/.exec(section)?.[1] ?? '{}') as Record<string, unknown>;

// ---------------------------------------------------------------------------------------------------------------
// One bot with its fakes
// ---------------------------------------------------------------------------------------------------------------
const CK_SECRET = 'ck-secret-0123456789';
const BURST_SECRET = 'burst-secret-0123456789';
const ALERT_SOURCES = JSON.stringify({
  ...README_SOURCES,
  chartink: { secret: CK_SECRET, action: 'buy', size: 'qty:1' },
  burst: { secret: BURST_SECRET, perMinute: 2 },
});


interface Answer {
  readonly status: number;
  readonly headers: Headers;
  readonly body: Record<string, unknown>;
}

function harness(label: string, start: number) {
  const clock = shiftedClock(start);
  const s = { fakes: undefined as unknown as Fakes, config: undefined as unknown as Config, running: undefined as StartedApp | undefined };
  const app = (): RunningApp => s.running!.app;
  const tg = () => s.fakes.telegram;
  const fromBot = (): StoredMessage[] => tg().messages(ADMIN).filter((m) => m.fromBot);
  const cards = (): StoredMessage[] => fromBot().filter((m) => /^(Order|Batch) approval/.test(textOf(m)));
  const post = async (path: string, body: string, headers: Record<string, string> = { 'content-type': 'text/plain; charset=utf-8' }): Promise<Answer> => {
    const r = await fetch(`${app().http.url}${path}`, { method: 'POST', headers, body });
    const text = await r.text();
    return { status: r.status, headers: r.headers, body: JSON.parse(text) as Record<string, unknown> };
  };
  const orders = (): Promise<Order[]> => app().engine.repos.orders.withStatus(ALL_STATUSES);
  const pending = async (): Promise<number> => (await app().engine.repos.approvals.withStatus('PENDING')).length;
  /** The card naming `id`, once it has arrived (its text says so) with its buttons. */
  const cardFor = (id: string): Promise<StoredMessage> =>
    eventually(`the card of ${id}`, () => cards().find((m) => textOf(m).includes(id) && (m.state.replyMarkup as Keyboard | undefined) !== undefined)).catch((e: unknown) => {
      throw new Error(`${String(e)}; the bot said: ${JSON.stringify(fromBot().slice(-4).map(textOf))}`);
    });
  const tap = async (m: StoredMessage, label: string): Promise<string> => {
    const before = tg().callbackAnswers().length;
    await tg().pressButton({ chatId: ADMIN, messageId: m.messageId, fromId: ADMIN, data: buttonData(m, label) });
    return (await eventually('the answer to the tap', () => tg().callbackAnswers()[before])).text ?? '';
  };
  /** Sends a command and returns the first new bot message matching `expected`. */
  const ask = async (text: string, expected: RegExp): Promise<string> => {
    const before = tg().messages(ADMIN).length;
    await tg().sendUserMessage({ chatId: ADMIN, fromId: ADMIN, text });
    const fresh = () => tg().messages(ADMIN).slice(before).filter((m) => m.fromBot).map(textOf);
    return eventually(`the ${text} reply`, () => fresh().find((t) => expected.test(t))).catch((e: unknown) => {
      throw new Error(`${String(e)}; the bot said: ${JSON.stringify(fresh())}`);
    });
  };
  const adminSaid = (pattern: RegExp): Promise<string> => eventually(`an admin message like ${String(pattern)}`, () => fromBot().map(textOf).find((t) => pattern.test(t)));
  const orderOf = (a: Answer): string => {
    const list = a.body.orders as Array<{ order?: string }> | undefined;
    const id = list?.[0]?.order;
    if (id === undefined) throw new Error(`no order in the answer: ${JSON.stringify(a.body)}`);
    return id;
  };
  return { clock, s, app, tg, cards, post, orders, pending, cardFor, tap, ask, adminSaid, orderOf, fromBot };
}

/** The README's template as TradingView fills it in for INFY. */
const templateFor = (ticker: string, close: string, time: string): string => {
  if (!TEMPLATE) throw new Error('README.md has no TradingView alert template');
  return TEMPLATE.replaceAll('{{ticker}}', ticker).replaceAll('{{close}}', close).replaceAll('{{timenow}}', time);
};

test('README: the alerts section has the TradingView template and a curl line', () => {
  expect(TEMPLATE).toBeDefined();
  expect(JSON.parse(TEMPLATE!)).toMatchObject({ symbol: 'NSE:{{ticker}}', price: '{{close}}', id: expect.stringContaining('{{timenow}}') });
  expect(CURL).toBeDefined();
  expect(parseCurl(CURL!).url.pathname).toBe('/hooks/alerts/tv');
  expect(README_SOURCES).toEqual({ tv: { secret: README_SECRET, size: 'qty:1', approval: 'always' } });
  expect((JSON.parse(TEMPLATE!) as { secret: string }).secret).toBe(README_SECRET);
  expect(JSON.parse(parseCurl(CURL!).body)).toMatchObject({ secret: README_SECRET });
  expect(Object.keys(HOOK_EXAMPLE)).toEqual(['id', 'time', 'kind', 'severity', 'title', 'fields']);
});

describe('paper mode: alerts over HTTP to a card, a tap to the simulated broker', () => {
  const h = harness('e2e_alerts_paper', Date.parse('2025-01-08T05:30:00Z'));
  const { s, app, post, orders, pending, cardFor, tap, ask, adminSaid, orderOf } = h;
  let hooks: WebhookReceiver;
  /** OUTGOING_WEBHOOK_URLS: every kind but fills (routed to `hooks` by OUTGOING_WEBHOOK_URLS_FILLS). */
  let everything: WebhookReceiver;
  let first: { body: string; alert: string };

  beforeAll(async () => {
    s.fakes = await startFakes('e2e_alerts_paper');
    hooks = await WebhookReceiver.start();
    everything = await WebhookReceiver.start();
    s.config = e2eConfig(s.fakes, { TELEGRAM_ALLOWED_USERS: `${ADMIN}:admin`, ALERT_SOURCES, OUTGOING_WEBHOOK_URLS: everything.url('/all'), OUTGOING_WEBHOOK_URLS_FILLS: hooks.url('/fills') });
    s.running = await startE2eApp(s.config, ['INFY', 'TCS', 'RELIANCE'], h.clock);
    for (const [sym, p] of [['INFY', 1500], ['TCS', 3500], ['RELIANCE', 2500]] as const) s.running.ticks.push(sym, p, h.clock.now());
  });
  afterAll(async () => {
    await s.running?.app.stop();
    await hooks?.down();
    await everything?.down();
    await s.fakes?.close();
  });

  test("the README's TradingView template → a card naming the alert → the tap places it → filled; the fill goes to the outgoing webhook", async () => {
    const body = templateFor('INFY', '1500.10', '2025-01-08T05:31:00Z');
    const r = await post('/hooks/alerts/tv', body);
    expect(r.status).toBe(200);
    expect(r.body.orders).toEqual([expect.objectContaining({ symbol: 'INFY', side: 'BUY', quantity: 1, status: 'PENDING_APPROVAL' })]);
    const id = orderOf(r);
    first = { body, alert: String(r.body.alert) };

    const card = await cardFor(id);
    expect(textOf(card)).toMatch(/BUY 1 INFY/);
    expect(textOf(card)).toContain('Alert from tv:');
    expect(await tap(card, 'Approve')).toBe('Approved');
    const filled = await filledWhileTicking('the fill on the paper broker', () => app().engine.repos.orders.get(clientOrderId(id)), () => s.running!.ticks.push('INFY', 1500.5, h.clock.now()));
    expect(filled.filledQuantity).toBe(1);
    expect(filled.intent.source).toEqual({ kind: 'alert', source: 'tv' });
    expect(app().engine.trading.book.portfolio.position[app().engine.trading.book.portfolio.find('INFY', 'CNC')]).toBe(1);

    await hooks.deliveredCount(1);
    const posted = JSON.parse(hooks.delivered()[0]!.body) as Record<string, unknown>;
    expect(hooks.delivered()[0]!.path).toBe('/fills');
    // as the README shows it
    expect(Object.keys(posted)).toEqual(Object.keys(HOOK_EXAMPLE));
    expect(posted).toMatchObject({ kind: 'fill', severity: 'info', fields: expect.objectContaining({ Order: id }) });
    expect(String(posted.title)).toMatch(/^Filled: BUY 1 INFY @ ₹1,500\.\d\d$/);
  });

  test('the same alert again (TradingView resends) answers 200 as a repeat and places nothing; /alerts_in says so', async () => {
    const before = (await orders()).length;
    const r = await post('/hooks/alerts/tv', first.body);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ duplicate: true, repeatOf: first.alert });
    expect((await orders()).length).toBe(before);
    expect(await pending()).toBe(0);
    const listed = await ask('/alerts_in tv', /Incoming alerts from tv/);
    expect(listed).toContain(`a repeat of ${first.alert}: nothing placed`);
    expect(listed).toMatch(/order \w{8} BUY 1 INFY FILLED/);
  });

  test('a wrong secret (401), an unknown source (401), an oversized body (413) and a malformed payload (400) place nothing', async () => {
    const before = (await orders()).length;
    const fresh = (over: Record<string, unknown>) => JSON.stringify({ ...(JSON.parse(templateFor('INFY', '1500', `t-${Date.now()}`)) as object), ...over });

    const wrong = await post('/hooks/alerts/tv', fresh({ secret: 'not-the-secret-000000' }));
    expect(wrong.status).toBe(401);
    expect(String(wrong.body.error)).toMatch(/Unknown alert source or wrong secret/);
    expect((await post(`/hooks/alerts/tv/not-the-secret-000000`, fresh({ secret: undefined }))).status).toBe(401);
    expect((await post('/hooks/alerts/nosuch', fresh({}))).status).toBe(401);

    const big = await post('/hooks/alerts/tv', fresh({ strategy: 'x'.repeat(65 * 1024) }));
    expect(big.status).toBe(413);
    expect(String(big.body.error)).toMatch(/over 64 KB/);

    const bad = await post('/hooks/alerts/tv', fresh({ action: 'hold' }));
    expect(bad.status).toBe(400);
    expect(String(bad.body.error)).toMatch(/action/);
    await adminSaid(/An alert from tv was refused \(400\)/);
    // the same notice (a system notification) goes to the outgoing webhook for every other kind
    const notice = await eventually('the 400 notice at the webhook', () =>
      everything.delivered().map((x) => JSON.parse(x.body) as { kind: string; title: string }).find((n) => n.title.startsWith('An alert from tv was refused (400)')),
    );
    expect(notice.kind).toBe('system');
    expect(everything.delivered().some((x) => (JSON.parse(x.body) as { kind: string }).kind === 'fill')).toBe(false);

    expect((await orders()).length).toBe(before);
    expect(await pending()).toBe(0);
  });

  test('beyond the source’s rate: 429 with Retry-After, nothing placed, and the admins are told', async () => {
    const line = (n: number) => post('/hooks/alerts/burst', `BUY TCS 1 id=burst-${n}`, { 'content-type': 'text/plain', 'x-alert-secret': BURST_SECRET });
    const a = await line(1);
    const b = await line(2);
    expect([a.status, b.status]).toEqual([200, 200]);
    const before = (await orders()).length;
    const c = await line(3);
    expect(c.status).toBe(429);
    expect(Number(c.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect((await orders()).length).toBe(before);
    await adminSaid(/Alert source burst sent more than 2 alerts in a minute/);
    // the two accepted ones wait on cards; rejected here to leave the book as it was
    for (const r of [a, b]) expect(await tap(await cardFor(orderOf(r)), 'Reject')).toMatch(/Rejected/);
  });

  test('a ChartInk scan (secret in the path) → one batch card with every stock; a text line → its card', async () => {
    const scan = JSON.stringify({ stocks: 'TCS,RELIANCE', trigger_prices: '3500,2500', triggered_at: '11:02 am', scan_name: 'Breakout', scan_url: 'breakout', alert_name: 'Breakout alert' });
    const r = await post(`/hooks/alerts/chartink/${CK_SECRET}`, scan, { 'content-type': 'application/json' });
    expect(r.status).toBe(200);
    const lines = r.body.orders as Array<{ symbol: string; status: string; order: string }>;
    expect(lines.map((l) => [l.symbol, l.status])).toEqual([['TCS', 'PENDING_APPROVAL'], ['RELIANCE', 'PENDING_APPROVAL']]);
    const batch = await eventually('the batch card', () => h.cards().find((m) => /^Batch approval/.test(textOf(m)) && lines.every((l) => textOf(m).includes(l.order))));
    expect(textOf(batch)).toContain('Alert from chartink:');

    const text = await post('/hooks/alerts/tv', 'BUY RELIANCE 2', { 'content-type': 'text/plain', 'x-alert-secret': README_SECRET });
    expect(text.status).toBe(200);
    const card = await cardFor(orderOf(text));
    expect(textOf(card)).toMatch(/BUY 2 RELIANCE/);
    expect(textOf(card)).toContain('Alert from tv: BUY RELIANCE 2');
  });

  test("the README's curl line, sent to the running bot: 200 and a card; sent again: a repeat, nothing placed", async () => {
    // a minute of market later: the first test's BUY 1 INFY is outside the risk engine's duplicate-order window
    h.clock.jump(60_000);
    s.running!.ticks.push('INFY', 1500, h.clock.now());
    const call = parseCurl(CURL!);
    const send = () => post(call.url.pathname, call.body, call.headers);
    const r = await send();
    expect(r.status).toBe(200);
    expect(r.body.orders).toEqual([expect.objectContaining({ symbol: 'INFY', side: 'BUY', quantity: 1, status: 'PENDING_APPROVAL' })]);
    await cardFor(orderOf(r));
    const before = (await orders()).length;
    const again = await send();
    expect(again.status).toBe(200);
    expect(again.body.duplicate).toBe(true);
    expect((await orders()).length).toBe(before);
  });
});

describe('live mode: an alert to a card, the tap places it on Kite once; a repeat places nothing, also after a restart', () => {
  const h = harness('e2e_alerts_live', LIVE_START);
  const { s, app, post, cardFor, tap, orderOf } = h;
  let kite: FakeKite;
  let alert: string;
  const placements = (): number => kite.requests.count({ route: 'order.place' });

  beforeAll(async () => {
    s.fakes = await startFakes('e2e_alerts_live');
    kite = await startLiveFakeKite({ instruments: [INFY] });
    kite.setLtp(INFY.token, 1500);
    s.config = e2eConfig(s.fakes, { ...liveEnv(kite, ADMIN), ALERT_SOURCES });
    s.running = await startE2eApp(s.config, ['INFY'], h.clock);
    kite.setPostbackUrl(`${app().http.url}/kite/postback`);
    s.running.ticks.push('INFY', 1500, h.clock.now());
    const res = await fetch(kiteCallbackUrl(app().http.url, app().engine.services, kite.sessions.issueRequestToken()));
    expect(res.status).toBe(200);
    await h.adminSaid(/Kite login complete/);
  });
  afterAll(async () => {
    await s.running?.app.stop();
    await kite?.close();
    await s.fakes?.close();
  });

  test('a TradingView alert → a card → the tap places it on Kite once (tagged with the card id) → filled', async () => {
    alert = templateFor('INFY', '1500.00', '2025-01-08T05:31:00Z');
    const r = await post('/hooks/alerts/tv', alert);
    expect(r.status).toBe(200);
    const id = orderOf(r);
    expect(placements()).toBe(0);
    const card = await cardFor(id);
    expect(textOf(card)).toContain('Alert from tv:');
    expect(await tap(card, 'Approve')).toBe('Approved');
    const filled = await eventuallyFilled('the fill from the postback', () => app().engine.repos.orders.get(clientOrderId(id)));
    expect(filled.filledQuantity).toBe(1);
    expect(placements()).toBe(1);
    expect(kite.orders.orders().filter((o) => o.tag === id)).toHaveLength(1);
  });

  test('the replayed alert, a wrong secret and a malformed payload reach nothing at Kite', async () => {
    const again = await post('/hooks/alerts/tv', alert);
    expect(again.status).toBe(200);
    expect(again.body.duplicate).toBe(true);
    expect((await post('/hooks/alerts/tv/wrong-secret-0000000', 'BUY INFY 1')).status).toBe(401);
    expect((await post('/hooks/alerts/tv', JSON.stringify({ secret: README_SECRET, symbol: 'NSE:INFY', action: 'buy', qty: -3 }))).status).toBe(400);
    expect(await h.pending()).toBe(0);
    expect(placements()).toBe(1);
  });

  test('after a restart the same alert is still a repeat (kept in MongoDB): nothing placed', async () => {
    await s.running!.app.stop();
    s.running = await startE2eApp(s.config, ['INFY'], h.clock);
    const again = await post('/hooks/alerts/tv', alert);
    expect(again.status).toBe(200);
    expect(again.body.duplicate).toBe(true);
    expect(await h.pending()).toBe(0);
    expect(placements()).toBe(1);
  });
});
