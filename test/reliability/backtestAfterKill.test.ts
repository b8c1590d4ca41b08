/**
 * Reliability, issue 16 item 6: a /backtest queued before a kill finishes in the next process and its result reaches
 * the person who asked. The bot runs as a child process (test/reliability/kill/killableBot.ts, paper mode) polling
 * the fake Telegram; a trader sends /backtest; once the bot says it is queued the child is killed with SIGKILL; the
 * next start (in-process, same database) takes the job over (its lock lapses) and the result card arrives in the
 * trader's chat — in the fault run it finished in the new process and never reached anyone.
 */
import { join } from 'node:path';
import type { StoredMessage } from '../fakes/telegram';
import { e2eConfig, e2eEnv, shiftedClock, startE2eApp, startFakes, type Fakes, type StartedApp } from '../support/e2e/appHarness';
import { LIVE_START } from '../support/e2e/liveHarness';
import { eventually } from '../support/e2e/waiting';
import { ChildBot } from './kill/childBot';

const TRADER = 4242;
const STRATEGIES = join(__dirname, '..', '..', 'strategies');
const textOf = (m: StoredMessage): string => m.state.text ?? m.state.caption ?? '';

describe('a /backtest queued before a SIGKILL reaches the trader from the next process', () => {
  let fakes: Fakes;
  let running: StartedApp | undefined;
  const clock = shiftedClock(LIVE_START);

  beforeAll(async () => {
    fakes = await startFakes('rel_backtest_kill');
  });
  afterAll(async () => {
    await running?.app.stop();
    await fakes?.close();
  });

  test('1 /backtest queued, SIGKILL → 1 result card in the trader’s chat after the restart', async () => {
    const env = e2eEnv(fakes, { TELEGRAM_ALLOWED_USERS: `${TRADER}:trader` });
    const child = await ChildBot.spawn(env, clock.now(), STRATEGIES);
    const fromBot = (): StoredMessage[] => fakes.telegram.messages(TRADER).filter((m) => m.fromBot);
    const result = (): StoredMessage[] => fromBot().filter((m) => /Backtest sma-cross on INFY, /.test(textOf(m)));
    try {
      await fakes.telegram.sendUserMessage({ chatId: TRADER, fromId: TRADER, text: '/backtest sma-cross INFY 2015-01-01 2024-12-31 day' });
      await eventually('the queued reply', () => fromBot().find((m) => /queued/.test(textOf(m))), 30_000);
    } finally {
      expect(await child.kill()).toBe('SIGKILL');
    }
    expect(() => process.kill(child.pid, 0)).toThrow();
    const before = result().length;

    running = await startE2eApp(e2eConfig(fakes, { TELEGRAM_ALLOWED_USERS: `${TRADER}:trader` }), ['INFY'], clock);
    await eventually('the result card after the restart', () => result()[0], 60_000).catch((e: unknown) => {
      throw new Error(`${String(e)}; the bot said: ${JSON.stringify(fromBot().map(textOf))}`);
    });
    process.stdout.write(`/backtest queued before a SIGKILL: 1 queued → ${before} result before the kill, ${result().length - before} after the restart (trader's chat)\n`);
    expect(before).toBe(0);
    expect(result()).toHaveLength(1);
  }, 120_000);
});
