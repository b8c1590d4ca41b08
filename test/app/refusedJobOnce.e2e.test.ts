/**
 * Issue 18: a queued job the worker refuses is reported exactly once (it was twice: the job's own notice and the
 * progress reply's error). The bot (real telegraf, fake Telegram) knows a strategy its worker process does not —
 * as after an upgrade of one of them — so /backtest passes the checks and is queued, and the worker refuses it:
 * the trader gets the reason once, from the worker's notice, and the progress reply does not repeat it.
 */
import { join } from 'node:path';
import { startApp, type RunningApp } from '../../src/app';
import { E2E_JOBS, silentLogger } from '../support/e2e/appHarness';
import { chatBot, sleep, textOf, TRADER } from '../support/e2e/chatBot';
import { eventually } from '../support/e2e/waiting';

describe('a queued job the worker refuses is reported once', () => {
  // The bot only queues (it polls once an hour and does not start what it queues); its strategies folder has
  // hold-long, which the worker's (the product's) has not.
  const b = chatBot('e2e_refused_once', ['INFY'], {}, { engine: { strategiesDir: join(__dirname, '..', 'reliability', 'strategies'), jobs: { ...E2E_JOBS, processEveryMs: 3_600_000, startQueuedAtOnce: false } } });
  let worker: RunningApp | undefined;
  beforeAll(async () => {
    const r = await startApp({ config: b.s.config, logger: silentLogger(), worker: true, print: () => undefined, clock: b.clock, engine: { jobs: E2E_JOBS } });
    if (!r.ok) throw new Error(r.error.message);
    worker = r.value;
  });
  afterAll(async () => {
    await worker?.stop();
  });

  test('/backtest of a strategy only the bot knows: queued, refused by the worker, the reason told once', async () => {
    const before = b.fromBot(TRADER).length;
    await b.tg().sendUserMessage({ chatId: TRADER, fromId: TRADER, text: '/backtest hold-long INFY from=2024-12-02 to=2024-12-06' });
    const reason = /Unknown strategy "hold-long"/;
    await eventually('the refusal', () => b.fromBot(TRADER).slice(before).find((m) => reason.test(textOf(m))), 30_000);
    // Whatever the progress reply still does, it does within a few seconds.
    await sleep(3_000);
    await b.app().transports?.telegram?.queue.idle();
    const said = b.fromBot(TRADER).slice(before).map(textOf);
    expect(said.filter((t) => reason.test(t))).toHaveLength(1);
    expect(said.filter((t) => /Backtest hold-long on INFY/.test(t))).toEqual([]);
  });
});
