/**
 * Issue 18, trading by hand in MODE=live: /buy from Telegram → the approval card → Approve → one order on the fake
 * Kite, tagged with our id, filled by its postback into the portfolio's book; a resting limit order cancelled with
 * /cancel at Kite; /modify at Kite and Kite refusing a modify; an unknown symbol answered from Kite’s instrument
 * master; Kite’s rejection shown on the card.
 */
import type { FakeKite } from '../fakes/kite';
import { INFY } from '../fakes/kite/support';
import { buttonData, chatBot, textOf, TRADER } from '../support/e2e/chatBot';
import { kiteCallbackUrl, liveEnv, startLiveFakeKite } from '../support/e2e/liveHarness';
import { eventually, eventuallyFilled } from '../support/e2e/waiting';

describe('manual orders in MODE=live against the fake Kite', () => {
  let kite: FakeKite;
  /** Filled before the bot starts (the hooks run in order). */
  const env: Record<string, string> = {};
  beforeAll(async () => {
    kite = await startLiveFakeKite({ instruments: [INFY] });
    kite.setLtp(INFY.token, 1500);
    const { TELEGRAM_ALLOWED_USERS: _admin, ...live } = liveEnv(kite, 333);
    Object.assign(env, live);
  });
  const b = chatBot('e2e_manual_live', ['INFY'], env);
  beforeAll(async () => {
    kite.setPostbackUrl(`${b.app().http.url}/kite/postback`);
    const res = await fetch(kiteCallbackUrl(b.app().http.url, b.app().engine.services, kite.sessions.issueRequestToken()));
    expect(res.status).toBe(200);
    await eventually('the Kite session', () => b.app().engine.kite!.manager.current?.accessToken);
    b.tick('INFY', 1500);
  });
  afterAll(async () => {
    await kite?.close();
  });
  const onKite = (id: string) => kite.orders.orders().filter((o) => o.tag === id);
  const idIn = (text: string): string => {
    const id = /^Order ([a-z0-9]+):/.exec(text)?.[1];
    if (!id) throw new Error(`no order id in: ${text}`);
    return id;
  };

  test('/buy INFY 3 → card → Approve: one Kite order tagged with our id, filled into the portfolio’s book', async () => {
    await eventually('trading active after the login', () => (b.app().engine.trading.risk.state === 'ACTIVE' ? true : undefined));
    const id = idIn(textOf(await b.ask(TRADER, '/buy INFY 3', /^Order \w+:|^✖/)));
    const { card } = await b.nextCard('BUY', id);
    expect(onKite(id)).toEqual([]);
    expect(await b.tap(TRADER, card, buttonData(card, 'Approve'))).toBe('Approved');
    const filled = await eventuallyFilled('the fill from the postback', () => b.order(id));
    expect(filled.filledQuantity).toBe(3);
    expect(onKite(id)).toHaveLength(1);
    expect(onKite(id)[0]).toMatchObject({ status: 'COMPLETE', transaction_type: 'BUY', quantity: 3, product: 'CNC' });
    expect(b.app().engine.trading.book.net('INFY', 'CNC')).toBe(3);
  });

  test('an unknown symbol is checked against Kite’s instrument master: "did you mean"', async () => {
    expect(textOf(await b.ask(TRADER, '/buy INFYY 3', /INFYY/))).toMatch(/INFYY is not an NSE symbol in the Kite instruments list; did you mean INFY\?/);
  });

  test('a resting limit order is cancelled at Kite with /cancel', async () => {
    const id = idIn(textOf(await b.ask(TRADER, '/buy INFY 2 limit=1450', /^Order \w+:|^✖/)));
    const { card } = await b.nextCard('BUY', id);
    expect(await b.tap(TRADER, card, buttonData(card, 'Approve'))).toBe('Approved');
    await eventually('resting at Kite', () => (onKite(id)[0]?.status === 'OPEN' ? true : undefined));
    expect(textOf(await b.ask(TRADER, `/cancel ${id}`, /Cancelling|⚠️/))).toContain(`Cancelling 1 order at the broker: ${id}`);
    await eventually('cancelled at Kite', () => (onKite(id)[0]?.status === 'CANCELLED' ? true : undefined));
    await eventually('cancelled here', async () => ((await b.order(id))?.status === 'CANCELLED' ? true : undefined));
    expect(kite.requests.count({ route: 'order.cancel' })).toBe(1);
  });

  test('Kite rejects an approved /buy: the card says so with Kite’s reason', async () => {
    const id = idIn(textOf(await b.ask(TRADER, '/buy INFY 1', /^Order \w+:|^✖/)));
    const { card } = await b.nextCard('BUY', id);
    kite.orders.rejectNext('RMS: margin exceeds the available funds');
    expect(await b.tap(TRADER, card, buttonData(card, 'Approve'))).toBe('Approved');
    const rejected = await eventually('rejected', async () => {
      const o = await b.order(id);
      return o?.status === 'REJECTED' ? o : undefined;
    });
    expect(rejected.message).toMatch(/margin exceeds/);
    await eventually('the card says so', () => (textOf(b.now(card)).includes('❌ Rejected by the broker') ? true : undefined));
    expect(b.app().engine.trading.book.net('INFY', 'CNC')).toBe(3);
  });

  test('/modify at Kite: the resting order’s price and quantity change there; when Kite refuses a modify (the order filled there meanwhile) the reply says why and nothing changes here until Kite’s book is read', async () => {
    const held = b.app().engine.trading.book.net('INFY', 'CNC');
    const id = idIn(textOf(await b.ask(TRADER, '/buy INFY 5 limit=1440', /^Order \w+:|^✖/)));
    const { card } = await b.nextCard('BUY', id);
    expect(await b.tap(TRADER, card, buttonData(card, 'Approve'))).toBe('Approved');
    await eventually('resting at Kite', () => (onKite(id)[0]?.status === 'OPEN' ? true : undefined));
    expect(textOf(await b.ask(TRADER, `/modify ${id} price=1445 qty=6`, /is now|⚠️|✖/))).toMatch(new RegExp(`^Order ${id} is now BUY 6 INFY LIMIT @ 1,445\\.00 CNC`));
    expect(onKite(id)[0]).toMatchObject({ status: 'OPEN', quantity: 6, price: 1445 });
    expect(kite.requests.count({ route: 'order.modify' })).toBe(1);
    // The order fills at Kite while its postback is lost: the bot still sees it working.
    const postback = `${b.app().http.url}/kite/postback`;
    kite.setPostbackUrl(null);
    kite.setLtp(INFY.token, 1445);
    await eventually('filled at Kite', () => (onKite(id)[0]?.status === 'COMPLETE' ? true : undefined));
    expect((await b.order(id))?.status).toBe('OPEN');
    const refused = textOf(await b.ask(TRADER, `/modify ${id} price=1450`, /cannot be modified|⚠️|✖/));
    expect(refused).toMatch(/cannot be modified as it is already COMPLETE/);
    expect(kite.requests.count({ route: 'order.modify' })).toBe(2);
    expect((await b.order(id))?.intent.price).toBe(1445);
    // Kite's order book read (as the 30 s sync does): the fill is booked once.
    kite.setPostbackUrl(postback);
    await b.app().engine.kite!.syncOrders();
    const filled = await eventuallyFilled('the fill from Kite’s book', () => b.order(id));
    expect(filled.filledQuantity).toBe(6);
    expect(b.app().engine.trading.book.net('INFY', 'CNC')).toBe(held + 6);
  });
});
