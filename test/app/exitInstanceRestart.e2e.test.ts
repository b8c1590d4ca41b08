/**
 * Issue 18, from the phone through the real telegraf against the fake Telegram (paper, the whole bot):
 * - `/exit INSTANCE` closes that strategy instance's position only (a person's shares of the same symbol stay in the
 *   portfolio's account), through the same approval card; unhappy: a viewer, a double tap, nothing left to close.
 * - A restart between a manual order's card and the tap: the card still works after the restart and exactly one
 *   order reaches the broker (a second tap changes nothing).
 */
import { PORTFOLIO_ACCOUNT } from '../../src/oms/positionBook';
import { buttonData, chatBot, textOf, TRADER, VIEWER } from '../support/e2e/chatBot';
import { eventually, filledWhileTicking } from '../support/e2e/waiting';

describe('/exit INSTANCE and a restart between the card and the tap', () => {
  const b = chatBot('e2e_exit_instance', ['INFY', 'TCS']);
  const px = { INFY: 1500, TCS: 4000 };
  const tickAll = (): void => {
    b.tick('INFY', px.INFY);
    b.tick('TCS', px.TCS);
  };
  const held = (account: string, symbol: string): number => {
    const a = b.app().engine.trading.book.account(account);
    let q = 0;
    for (let j = 0; j < (a?.size ?? 0); j++) if (a!.symbols[j] === symbol) q += a!.position[j]!;
    return q;
  };
  const idIn = (text: string): string => /^Order ([a-z0-9]+):/.exec(text)![1]!;
  const approvalIn = (text: string): string => /waits for approval ([a-z0-9]+) /.exec(text)![1]!;
  let instance = '';

  beforeAll(() => {
    for (let k = 0; k < 3; k++) tickAll();
  });

  test('/exit INSTANCE sells the instance’s shares only; a viewer is refused; a double tap sends one order; then nothing is left to close', async () => {
    instance = /^Started (\S+):/.exec(textOf(await b.ask(TRADER, '/run sma-cross TCS fast=2 slow=4 capital=5%', /^Started|⚠️/)))![1]!;
    // The strategy's own BUY: 30 falling minutes, then a jump (sma 2 crosses over sma 4).
    for (let k = 0; k < 30; k++) {
      px.TCS = 4000 - 2 * k;
      tickAll();
    }
    for (const p of [px.TCS + 20, px.TCS + 21]) {
      px.TCS = p;
      tickAll();
    }
    const entry = await b.nextCard('BUY');
    expect(textOf(entry.card)).toContain(instance);
    expect(await b.tap(TRADER, entry.card, buttonData(entry.card, 'Approve'))).toBe('Approved');
    await filledWhileTicking('the instance’s TCS buy', () => b.order(entry.id), tickAll);
    const instanceShares = held(instance, 'TCS');
    expect(instanceShares).toBeGreaterThan(0);
    // A person's 2 TCS for the portfolio.
    const own = idIn(textOf(await b.ask(TRADER, '/buy TCS 2', /^Order \w+:|⚠️/)));
    const ownCard = await b.nextCard('BUY', own);
    expect(await b.tap(TRADER, ownCard.card, buttonData(ownCard.card, 'Approve'))).toBe('Approved');
    await filledWhileTicking('the portfolio’s TCS buy', () => b.order(own), tickAll);
    expect(held(PORTFOLIO_ACCOUNT, 'TCS')).toBe(2);

    expect(textOf(await b.ask(VIEWER, `/exit ${instance}`, /trader|⚠️/))).toMatch(/trader/i);
    const reply = textOf(await b.ask(TRADER, `/exit ${instance}`, /exit order|⚠️/));
    expect(reply).toContain(`SELL ${instanceShares} TCS MARKET CNC for ${instance}`);
    expect(reply).not.toContain('for portfolio');
    const exit = await b.nextCard('SELL', approvalIn(reply));
    expect(exit.quantity).toBe(instanceShares);
    const approve = buttonData(exit.card, 'Approve');
    expect(await b.tap(TRADER, exit.card, approve)).toBe('Approved');
    expect(await b.tap(TRADER, exit.card, approve, TRADER, true)).toMatch(/not waiting for approval; nothing was placed/);
    await eventually('the instance flat', () => {
      tickAll();
      return held(instance, 'TCS') === 0 ? true : undefined;
    });
    await b.settleOrders();
    expect(held(PORTFOLIO_ACCOUNT, 'TCS')).toBe(2);
    const sells = (await b.atBroker()).filter((o) => o.side === 'SELL' && o.symbol === 'TCS');
    expect(sells).toHaveLength(1);
    expect(sells[0]!.quantity).toBe(instanceShares);
    expect(textOf(await b.ask(TRADER, `/exit ${instance}`, /no open position|nothing|⚠️/i))).toMatch(/no open position|nothing/i);
  });

  test('a restart between a /buy card and the tap: the card still works, exactly one order reaches the broker', async () => {
    const id = idIn(textOf(await b.ask(TRADER, '/buy INFY 3', /^Order \w+:|⚠️/)));
    const { card } = await b.nextCard('BUY', id);
    const approve = buttonData(card, 'Approve');
    await b.restart();
    tickAll();
    expect(await b.tap(TRADER, card, approve)).toBe('Approved');
    expect(await b.tap(TRADER, card, approve, TRADER, true)).toMatch(new RegExp(`^Order ${id} is (APPROVED|SUBMITTED|OPEN|FILLED), not waiting for approval; nothing was placed\\.$`));
    const filled = await filledWhileTicking('the INFY buy after the restart', () => b.order(id), tickAll);
    expect(filled.filledQuantity).toBe(3);
    await b.settleOrders();
    expect(await b.atBroker(id)).toHaveLength(1);
    expect(held(PORTFOLIO_ACCOUNT, 'INFY')).toBe(3);
  });
});
