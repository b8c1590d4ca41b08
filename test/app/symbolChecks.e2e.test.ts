/**
 * Issue 18: symbols are checked against the market's universe (paper without Kite: the synthetic market's NIFTY 100
 * names) by the services every front end uses, with "did you mean" — /run, /backtest, /chart, /optimize, /buy; and
 * /backtest is checked (strategy, parameters, symbols, dates, the range of the bars) before it is queued. Through
 * the real telegraf against the fake Telegram, the whole bot in paper mode.
 */
import { chatBot, textOf, TRADER, VIEWER } from '../support/e2e/chatBot';
import { buttonData } from '../support/e2e/telegramButtons';
import { eventually } from '../support/e2e/waiting';

describe('symbols and backtests checked before anything starts (paper, synthetic market)', () => {
  const b = chatBot('e2e_symbol_checks', ['INFY', 'TCS']);
  const jobs = async (): Promise<number> => b.app().store.connection.collection('agendaJobs').countDocuments({ name: 'backtest' });

  test('/run with a made-up symbol starts nothing and suggests the near ones', async () => {
    expect(textOf(await b.ask(TRADER, '/run sma-cross INFI', /INFI/))).toMatch(/INFI is not a symbol of the synthetic market \(the NIFTY 100 names\); did you mean INFY/);
    expect(textOf(await b.ask(TRADER, '/run sma-cross NOTASYMBOL', /NOTASYMBOL/))).toMatch(/NOTASYMBOL is not a symbol of the synthetic market/);
    expect(b.app().engine.trading.instances.list()).toEqual([]);
    expect(textOf(await b.ask(TRADER, '/run sma-cross RELIANCE fast=10 slow=30 capital=10% sizing=pct:50', /^Started|⚠️/))).toMatch(/^Started/);
  });

  test('/chart and /optimize answer "did you mean" for a made-up symbol instead of made-up bars', async () => {
    expect(textOf(await b.ask(VIEWER, '/chart RELIANC', /RELIANC/))).toMatch(/RELIANC is not a symbol of the synthetic market.*did you mean RELIANCE/);
    expect(textOf(await b.ask(VIEWER, '/optimize risk-parity INFY,TSC', /TSC/))).toMatch(/TSC is not a symbol of the synthetic market.*did you mean TCS/);
  });

  test('/backtest is refused before it is queued: a made-up symbol, an unknown parameter (the old README example), a strategy, a date in the future', async () => {
    const before = await jobs();
    expect(textOf(await b.ask(TRADER, '/backtest sma-cross INFI', /INFI/))).toMatch(/did you mean INFY/);
    const fast = textOf(await b.ask(TRADER, '/backtest momentum RELIANCE,TCS from=2020-01-01 fast=10', /fast/));
    expect(fast).toMatch(/^⚠️ Invalid parameters for momentum: unknown parameter "fast" \(known: mode, rocPeriod/);
    expect(textOf(await b.ask(TRADER, '/backtest nosuch INFY', /nosuch/))).toMatch(/Unknown strategy "nosuch"/);
    expect(textOf(await b.ask(TRADER, '/backtest sma-cross INFY from=2026-01-01', /2026/))).toMatch(/from=2026-01-01 is in the future/);
    expect(await jobs()).toBe(before);
  });

  test('/backtest from before the data starts: queued with one note saying where the bars start; the card shows the real range', async () => {
    const before = b.fromBot(TRADER).length;
    await b.tg().sendUserMessage({ chatId: TRADER, fromId: TRADER, text: '/backtest sma-cross INFY from=2018-01-01 to=2021-01-01' });
    const queued = await eventually('the queued reply', () => b.fromBot(TRADER).slice(before).find((m) => /queued/.test(textOf(m))));
    expect(textOf(queued)).toContain("Note: INFY's daily bars start 2020-01-01 (asked 2018-01-01 → 2021-01-01).");
    const card = await eventually('the result card', () => b.fromBot(TRADER).slice(before).find((m) => /Backtest sma-cross on INFY, 2020-01-01 → 2021-01-01 \(day\)/.test(textOf(m))), 20_000).catch((e: unknown) => {
      throw new Error(`${String(e)}; the bot said: ${JSON.stringify(b.fromBot(TRADER).slice(before).map(textOf))}`);
    });
    expect(card).toBeDefined();
    // Said once: no other message repeats the note.
    const fresh = b.fromBot(TRADER).slice(before).map(textOf);
    expect(fresh.filter((t) => t.includes('bars start 2020-01-01'))).toHaveLength(1);
    // The card's "Run in paper" button (the one backtest card, src/services/backtestCard.ts) starts what was tested.
    const withButton = await eventually('the Run in paper button', () => b.fromBot(TRADER).slice(before).find((m) => JSON.stringify(m.state.replyMarkup ?? '').includes('Run in paper')));
    const started = b.fromBot(TRADER).length;
    await b.tap(TRADER, withButton, buttonData(withButton, 'Run in paper'));
    const reply = await eventually('the /run reply', () => b.fromBot(TRADER).slice(started).find((m) => /^Started |⚠️/.test(textOf(m))));
    expect(textOf(reply)).toMatch(/^Started \S+: sma-cross on INFY with /);
  });
});
