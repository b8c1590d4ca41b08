/**
 * Issue 18: paper mode with a Kite session trades on the live ticker — real prices, simulated fills (no order
 * reaches Kite) — and /status says which market runs: the synthetic demo market before the login, the Kite ticker
 * after it, and the demo market again after /logout. Through the real telegraf against the fake Telegram and the fake Kite (REST, login callback, ticker).
 */
import type { FakeKite } from '../fakes/kite';
import { INFY } from '../fakes/kite/support';
import { KITE_PAPER_SOURCE, SYNTHETIC_SOURCE } from '../../src/data/market/liveFeed';
import { ADMIN, buttonData, chatBot, textOf, TRADER, VIEWER } from '../support/e2e/chatBot';
import { kiteCallbackUrl, liveEnv, startLiveFakeKite } from '../support/e2e/liveHarness';
import { eventually, eventuallyFilled } from '../support/e2e/waiting';

describe('paper mode with a Kite session: the live ticker, simulated fills', () => {
  let kite: FakeKite;
  const env: Record<string, string> = {};
  beforeAll(async () => {
    kite = await startLiveFakeKite({ instruments: [INFY] });
    kite.setLtp(INFY.token, 1601.5);
    const { TELEGRAM_ALLOWED_USERS: _admin, ...live } = liveEnv(kite, 333);
    Object.assign(env, live, { MODE: 'paper' });
  });
  const b = chatBot('e2e_paper_kite', ['INFY'], env, { demoMarket: true });
  afterAll(async () => {
    await kite?.close();
  });
  const status = async (): Promise<string> => textOf(await b.ask(VIEWER, '/status', /AutoPPM status/)).replace(/\s+/g, ' ');

  test('before the login: the synthetic demo market, labelled so; symbols are the synthetic market’s', async () => {
    expect(await status()).toContain(SYNTHETIC_SOURCE);
    expect(b.app().engine.feed!.source).toBe(SYNTHETIC_SOURCE);
    // TCS is a synthetic-market name (the fake Kite lists only INFY): accepted before the login.
    expect(textOf(await b.ask(TRADER, '/chart TCS', /TCS|⚠️|✖/))).not.toMatch(/Kite instruments list|is not a symbol/);
    expect(textOf(await b.ask(TRADER, '/chart INFX', /INFX/))).toMatch(/INFX is not a symbol of the synthetic market .*did you mean INFY/);
  });

  test('after the login: the Kite ticker’s prices; a /buy fills in the paper broker at Kite’s price and no order goes to Kite', async () => {
    const res = await fetch(kiteCallbackUrl(b.app().http.url, b.app().engine.services, kite.sessions.issueRequestToken()));
    expect(res.status).toBe(200);
    await eventually('the Kite ticker feeding paper', () => (b.app().engine.feed!.source === KITE_PAPER_SOURCE ? true : undefined));
    expect(await status()).toContain(KITE_PAPER_SOURCE);
    await eventually('Kite’s price', () => {
      kite.setLtp(INFY.token, 1601.5);
      return b.app().engine.feed!.lastPrice('INFY') === 1601.5 ? true : undefined;
    });
    const reply = textOf(await b.ask(TRADER, '/buy INFY 2', /^Order \w+:|⚠️|✖/));
    const id = /^Order ([a-z0-9]+):/.exec(reply)?.[1];
    if (!id) throw new Error(reply);
    const { card } = await b.nextCard('BUY', id);
    expect(await b.tap(TRADER, card, buttonData(card, 'Approve'))).toBe('Approved');
    kite.setLtp(INFY.token, 1602);
    const filled = await eventuallyFilled('the paper fill', () => b.order(id));
    expect([1601.5, 1602]).toContain(filled.averagePrice);
    expect(kite.orders.orders()).toEqual([]);
    expect(kite.requests.count({ route: 'order.place' })).toBe(0);
  });

  test('while logged in, symbols are checked against Kite’s instruments list (not the synthetic universe)', async () => {
    expect(textOf(await b.ask(TRADER, '/buy TCS 1', /TCS/))).toMatch(/TCS is not an NSE symbol in the Kite instruments list/);
    expect(textOf(await b.ask(TRADER, '/buy INFX 1', /INFX/))).toMatch(/INFX is not an NSE symbol in the Kite instruments list; did you mean INFY\?/);
    expect(kite.orders.orders()).toEqual([]);
  });

  test('/logout (an admin): the session ends and paper goes back to the synthetic demo market; a viewer may not log out', async () => {
    expect(textOf(await b.ask(VIEWER, '/logout', /admin|⚠️|✖/))).toMatch(/admin/i);
    expect(textOf(await b.ask(ADMIN, '/logout', /Logged out|⚠️|✖/))).toBe('Logged out of Kite; send /login to start a new session.');
    await eventually('the demo market again', () => (b.app().engine.feed!.source === SYNTHETIC_SOURCE ? true : undefined));
    expect(await status()).toContain(SYNTHETIC_SOURCE);
    const at = b.clock.now();
    await eventually('synthetic ticks', () => ((b.app().engine.feed!.receivedAt() ?? 0) > at ? true : undefined));
    // The synthetic market's symbols again (the Kite list stays stored, but its ticker is not paper's market now).
    expect(textOf(await b.ask(TRADER, '/chart INFX', /INFX/))).toMatch(/INFX is not a symbol of the synthetic market/);
  });
});
