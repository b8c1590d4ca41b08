/**
 * Issue 18, trading by hand from the phone (paper mode): /buy, /sell, /exit, /cancel and /modify through the real
 * telegraf against the fake Telegram, the MongoDB test server and the paper broker. A person's order is one more
 * source on the one pipeline: risk engine → the same approval card as every order → OMS → broker → fill → the
 * portfolio's own book. Unhappy paths: an unknown symbol ("did you mean"), a bad quantity, a viewer, a double tap,
 * nothing to cancel, the broker's rejection, /halt.
 */
import { clientOrderId, userId } from '../../src/core/ids';
import { isWorking } from '../../src/core/orderStatus';
import { PORTFOLIO_ACCOUNT } from '../../src/oms/positionBook';
import { buttonData, cardLine, chatBot, nameOf, textOf, TRADER, VIEWER, ADMIN } from '../support/e2e/chatBot';
import { eventually, eventuallyFilled, filledWhileTicking } from '../support/e2e/waiting';

const ERROR = /^⚠️|^❌|not |unknown|expected/i;

describe('manual orders from Telegram (paper): /buy, /sell, /exit, /cancel, /modify', () => {
  const b = chatBot('e2e_manual_orders', ['INFY', 'TCS']);
  let last = { INFY: 1500, TCS: 4000 };
  const ticks = (infy = last.INFY, tcs = last.TCS): void => {
    last = { INFY: infy, TCS: tcs };
    b.tick('INFY', infy);
    b.tick('TCS', tcs);
  };
  const held = (symbol: string): number => {
    const a = b.app().engine.trading.book.account(PORTFOLIO_ACCOUNT);
    const j = a?.symbols.indexOf(symbol) ?? -1;
    return a && j >= 0 ? a.position[j]! : 0;
  };
  /**
   * Until the portfolio holds no `symbol`, the market trading meanwhile: a tapped order reaches the paper broker a
   * moment after the tap is answered and fills at the first trade after that, so one tick right after the tap may
   * come too early (waiting.ts filledWhileTicking).
   */
  const flatWhileTicking = (symbol: string, tick: () => void): Promise<true> =>
    eventually(`${symbol} flat`, () => {
      tick();
      return held(symbol) === 0 ? true : undefined;
    });
  /** The id in a reply "Order <id>: …". */
  const idIn = (text: string): string => {
    const id = /^Order ([a-z0-9]+):/.exec(text)?.[1];
    if (!id) throw new Error(`no order id in: ${text}`);
    return id;
  };

  /** The approval an /exit reply names ("1 exit order waits for approval <id> (one card)"). */
  const approvalIn = (text: string): string => {
    const id = /waits for approval ([a-z0-9]+) /.exec(text)?.[1];
    if (!id) throw new Error(`no approval id in: ${text}`);
    return id;
  };

  beforeAll(() => {
    for (let k = 0; k < 3; k++) ticks(1500, 4000);
  });

  test('/buy INFY 10: the same approval card as any order (size, ₹ at risk, charges, margin, expiry); approved, it fills into the portfolio’s book; a double tap places nothing more', async () => {
    const reply = textOf(await b.ask(TRADER, '/buy INFY 10', /^Order \w+:|⚠️/));
    expect(reply).toMatch(/^Order \w+: BUY 10 INFY MARKET CNC \(≈ ₹15,000\.00\) waits for approval/);
    expect(reply).toContain(`Sizing: 10 shares as asked by ${nameOf(TRADER)}`);
    const id = idIn(reply);
    const { card, quantity } = await b.nextCard('BUY', id);
    expect(quantity).toBe(10);
    const text = textOf(card);
    expect(text).toContain(id);
    expect(text).toContain('No stop · at risk ₹15,000.00 (the whole position)');
    expect(text).toMatch(/[Cc]harges/);
    expect(text).toMatch(/[Mm]argin/);
    expect(text).toMatch(/[Ee]xpires/);
    expect(text).toContain(`Sizing: 10 shares as asked by ${nameOf(TRADER)}`);
    const approve = buttonData(card, 'Approve');
    expect(await b.tap(TRADER, card, approve)).toBe('Approved');
    // Double tap: the second one changes nothing (answered as a typed /approve or REST call would be).
    expect(await b.tap(TRADER, card, approve, TRADER, true)).toMatch(new RegExp(`^Order ${id} is (APPROVED|SUBMITTED|OPEN|FILLED), not waiting for approval; nothing was placed\\.$`));
    const filled = await filledWhileTicking('the manual buy filled', () => b.order(id), () => ticks(1501));
    expect(filled.filledQuantity).toBe(10);
    expect(filled.intent.source).toEqual({ kind: 'user', userId: userId(`telegram:${TRADER}`) });
    expect(held('INFY')).toBe(10);
    await b.settleOrders();
    expect(await b.atBroker(id)).toHaveLength(1);
    // The day's P&L counts the fill's charges at once (they were ₹0.00 right after a fill).
    const pnl = textOf(await b.ask(TRADER, '/pnl', /^P&L|⚠️/));
    expect(pnl).toMatch(/charges ₹[1-9]/);
  });

  test('rupees, a limit, a stop and a target: the quantity is what the rupees buy at the limit; the card shows the stop and its ₹ at risk', async () => {
    const reply = textOf(await b.ask(TRADER, '/buy TCS ₹20,000 limit=3990 stop=3900 target=4200', /^Order \w+:|⚠️/));
    expect(reply).toMatch(/^Order \w+: BUY 5 TCS LIMIT @ 3,990\.00 CNC \(≈ ₹19,950\.00\), stop 3,900\.00, target 4,200\.00 once filled waits for approval/);
    expect(reply).toContain('Sizing: ₹20,000.00 at ₹3,990.00 (the limit) → 5 shares');
    const id = idIn(reply);
    const { card } = await b.nextCard('BUY', id);
    expect(textOf(card)).toContain(id);
    expect(textOf(card)).toContain('Stop 3,900.00 · at risk ₹450.00 to the stop (₹19,950.00 without it)');
    expect(await b.tap(TRADER, card, buttonData(card, 'Reject'))).toBe('Rejected');
    expect((await b.order(id))?.status).toBe('CANCELLED');
  });

  test('prices moved more than 1% between the card and the tap: the popup says so (not "Approved"), the card shows new figures, a second tap sends it', async () => {
    const id = idIn(textOf(await b.ask(TRADER, '/buy TCS 1', /^Order \w+:|⚠️/)));
    const { card } = await b.nextCard('BUY', id);
    ticks(last.INFY, 4100);
    expect(await b.tap(TRADER, card, buttonData(card, 'Approve'))).toMatch(/^Prices moved since the signal \(TCS moved 2\.50%\); review the new figures and approve again/);
    expect((await b.order(id))?.status).toBe('PENDING_APPROVAL');
    const fresh = await eventually('the refreshed card', () => (textOf(b.now(card)).includes('MARKET (≈4,100.00)') ? b.now(card) : undefined));
    expect(await b.tap(TRADER, fresh, buttonData(fresh, 'Approve'))).toBe('Approved');
    // The paper broker fills a market order at the first trade after it arrives: wait for it to be there.
    await eventually('the TCS buy at the broker', async () => ((await b.order(id))?.status === 'OPEN' ? true : undefined));
    ticks(last.INFY, 4100);
    await eventuallyFilled('TCS bought', () => b.order(id));
    // Sold again so the later tests start from the same book.
    const sell = idIn(textOf(await b.ask(TRADER, '/sell TCS 1', /^Order \w+:|⚠️/)));
    const sellCard = await b.nextCard('SELL', sell);
    expect(await b.tap(TRADER, sellCard.card, buttonData(sellCard.card, 'Approve'))).toBe('Approved');
    await filledWhileTicking('TCS sold', () => b.order(sell), () => ticks(last.INFY, 4000));
  });

  test('unhappy /buy: an unknown symbol gets "did you mean", a bad quantity and a bad price are explained, a viewer is refused; nothing is placed', async () => {
    const before = (await b.orders()).length;
    expect(textOf(await b.ask(TRADER, '/buy INFX 10', /INFX/))).toMatch(/INFX is not a symbol of the synthetic market.*did you mean INFY/);
    expect(textOf(await b.ask(TRADER, '/buy INFY 0', ERROR))).toMatch(/expected whole shares such as 10, or rupees such as ₹50000/);
    expect(textOf(await b.ask(TRADER, '/buy INFY 2.5', ERROR))).toMatch(/expected whole shares/);
    expect(textOf(await b.ask(TRADER, '/buy INFY ten', ERROR))).toMatch(/expected whole shares/);
    expect(textOf(await b.ask(TRADER, '/buy INFY 1 limit=-5', ERROR))).toMatch(/expected a price above 0/);
    expect(textOf(await b.ask(TRADER, '/buy INFY 1 limit=1500.03', ERROR))).toMatch(/not on INFY's tick grid of 0\.05; use 1500\.00 or 1500\.05/);
    expect(textOf(await b.ask(TRADER, '/buy INFY 1 stop=1600', ERROR))).toMatch(/stop ₹1,600\.00 must be below the price/);
    expect(textOf(await b.ask(TRADER, '/buy INFY ₹100', ERROR))).toMatch(/buys no share of INFY/);
    expect(textOf(await b.ask(VIEWER, '/buy INFY 1', ERROR))).toMatch(/trader/i);
    expect((await b.orders()).length).toBe(before);
    // Selling more than the portfolio holds: the risk engine cuts it to the 10 shares held (CNC), and both the reply and the card say so.
    const oversell = textOf(await b.ask(TRADER, '/sell INFY 1000', /^Order \w+:|⚠️/));
    expect(oversell).toMatch(/^Order \w+: SELL 10 INFY MARKET CNC .* waits for approval/);
    expect(oversell).toContain('the risk checks resized from 1000 to 10, the shares portfolio holds');
    const { card } = await b.nextCard('SELL', idIn(oversell));
    expect(textOf(card)).toContain('Sizing: 1000 shares as asked by');
    expect(await b.tap(TRADER, card, buttonData(card, 'Reject'))).toBe('Rejected');
  });

  test('/cancel with nothing open says so; an unknown id is named; a limit order is modified then cancelled at the broker', async () => {
    expect(textOf(await b.ask(TRADER, '/cancel all', /nothing to cancel|Tap Confirm/i))).toMatch(/nothing to cancel/i);
    expect(textOf(await b.ask(TRADER, '/cancel zz99zz99', /zz99zz99/))).toMatch(/There is no order zz99zz99/);
    expect(textOf(await b.ask(TRADER, '/modify zz99zz99 price=1450', /zz99zz99/))).toMatch(/There is no order zz99zz99/);

    const id = idIn(textOf(await b.ask(TRADER, '/buy INFY 4 limit=1450', /^Order \w+:|⚠️/)));
    const { card, id: cardId } = await b.nextCard('BUY', id);
    expect(cardId).toBe(id);
    expect(textOf(await b.ask(TRADER, `/modify ${id} price=1460`, /waits for approval|⚠️/))).toMatch(/waits for approval/);
    expect(await b.tap(TRADER, card, buttonData(card, 'Approve'))).toBe('Approved');
    await eventually('the limit order working', async () => (isWorking((await b.order(id))?.status ?? 'CANCELLED') ? true : undefined));
    ticks(1502);
    expect(textOf(await b.ask(TRADER, `/modify ${id} price=1460 qty=6`, /is now|⚠️/))).toMatch(new RegExp(`^Order ${id} is now BUY 6 INFY LIMIT @ 1,460\\.00 CNC`));
    const modified = await b.order(id);
    expect(modified?.intent.quantity).toBe(6);
    expect(modified?.intent.price).toBe(1460);
    const atBroker = await b.atBroker(id);
    expect(atBroker[0]?.quantity).toBe(6);
    expect(textOf(await b.ask(TRADER, `/modify ${id} qty=0`, /qty/))).toMatch(/qty/);

    expect(textOf(await b.ask(TRADER, `/cancel ${id}`, /Cancelling|⚠️/))).toMatch(new RegExp(`Cancelling 1 order at the broker: ${id}`));
    await eventually('the order cancelled', async () => ((await b.order(id))?.status === 'CANCELLED' ? true : undefined));
    expect(textOf(await b.ask(TRADER, `/cancel ${id}`, /nothing to cancel/))).toMatch(/is CANCELLED; there is nothing to cancel/);
  });

  test('/cancel all asks first, then cancels the working order and rejects the pending approval', async () => {
    const working = idIn(textOf(await b.ask(TRADER, '/buy INFY 2 limit=1450', /^Order \w+:|⚠️/)));
    const first = await b.nextCard('BUY', working);
    expect(await b.tap(TRADER, first.card, buttonData(first.card, 'Approve'))).toBe('Approved');
    await eventually('working', async () => (isWorking((await b.order(working))?.status ?? 'CANCELLED') ? true : undefined));
    const pending = idIn(textOf(await b.ask(TRADER, '/buy TCS 1 limit=3850', /^Order \w+:|⚠️/)));
    await b.nextCard('BUY', pending);
    const result = await b.confirmed(TRADER, '/cancel all', /Cancelling|Rejected|⚠️/);
    expect(result).toContain(`Cancelling 1 order at the broker: ${working}`);
    expect(result).toContain(`Rejected 1 approval, nothing placed: ${pending}`);
    await eventually('cancelled', async () => ((await b.order(working))?.status === 'CANCELLED' ? true : undefined));
    expect((await b.order(pending))?.status).toBe('CANCELLED');
  });

  test('the paper broker rejects an approved /buy (its cash held by an order placed elsewhere): the reply and the card say why', async () => {
    const id = idIn(textOf(await b.ask(TRADER, '/buy INFY 10', /^Order \w+:|⚠️/)));
    const { card } = await b.nextCard('BUY', id);
    const broker = b.app().engine.trading.broker;
    const hold = Math.floor(broker.cash - 10 * last.INFY * 0.5);
    const outside = broker.placeNow({ clientOrderId: clientOrderId('outside2'), symbol: 'INFY', side: 'BUY', quantity: hold, orderType: 'LIMIT', price: 1, product: 'CNC', validity: 'DAY', source: { kind: 'user', userId: userId('kite-web') }, reason: 'placed on Kite web', time: b.clock.now() });
    expect(outside.ok).toBe(true);
    try {
      expect(await b.tap(TRADER, card, buttonData(card, 'Approve'))).toBe('Approved');
      const rejected = await eventually('rejected', async () => {
        const o = await b.order(id);
        return o?.status === 'REJECTED' ? o : undefined;
      });
      expect(rejected.message).toMatch(/^Insufficient funds/);
      await eventually('the card says rejected', () => (textOf(b.now(card)).includes('❌ Rejected by the broker') ? true : undefined));
    } finally {
      expect(broker.cancelNow(clientOrderId('outside2')).ok).toBe(true);
    }
  });

  test('/exit INFY closes the portfolio’s 10 shares (sized from the book); /exit of a symbol not held suggests what is', async () => {
    expect(held('INFY')).toBe(10);
    expect(textOf(await b.ask(TRADER, '/exit INFI', /INFI/))).toMatch(/no open position in INFI.*did you mean INFY/);
    const reply = textOf(await b.ask(TRADER, '/exit INFY', /exit order|⚠️/));
    expect(reply).toMatch(/1 exit order waits for approval \w+ \(one card\):/);
    expect(reply).toMatch(/SELL 10 INFY MARKET CNC for portfolio/);
    const { card, quantity } = await b.nextCard('SELL', approvalIn(reply));
    expect(quantity).toBe(10);
    expect(await b.tap(TRADER, card, buttonData(card, 'Approve'))).toBe('Approved');
    await flatWhileTicking('INFY', () => ticks(1505));
    expect(textOf(await b.ask(TRADER, '/exit INFY', /no open position/))).toMatch(/no open position in INFY/);
  });

  test('/exit all asks for a confirmation listing the positions; /halt refuses /buy with the reason', async () => {
    // A position again: buy 3 TCS and approve.
    const id = idIn(textOf(await b.ask(TRADER, '/buy TCS 3', /^Order \w+:|⚠️/)));
    const buy = await b.nextCard('BUY', id);
    expect(await b.tap(TRADER, buy.card, buttonData(buy.card, 'Approve'))).toBe('Approved');
    await filledWhileTicking('TCS filled', () => b.order(id), () => ticks(1505, 4001));
    const prompt = textOf(await b.ask(TRADER, '/exit all', /Tap Confirm/));
    expect(prompt).toMatch(/Close 1 position at the market\? SELL 3 TCS CNC \(portfolio\)/);
    const result = await b.confirmed(TRADER, '/exit all', /exit order|⚠️/);
    expect(result).toMatch(/SELL 3 TCS MARKET CNC for portfolio/);
    const sell = await b.nextCard('SELL', approvalIn(result));
    expect(cardLine(sell.card)).toEqual({ side: 'SELL', quantity: 3 });

    await b.confirmed(ADMIN, '/halt', /^Trading is now HALTED/);
    const refused = textOf(await b.ask(TRADER, '/buy INFY 1', /halt|⚠️/i));
    expect(refused).toMatch(/halted/i);
    expect(refused).not.toContain('/reduce');
    expect(await b.confirmed(ADMIN, '/resume_trading', /^Trading is now ACTIVE/)).toContain('was HALTED');
  });

  test('/exit during a halt is refused and says /reduce lets it through; after /reduce a 2× on the exit card is refused with the reason, and the exit sells exactly what is held', async () => {
    // The halt of the test before cancelled its exit card: the 3 TCS are still held.
    expect(held('TCS')).toBe(3);
    await b.confirmed(ADMIN, '/halt', /^Trading is now HALTED/);
    const refused = textOf(await b.ask(TRADER, '/exit TCS', /halted|⚠️/i));
    expect(refused).toContain('Not closed: TCS (portfolio): Trading is halted, so no orders are accepted, exits included; /reduce (reducing-only mode) lets orders that shrink a position through.');
    expect(b.app().engine.trading.pipeline.openOrders().filter((o) => o.intent.symbol === 'TCS')).toEqual([]);

    expect(await b.confirmed(ADMIN, '/reduce', /^Trading is now REDUCING/)).toContain('was HALTED');
    const sent = textOf(await b.ask(TRADER, '/exit TCS', /exit order|⚠️/));
    const sell = await b.nextCard('SELL', approvalIn(sent));
    expect(cardLine(sell.card)).toEqual({ side: 'SELL', quantity: 3 });
    // A CNC sell takes risk off: the card does not call its value "at risk".
    expect(textOf(sell.card)).toContain('Sells shares held · no new risk (₹12,003.00 of the position)');
    // The 3 were bought today: selling them makes the pair intraday, which lowers the day's charges, and the card says so.
    expect(textOf(sell.card)).toMatch(/Charges ≈ −₹\d+\.\d\d \(a credit: the shares it squares off from today’s buys are charged as intraday\) · margin/);
    // 2× asks to sell 6 of 3 held: the risk checks would cut it back to the 3 (not refuse it as a flip), so the tap
    // changes nothing and the popup says why; the card still offers the 3.
    expect(await b.tap(TRADER, sell.card, buttonData(sell.card, '2×'))).toBe(`Not doubled: TCS resized from 6 to 3, the shares portfolio holds; approval ${approvalIn(sent)} was not changed.`);
    expect(cardLine(b.now(sell.card))).toEqual({ side: 'SELL', quantity: 3 });
    expect(await b.tap(TRADER, b.now(sell.card), buttonData(b.now(sell.card), 'Approve'))).toBe('Approved');
    await flatWhileTicking('TCS', () => ticks(1505, 4002));
    await eventually('the card: filled', () => (/✅ Filled 3 @ 4,002\.00/.test(textOf(b.now(sell.card))) ? true : undefined));
    expect(await b.confirmed(ADMIN, '/resume_trading', /^Trading is now ACTIVE/)).toContain('was REDUCING');
  });
});
