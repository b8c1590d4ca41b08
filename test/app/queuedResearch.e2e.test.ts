/**
 * Issue 18, research from chat through the real telegraf against the fake Telegram (paper, the whole bot, the job
 * queue on the MongoDB test server): a fast /backtest answers with its card alone (no progress message and edits
 * in front of it); /sweep with an unknown symbol answers "did you mean" like /backtest and queues nothing (it was
 * queued before); a viewer may not queue either.
 */
import { chatBot, textOf, TRADER, VIEWER } from '../support/e2e/chatBot';
import { eventually } from '../support/e2e/waiting';

describe('queued research from chat: one answer each', () => {
  // The hold of a quick job's progress message outlasts any backtest here, so 'the card alone' does not depend on the
  // machine's speed (test/transports/telegram/progressHoldBack.test.ts shows the progress message of a longer job).
  const b = chatBot('e2e_queued_research', ['INFY', 'TCS'], {}, { progressHoldMs: 3_600_000 });
  const jobs = async (name: string): Promise<number> => b.app().store.connection.collection('agendaJobs').countDocuments({ name });
  /** The bot's messages to the trader after `before` (their texts as they are now, edits applied). */
  const since = (before: number): string[] => b.fromBot(TRADER).slice(before).map(textOf);

  test('a fast /backtest: the result card is the one answer (no progress message before it)', async () => {
    const before = b.fromBot(TRADER).length;
    await b.tg().sendUserMessage({ chatId: TRADER, fromId: TRADER, text: '/backtest sma-cross INFY from=2023-01-01 to=2023-12-31' });
    await eventually('the card', () => since(before).find((t) => /Backtest sma-cross on INFY/.test(t)));
    // The hold's timer is cleared before the card is sent: nothing can follow it.
    await b.settle();
    const said = since(before);
    expect(said.filter((t) => /Backtest sma-cross on INFY/.test(t))).toHaveLength(1);
    expect(said.filter((t) => /queued|running|done/i.test(t))).toEqual([]);
  });

  test('/sweep with an unknown symbol answers "did you mean" and queues nothing; a viewer is refused', async () => {
    const queued = await jobs('sweep');
    expect(textOf(await b.ask(TRADER, '/sweep sma-cross INFX fast=5,10', /INFX/))).toMatch(/INFX is not a symbol of the synthetic market.*did you mean INFY/);
    expect(textOf(await b.ask(VIEWER, '/sweep sma-cross INFY fast=5,10', /trader|⚠️/))).toMatch(/trader/i);
    expect(await jobs('sweep')).toBe(queued);
  });
});
