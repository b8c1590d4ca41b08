/**
 * `autoppm start --worker` end to end (in-process, against the fakes): a worker runs jobs only — no polling, no
 * commands — yet what it raises reaches Telegram: a backtest queued for a person (as /backtest does from the main
 * process) is run by the worker and its result card arrives in that person's chat, and nowhere else.
 */
import { startApp, type RunningApp } from '../../src/app';
import type { Config } from '../../src/config';
import { E2E_JOBS, e2eConfig, shiftedClock, silentLogger, startFakes, type Fakes } from '../support/e2e/appHarness';
import { eventually } from '../support/e2e/waiting';

const TRADER = 42;
const OTHER = 43;

describe('a worker process', () => {
  let fakes: Fakes;
  let worker: RunningApp | undefined;
  let config: Config;
  const banner: string[] = [];

  beforeAll(async () => {
    fakes = await startFakes('e2e_worker');
    config = e2eConfig(fakes, { TELEGRAM_ALLOWED_USERS: `${TRADER}:trader,${OTHER}:admin` });
    const r = await startApp({ config, logger: silentLogger(), worker: true, print: (l) => banner.push(l), clock: shiftedClock(Date.parse('2025-01-08T05:30:00Z')), engine: { jobs: E2E_JOBS } });
    if (!r.ok) throw new Error(r.error.message);
    worker = r.value;
  });

  afterAll(async () => {
    await worker?.stop();
    await fakes?.close();
  });

  test('runs a queued backtest and sends its result card to the person who asked, over a send-only Telegram', async () => {
    expect(banner).toEqual(expect.arrayContaining(['Process: worker (scheduled jobs only, on the shared MongoDB)', 'Telegram: send-only (results and alerts of the jobs this worker runs)']));
    expect(worker!.transports).toBeUndefined();
    const queued = await worker!.engine.jobs.enqueue('backtest', { request: { strategy: 'sma-cross', symbols: ['RELIANCE'], interval: 'day' }, to: `telegram:${TRADER}` });
    if (!queued.ok) throw new Error(queued.error);
    const card = await eventually('the result card in the trader’s chat', () => fakes.telegram.messages(TRADER).find((m) => m.fromBot && m.photo !== undefined), 60_000);
    expect(card.state.caption).toMatch(/^ℹ️ Backtest sma-cross on RELIANCE/);
    expect(Array.from(card.photo!.bytes.subarray(0, 4))).toEqual([0x89, 0x50, 0x4e, 0x47]);
    // Addressed to one person: not the other Telegram user, not the Discord channel.
    expect(fakes.telegram.messages(OTHER).filter((m) => m.fromBot && /Backtest/.test(`${m.state.text ?? ''}${m.state.caption ?? ''}`))).toEqual([]);
    expect(fakes.discord.messages(fakes.alerts.channelId).filter((m) => m.current.embeds.some((e) => /Backtest/.test(String((e as { title?: string }).title ?? ''))))).toEqual([]);
  });

  test('/metrics answers with the API token in a worker too (401 without it)', async () => {
    const url = `${worker!.http.url}/metrics`;
    expect((await fetch(url)).status).toBe(401);
    const m = await fetch(url, { headers: { authorization: `Bearer ${config.http.apiToken ?? ''}` } });
    expect(m.status).toBe(200);
    expect(await m.text()).toContain('autoppm_');
  });
});
