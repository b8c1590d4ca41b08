/**
 * Issue 14, "one order pipeline", end to end as a trader on a phone sees it: the whole bot in-process (paper mode)
 * through the real telegraf against the fake Telegram Bot API, the fake Discord (webhook alerts) and the MongoDB
 * test server, market ticks driven by the test. Every order — a rebalance batch, a strategy's entry and exit — goes
 * intent → risk engine → approval card → OMS → paper broker → fill → book → one notice per fill, under one id.
 *
 *  - a rebalance: the preview names the lines the limits cut and why, the batch is one card, /rebalance_submit sends
 *    it; after /halt (confirmed) a submit places nothing and says why;
 *  - a strategy: ½× on the BUY card, the half fills, the exit is for the shares the instance holds; one fill notice
 *    per fill per destination; /order answers the same for the id in /orders, on the card and in the fill notice;
 *    a viewer's tap and a double tap place nothing more; a restart mid-approval: the card still works, once;
 *  - refusals on the card: a Reject tap, the risk gate at release (/reduce between card and tap), the paper
 *    broker's rejection (its cash held by another order), /halt between card and tap.
 */
import { approvalId, clientOrderId, strategyInstanceId, userId } from '../../src/core/ids';
import { ADMIN, buttonData, cardLine, cardOrderIds, chatBot as bot, DECIDERS, escape, EVERYONE, hasButtons, inr, nameOf, px, textOf, TRADER, VIEWER, type Keyboard } from '../support/e2e/chatBot';
import { eventually, eventuallyFilled, filledWhileTicking } from '../support/e2e/waiting';

/**
 * Ticks that make sma-cross (fast=2, slow=4) signal on INFY. One tick per minute bar; a bar closes when the next
 * minute trades, and the tick that closes the signal bar sizes the order. Down moves of 2 then a jump of 20 (> 3×2)
 * cross SMA2 above SMA4; up moves of 2 then a drop of 20 cross it below.
 */
function signals(b: ReturnType<typeof bot>) {
  let last = 0;
  const push = (p: number): void => {
    b.tick('INFY', p);
    last = p;
  };
  return {
    get last() {
      return last;
    },
    push,
    /** Falls from `from` for `bars` minutes, then jumps: a BUY signal (when the instance is flat). */
    up(from: number, bars = 6): void {
      for (let k = 0; k < bars; k++) push(from - 2 * k);
      push(last + 20);
      push(last + 1);
    },
    /** Rises for `bars` minutes from the last price, then drops: a flat signal (a SELL when the instance holds). */
    down(bars = 6): void {
      const from = last;
      for (let k = 1; k <= bars; k++) push(from + 2 * k);
      push(last - 20);
      push(last - 1);
    },
  };
}

describe('a rebalance through the one pipeline: cut by the limits, one card, nothing placed once halted', () => {
  const b = bot('e2e_pipeline_rebalance', ['INFY', 'TCS']);
  const MAX_ORDER = 60_000;
  let firstBatch = '';

  test('the preview names the lines the limits cut and why; the batch is one card; /rebalance_submit sends it', async () => {
    // The portfolio spreads over the running instances' symbols: two instances that will not signal (prices only rise).
    await b.ask(TRADER, '/run sma-cross INFY fast=2 slow=4 capital=5%', /^Started/);
    await b.ask(TRADER, '/run sma-cross TCS fast=2 slow=4 capital=5%', /^Started/);
    const last = { INFY: 0, TCS: 0 };
    for (let k = 0; k < 5; k++) {
      b.tick('INFY', (last.INFY = 1500 + k));
      b.tick('TCS', (last.TCS = 4000 + k));
    }
    const changed = await b.ask(ADMIN, `/settings max_order_value=${MAX_ORDER}`, /Changed|⚠️/);
    expect(textOf(changed)).toMatch(new RegExp(`Changed max_order_value=${MAX_ORDER}`));

    const before = b.fromBot(TRADER).length;
    await b.tg().sendUserMessage({ chatId: TRADER, fromId: TRADER, text: '/rebalance equal-weight' });
    const table = await eventually('the preview', () => b.fromBot(TRADER).slice(before).find((m) => /^Rebalance to equal-weight/.test(textOf(m))));
    const preview = textOf(table);
    const send = await eventually('the send button', () => b.fromBot(TRADER).slice(before).find((m) => /^Send these \d+ orders\?/.test(textOf(m))));
    // Each line was cut to what the order-value limit allows at the last price, and the preview says so and why.
    for (const symbol of ['INFY', 'TCS'] as const) {
      const allowed = Math.floor(MAX_ORDER / last[symbol]);
      const note = new RegExp(`BUY ${symbol}: cut from (\\d+) to ${allowed} shares by the risk checks \\(resized from \\1 to ${allowed} to stay within the maximum order value of ${escape(inr(MAX_ORDER).replace(/\.00$/, ''))}(\\.00)?\\)`);
      expect(preview).toMatch(note);
      expect(Number(note.exec(preview)![1])).toBeGreaterThan(allowed);
      expect(preview).toContain(`BUY ${allowed} ${symbol}`);
    }
    const id = /\/rebalance_submit (\S+) skip=/.exec(preview)?.[1];
    expect(id).toBeDefined();
    firstBatch = id!;
    expect(buttonData(send, 'Send 2 orders')).toBeDefined();

    // One batch approval, one card per decider (not one per line), naming both orders.
    const batch = await b.app().engine.trading.approvals.get(approvalId(firstBatch));
    expect(batch?.status).toBe('PENDING');
    expect(batch!.lines.map((l) => `${l.intent.side} ${l.intent.quantity} ${l.intent.symbol}`).sort()).toEqual([`BUY ${Math.floor(MAX_ORDER / last.INFY)} INFY`, `BUY ${Math.floor(MAX_ORDER / last.TCS)} TCS`].sort());
    for (const chat of DECIDERS) {
      const c = await eventually(`user ${chat}'s batch card`, () => b.cardsFor(chat, firstBatch)[0]);
      expect(b.cardsFor(chat, firstBatch)).toHaveLength(1);
      expect(cardOrderIds(c).sort()).toEqual(batch!.lines.map((l) => l.intent.clientOrderId).sort());
    }
    expect(b.cards(VIEWER)).toEqual([]);
    expect(await b.atBroker()).toEqual([]);

    // The phone way: the preview's Send button runs /rebalance_submit <id>.
    const n = b.fromBot(TRADER).length;
    expect(await b.tap(TRADER, send, buttonData(send, 'Send 2 orders'))).toBe('OK');
    const sent = await eventually('the submit reply', () => b.fromBot(TRADER).slice(n).find((m) => /^Sent|⚠️/.test(textOf(m))));
    expect(textOf(sent)).toMatch(new RegExp(`^Sent 2 orders; follow them with /orders\\. Approval ${firstBatch}: 2 orders released to the broker\\.`));
    for (const chat of DECIDERS) {
      await eventually(`user ${chat}'s card approved`, () => (textOf(b.now(b.cardsFor(chat, firstBatch)[0]!)).includes(`✅ Approved by ${nameOf(TRADER)} at `) ? true : undefined));
    }
    // Released orders reach the paper broker a moment after the reply: the market keeps trading until both filled.
    for (const l of batch!.lines) {
      const filled = await filledWhileTicking(`${l.intent.symbol} filled`, () => b.order(l.intent.clientOrderId), () => {
        b.tick('INFY', 1505);
        b.tick('TCS', 4005);
      });
      expect(filled.filledQuantity).toBe(l.intent.quantity);
    }
    // The portfolio's own book holds them (not the instances').
    const held = b.app().engine.trading.portfolioHoldings.holdings().held;
    expect(Object.fromEntries(held)).toEqual(Object.fromEntries(batch!.lines.map((l) => [l.intent.symbol, l.intent.quantity])));
  });

  test('after /halt (confirmed) a rebalance submit places nothing and the reply says why', async () => {
    // New prices, so the new lines are not the same orders again (the duplicate window).
    b.tick('INFY', 1490);
    b.tick('TCS', 3990);
    await b.ask(TRADER, '/rebalance', /^Rebalance to equal-weight/);
    const second = await eventually('the second batch', async () => (await b.app().engine.repos.approvals.withStatus('PENDING'))[0]);
    await eventually('its card', () => b.cardsFor(TRADER, second.id)[0]);
    const brokerBefore = (await b.atBroker()).length;

    const halted = await b.confirmed(ADMIN, '/halt', /^Trading is now HALTED/);
    expect(halted).toContain(`set by ${nameOf(ADMIN)}`);
    expect(halted).toMatch(/1 pending approval cancelled; nothing of it was placed\./);
    for (const chat of DECIDERS) {
      await eventually(`user ${chat}'s batch card cancelled`, () => (/Cancelled — nothing was placed/.test(textOf(b.now(b.cardsFor(chat, second.id)[0]!))) ? true : undefined));
    }
    const refused = await b.ask(TRADER, `/rebalance_submit ${second.id}`, /⚠️|^Sent/);
    expect(textOf(refused)).toMatch(new RegExp(`Rebalance ${second.id} is cancelled \\(Cancelled: trading was halted by ${nameOf(ADMIN)}; nothing was placed\\); nothing was placed`));
    await b.settleOrders();
    expect(await b.atBroker()).toHaveLength(brokerBefore);
    for (const l of second.lines) expect((await b.order(l.intent.clientOrderId))?.status).toBe('CANCELLED');

    // A new preview while halted: every line refused by the trading state, and the reply says that — not "no trades needed".
    const again = textOf(await b.ask(TRADER, '/rebalance', /^(?!⚠️ Risk gate)/));
    expect(again).toMatch(/^Nothing can be sent: the risk checks refused every trade the equal-weight targets need; nothing was placed\./);
    expect(again).toMatch(/BUY \d+ INFY: cut by the risk checks \(Trading is halted/);
    expect(again).toMatch(/BUY \d+ TCS: cut by the risk checks \(Trading is halted/);
    expect(await b.app().engine.repos.approvals.withStatus('PENDING')).toEqual([]);
    // The same batch id typed again after the halt is still refused.
    const stale = await b.ask(TRADER, `/rebalance_submit ${firstBatch}`, /^(?!⚠️ Risk gate)/);
    expect(textOf(stale)).toMatch(new RegExp(`Rebalance ${firstBatch} is approved; nothing was placed — send /rebalance for a new preview`));
    await b.settleOrders();
    expect(await b.atBroker()).toHaveLength(brokerBefore);
  });
});

describe('a strategy’s orders on Telegram: ½×, the exit sized to holdings, one notice per fill, one id', () => {
  const b = bot('e2e_pipeline_strategy', ['INFY']);
  const market = signals(b);
  let instanceId = '';
  /** The BUY halved on its card and the exit that followed. */
  const firstTrip = { buy: '', sell: '', bought: 0, buyPrice: 0 };

  test('½× on a strategy BUY card: the half fills; the strategy’s exit is for exactly the shares the instance holds', async () => {
    const started = await b.ask(TRADER, '/run sma-cross INFY fast=2 slow=4 capital=5%', /^Started|⚠️/);
    expect(textOf(started)).toMatch(/^Started (\S+): sma-cross on INFY/);
    instanceId = /^Started (\S+):/.exec(textOf(started))![1]!;
    // 30 falling minutes first: the instance needs 20 bar returns for a volatility estimate (the VaR limit).
    market.up(1500, 30);
    const { card, id, quantity } = await b.nextCard('BUY');
    firstTrip.buy = id;
    expect(quantity).toBeGreaterThan(1);
    const half = Math.floor(quantity / 2);

    expect(await b.tap(TRADER, card, buttonData(card, '½×'))).toBe('Halved; review and approve');
    // Every copy of the card shows the new size, with fresh buttons (the old ones are stale now).
    for (const chat of DECIDERS) {
      await eventually(`user ${chat}'s card halved`, () => {
        const c = b.cardsFor(chat, id)[0]!;
        return cardLine(c).quantity === half && hasButtons(c) ? true : undefined;
      });
    }
    expect((await b.order(id))?.status).toBe('PENDING_APPROVAL');
    const resized = b.now(card);
    expect(textOf(resized)).toMatch(/⏳ Waiting for approval/);
    expect(await b.tap(TRADER, resized, buttonData(resized, 'Approve'))).toBe('Approved');
    await eventually('the BUY at the broker', async () => ((await b.order(id))?.status === 'OPEN' ? true : undefined));
    market.push(market.last + 1);
    const bought = await eventuallyFilled('the BUY fill', () => b.order(id));
    expect(bought.intent.quantity).toBe(half);
    expect(bought.filledQuantity).toBe(half);
    // An approved market order fills at the first trade after the approval.
    expect(bought.averagePrice).toBe(market.last);
    firstTrip.bought = half;
    firstTrip.buyPrice = market.last;
    const rt = b.app().engine.trading.kernel.instance(strategyInstanceId(instanceId))!;
    await eventually('the instance to hold the half', () => (rt.ledger.position[rt.localIndex('INFY')] === half ? true : undefined));
    // Every copy of the card follows the order to its fill, and says who approved it (by name).
    for (const chat of DECIDERS) {
      await eventually(`user ${chat}'s card filled`, () => (textOf(b.cardsFor(chat, id)[0]!).includes(`✅ Filled ${half} @ ${px(market.last)}`) ? true : undefined));
      expect(textOf(b.cardsFor(chat, id)[0]!)).toContain(`✅ Approved by ${nameOf(TRADER)} at `);
    }

    // The strategy goes flat: its SELL is for what the instance holds (the half), not the size it first asked for.
    market.down();
    const exit = await b.nextCard('SELL');
    firstTrip.sell = exit.id;
    expect(exit.quantity).toBe(rt.ledger.position[rt.localIndex('INFY')]);
    expect(exit.quantity).toBe(half);
    expect(exit.quantity).not.toBe(quantity);
    expect(await b.tap(TRADER, exit.card, buttonData(exit.card, 'Approve'))).toBe('Approved');
    await eventually('the SELL at the broker', async () => ((await b.order(exit.id))?.status === 'OPEN' ? true : undefined));
    market.push(market.last - 1);
    const sold = await eventuallyFilled('the SELL fill', () => b.order(exit.id));
    expect(sold.filledQuantity).toBe(half);
    await eventually('the instance flat', () => (rt.ledger.position[rt.localIndex('INFY')] === 0 ? true : undefined));
    const broker = await b.app().engine.trading.broker.positions();
    expect(broker.ok && broker.value.filter((p) => p.symbol === 'INFY' && p.quantity !== 0)).toEqual([]);
  });

  test('one fill notice per fill: to each user on Telegram and on Discord, under the order’s own id', async () => {
    await b.settle();
    const fills = await b.app().engine.repos.orders.transitions({ fills: true });
    const perOrder = new Map<string, number>();
    for (const t of fills) perOrder.set(t.clientOrderId, (perOrder.get(t.clientOrderId) ?? 0) + 1);
    expect([...perOrder.keys()].sort()).toEqual([firstTrip.buy, firstTrip.sell].sort());
    for (const chat of EVERYONE) {
      const notices = b.fillNotices(chat);
      expect(notices.map((n) => n.id).sort()).toEqual(fills.map((t) => t.clientOrderId).sort());
      for (const [id, n] of perOrder) expect(notices.filter((x) => x.id === id)).toHaveLength(n);
    }
    const discord = b.discordFills();
    expect(discord.map((d) => d.id).sort()).toEqual(fills.map((t) => t.clientOrderId).sort());
    const buy = fills.find((t) => t.clientOrderId === firstTrip.buy)!;
    expect(discord.find((d) => d.id === firstTrip.buy)?.title).toBe(`Filled: BUY ${buy.fill!.quantity} INFY @ ${inr(buy.fill!.price)}`);
    // No notice of another kind (a rejection, a second fill under another id) for these orders either.
    for (const chat of EVERYONE) expect(b.fromBot(chat).filter((m) => /rejected/.test(textOf(m)))).toEqual([]);
  });

  test('/order answers the same for the id copied from /orders, from the approval card and from the fill notice', async () => {
    const id = firstTrip.buy;
    const fromCard = cardOrderIds(b.cardsFor(TRADER, id)[0]!)[0];
    const fromNotice = b.fillNotices(TRADER).find((n) => n.text.includes(`Filled: BUY ${firstTrip.bought} INFY`))?.id;
    const list = textOf(await b.ask(TRADER, '/orders today', /^Orders today/));
    // A row as wide as a phone is a two-line card: the id alone on the line above the order.
    const lines = list.split('\n');
    const at = lines.findIndex((l) => l.includes(`BUY ${firstTrip.bought}/${firstTrip.bought} INFY`));
    expect(at).toBeGreaterThan(0);
    const fromList = /\b([a-z0-9]{8})\b/.exec(lines[at]!)?.[1] ?? /^([a-z0-9]{8})$/.exec(lines[at - 1]!.trim())?.[1];
    expect([fromCard, fromNotice, fromList]).toEqual([id, id, id]);

    const stored = (await b.order(id))!;
    const answers: string[] = [];
    for (const copied of [fromList!, fromCard!, fromNotice!]) answers.push(textOf(await b.ask(TRADER, `/order ${copied}`, new RegExp(`^Order ${copied}`))));
    expect(new Set(answers).size).toBe(1);
    const answer = answers[0]!;
    expect(answer).toMatch(new RegExp(`Status\\s+${stored.status}`));
    expect(stored.status).toBe('FILLED');
    expect(answer).toMatch(new RegExp(`Order\\s+BUY ${stored.intent.quantity} INFY MARKET CNC`));
    expect(answer).toMatch(new RegExp(`Filled\\s+${stored.filledQuantity} @ ₹?${escape(px(stored.averagePrice))}`));
    expect(stored.averagePrice).toBe(firstTrip.buyPrice);
  });

  test('a viewer’s tap and typed /approve are refused; a double tap (and the admin’s tap at once) places one order', async () => {
    market.up(market.last - 30);
    const { card, id, quantity } = await b.nextCard('BUY');
    const approve = buttonData(card, 'Approve');
    // The viewer taps the trader's card (shown on a shared screen, or forwarded): refused, nothing changes.
    expect(await b.tap(TRADER, card, approve, VIEWER)).toMatch(/sent to someone else.*Nothing was changed/);
    // Typed, it is a command like any other: the dispatcher's role gate answers before any service is asked.
    const typed = await b.ask(VIEWER, `/approve ${id}`, /needs the trader role|approved by|released/);
    expect(textOf(typed)).toBe('⚠️ /approve needs the trader role and you are a viewer; ask an admin if you need it.');
    expect((await b.order(id))?.status).toBe('PENDING_APPROVAL');
    expect(await b.atBroker(id)).toEqual([]);
    expect(hasButtons(b.now(card))).toBe(true);

    // Two taps of the trader and one of the admin on their own card, all at once.
    const adminCard = b.cardsFor(ADMIN, id)[0]!;
    const before = b.tg().callbackAnswers().length;
    await Promise.all([
      b.tg().pressButton({ chatId: TRADER, messageId: card.messageId, fromId: TRADER, data: approve }),
      b.tg().pressButton({ chatId: TRADER, messageId: card.messageId, fromId: TRADER, data: approve }),
      b.tg().pressButton({ chatId: ADMIN, messageId: adminCard.messageId, fromId: ADMIN, data: buttonData(adminCard, 'Approve') }),
    ]);
    const answers = await eventually('three answers', () => (b.tg().callbackAnswers().length >= before + 3 ? b.tg().callbackAnswers().slice(before).map((a) => a.text ?? '') : undefined));
    expect(answers.filter((a) => a === 'Approved')).toHaveLength(1);
    await eventually('the BUY at the broker', async () => ((await b.order(id))?.status === 'OPEN' ? true : undefined));
    market.push(market.last + 1);
    const filled = await eventuallyFilled('the BUY fill', () => b.order(id));
    expect(filled.filledQuantity).toBe(quantity);
    await b.settle();
    expect(await b.atBroker(id)).toHaveLength(1);
    expect((await b.orders()).filter((o) => o.intent.clientOrderId === id)).toHaveLength(1);
    for (const chat of EVERYONE) expect(b.fillNotices(chat).filter((n) => n.id === id)).toHaveLength(1);
    expect(b.discordFills().filter((d) => d.id === id)).toHaveLength(1);
  });

  test('a wrong symbol is refused with the reason and starts nothing', async () => {
    const before = b.app().engine.trading.instances.list().length;
    const r = await b.ask(TRADER, '/run sma-cross INFY/X fast=2 slow=4', /NSE symbol|^Started/);
    expect(textOf(r)).toMatch(/^⚠️ .*expected an NSE symbol such as RELIANCE/s);
    expect(b.app().engine.trading.instances.list()).toHaveLength(before);
  });

  test('a restart mid-approval: the exit card still works after the restart, exactly once, with one fill notice', async () => {
    const rt = b.app().engine.trading.kernel.instance(strategyInstanceId(instanceId))!;
    const held = rt.ledger.position[rt.localIndex('INFY')]!;
    expect(held).toBeGreaterThan(0);
    market.down();
    const { card, id, quantity } = await b.nextCard('SELL');
    expect(quantity).toBe(held);
    const approve = buttonData(card, 'Approve');

    await b.restart();
    expect((await b.order(id))?.status).toBe('PENDING_APPROVAL');
    // A price after the restart (the feed starts empty), close to the signal's.
    market.push(market.last);
    expect(await b.tap(TRADER, card, approve)).toBe('Approved');
    await eventually('the SELL at the broker', async () => ((await b.order(id))?.status === 'OPEN' ? true : undefined));
    market.push(market.last - 1);
    const sold = await eventuallyFilled('the SELL fill', () => b.order(id));
    expect(sold.filledQuantity).toBe(held);
    for (const chat of DECIDERS) {
      await eventually(`user ${chat}'s card filled`, () => (textOf(b.cardsFor(chat, id)[0]!).includes(`✅ Filled ${held}`) ? true : undefined));
      expect(textOf(b.cardsFor(chat, id)[0]!)).toContain(`✅ Approved by ${nameOf(TRADER)} at `);
    }

    // The same tap again (a replay): nothing more.
    expect(await b.tap(TRADER, card, approve, TRADER, true)).not.toBe('Approved');
    await b.settle();
    expect(await b.atBroker(id)).toHaveLength(1);
    for (const chat of EVERYONE) expect(b.fillNotices(chat).filter((n) => n.id === id)).toHaveLength(1);
    expect(b.discordFills().filter((d) => d.id === id)).toHaveLength(1);
    // Notices from before the restart were not sent again by the restored outbox.
    for (const chat of EVERYONE) expect(b.fillNotices(chat).filter((n) => n.id === firstTrip.buy)).toHaveLength(1);
    const restored = b.app().engine.trading.kernel.instance(strategyInstanceId(instanceId))!;
    await eventually('the restored instance flat', () => (restored.ledger.position[restored.localIndex('INFY')] === 0 ? true : undefined));
  });
});

describe('refusals shown on every copy of the card: a Reject tap, the risk gate at release, the broker, a halt', () => {
  const b = bot('e2e_pipeline_refusals', ['INFY']);
  const market = signals(b);
  /** The next BUY signal's card (the instance is flat: a cross below first, then one above). */
  const nextBuy = async (first = false) => {
    if (first) market.up(1500, 30);
    else {
      market.down();
      market.up(market.last - 2);
    }
    return b.nextCard('BUY');
  };
  const everyCopy = async (id: string, what: string, test: (text: string) => boolean): Promise<string[]> => {
    const texts: string[] = [];
    for (const chat of DECIDERS) {
      texts.push(
        await eventually(`user ${chat}'s card: ${what}`, () => {
          const c = b.cardsFor(chat, id)[0];
          return c && test(textOf(c)) && !hasButtons(c) ? textOf(c) : undefined;
        }).catch((e: unknown) => {
          throw new Error(`${String(e)}; the card says: ${b.cardsFor(chat, id).map(textOf).join(' | ')}`);
        }),
      );
    }
    return texts;
  };

  beforeAll(async () => {
    await b.ask(TRADER, '/run sma-cross INFY fast=2 slow=4 capital=5%', /^Started/);
  });

  test('Reject: every copy of the card (trader’s and admin’s) says rejected and by whom; nothing is placed', async () => {
    const { card, id } = await nextBuy(true);
    expect(await b.tap(TRADER, card, buttonData(card, 'Reject'))).toBe('Rejected');
    const texts = await everyCopy(id, 'rejected', (t) => t.includes('❌ Rejected'));
    for (const t of texts) expect(t).toMatch(new RegExp(`❌ Rejected by ${nameOf(TRADER)} at `));
    expect((await b.order(id))?.status).toBe('CANCELLED');
    await b.settleOrders();
    expect(await b.atBroker(id)).toEqual([]);
    // The admin's stale button changes nothing now.
    const adminCard = b.cardsFor(ADMIN, id)[0]!;
    const stale = adminCard.edits.find((e) => ((e.replyMarkup as Keyboard | undefined)?.inline_keyboard.length ?? 0) > 0) ?? adminCard.state;
    const approve = (stale.replyMarkup as Keyboard).inline_keyboard.flat().find((x) => x.text.includes('Approve'))!.callback_data!;
    expect(await b.tap(ADMIN, adminCard, approve, ADMIN, true)).toBe(`Order ${id} is CANCELLED, not waiting for approval; nothing was placed.`);
    expect(await b.atBroker(id)).toEqual([]);
  });

  test('the risk gate at release: /reduce between the card and the tap → the card shows DENIED with the gate’s reason', async () => {
    const { card, id } = await nextBuy();
    const reduced = await b.confirmed(ADMIN, '/reduce', /^Trading is now REDUCING/);
    expect(reduced).toContain(`set by ${nameOf(ADMIN)}`);
    expect((await b.order(id))?.status).toBe('PENDING_APPROVAL');
    const answer = await b.tap(TRADER, card, buttonData(card, 'Approve'));
    // The popup must not say "Approved" when nothing went out.
    expect(answer).not.toBe('Approved');
    expect(answer).toMatch(/nothing was placed/);
    const denied = await eventually('the order denied', async () => {
      const o = await b.order(id);
      return o?.status === 'DENIED' ? o : undefined;
    });
    expect(denied.message).toMatch(/reducing-only mode/);
    const texts = await everyCopy(id, 'refused by the risk checks', (t) => t.includes('⛔ Refused by the risk checks'));
    for (const t of texts) expect(t).toContain(`⛔ Refused by the risk checks: ${denied.message!.replace(/\.$/, '')}`);
    await b.settleOrders();
    expect(await b.atBroker(id)).toEqual([]);
    expect(await b.confirmed(ADMIN, '/resume_trading', /^Trading is now ACTIVE/)).toContain('was REDUCING');
  });

  test('/halt between the card and the tap: every copy says cancelled and why; a tap, a typed /approve and a REST approval afterwards are refused alike', async () => {
    const { card, id } = await nextBuy();
    const approve = buttonData(card, 'Approve');
    const halted = await b.confirmed(ADMIN, '/halt', /^Trading is now HALTED/);
    expect(halted).toMatch(/1 pending approval cancelled; nothing of it was placed\./);
    const texts = await everyCopy(id, 'cancelled', (t) => t.includes('Cancelled — nothing was placed'));
    for (const t of texts) expect(t).toContain(`Cancelled: trading was halted by ${nameOf(ADMIN)}; nothing was placed.`);
    // One service method decides for every front end: the same refusal, word for word.
    const refusal = `Order ${id} is CANCELLED, not waiting for approval; nothing was placed.`;
    expect(await b.tap(TRADER, card, approve, TRADER, true)).toBe(refusal);
    expect(textOf(await b.ask(TRADER, `/approve ${id}`, /not waiting for approval/))).toBe(`⚠️ ${refusal}`);
    const rest = await fetch(`${b.app().http.url}/api/v1/approvals/${id}/approve`, { method: 'POST', headers: { authorization: `Bearer ${b.s.config.http.apiToken!}` } });
    expect([rest.status, await rest.json()]).toEqual([422, { error: refusal }]);
    expect((await b.order(id))?.status).toBe('CANCELLED');
    await b.settleOrders();
    expect(await b.atBroker(id)).toEqual([]);
    expect(await b.confirmed(ADMIN, '/resume_trading', /^Trading is now ACTIVE/)).toContain('was HALTED');
  });

  test('the paper broker rejects an approved order (its cash is held by another order) → the card shows REJECTED with the broker’s reason', async () => {
    const { card, id, quantity } = await nextBuy();
    const broker = b.app().engine.trading.broker;
    // An order placed outside the bot (as on Kite's web site) holds all but half of what this order needs.
    const need = quantity * market.last;
    const hold = Math.floor(broker.cash - need / 2);
    const outside = broker.placeNow({ clientOrderId: clientOrderId('outside1'), symbol: 'INFY', side: 'BUY', quantity: hold, orderType: 'LIMIT', price: 1, product: 'CNC', validity: 'DAY', source: { kind: 'user', userId: userId('kite-web') }, reason: 'placed on Kite web', time: b.clock.now() });
    expect(outside.ok).toBe(true);

    expect(await b.tap(TRADER, card, buttonData(card, 'Approve'))).toBe('Approved');
    const rejected = await eventually('the broker’s rejection', async () => {
      const o = await b.order(id);
      return o?.status === 'REJECTED' ? o : undefined;
    });
    expect(rejected.message).toMatch(/^Insufficient funds: the order needs ₹[\d,.]+ but ₹[\d,.]+ is available/);
    const texts = await everyCopy(id, 'rejected by the broker', (t) => t.includes('❌ Rejected by the broker'));
    for (const t of texts) expect(t).toContain(`❌ Rejected by the broker: ${rejected.message!.replace(/\.$/, '')}`);
    // Everyone hears of it once, with the reason; no fill notice.
    await b.settle();
    for (const chat of EVERYONE) {
      const notices = b.fromBot(chat).filter((m) => textOf(m).includes(`Order ${id} rejected`));
      expect(notices).toHaveLength(1);
      expect(textOf(notices[0]!)).toContain('Insufficient funds');
      expect(b.fillNotices(chat).filter((n) => n.id === id)).toEqual([]);
    }
    const alert = b.embeds().filter((e) => e.title === `Order ${id} rejected`);
    expect(alert).toHaveLength(1);
    expect(alert[0]!.description).toBe(rejected.message);
    expect(broker.cancelNow(clientOrderId('outside1')).ok).toBe(true);
  });
});
