/**
 * A progress reply that may be held back (`holdBack`, a quick /backtest's): through the real telegraf against the fake
 * Bot API. A job that ends inside the hold answers with its result alone (no progress message in front of it, which
 * would hold the result behind the chat's send window); a job still running when the hold ends shows its progress
 * message, which then becomes the (short, text) result. The job here ends when the test lets it (no timing).
 */
import { z } from 'zod';
import { createCommandRegistry, CommandDispatcher } from '../../../commands';
import { defineCommand } from '../../../commands/lib/command';
import { startTelegram, type TelegramTransport } from '../../../src/transports/telegram';
import { startFakeTelegram, type FakeTelegram } from '../../fakes/telegram';
import { engineFixture, type EngineFixture } from '../../commands/support/engineServices';
import { eventually } from '../../support/e2e/waiting';
import { botMessages, captureLog, FAST_LIMITS } from './support';

const TRADER = 111;

/** The job of `/gated`: running from its start, it ends with its result when the test calls `release`. */
let running = false;
let release: () => void = () => undefined;
const gatedCommand = defineCommand({
  name: 'gated',
  summary: 'A job that ends when the test says',
  usage: '/gated',
  example: '/gated',
  role: 'viewer',
  args: z.object({}),
  run: async () => ({
    kind: 'progress',
    title: 'Backtesting…',
    holdBack: true,
    async run(progress) {
      void progress.update('Backtesting: 50%');
      await new Promise<void>((r) => {
        release = r;
        running = true;
      });
      running = false;
      return { kind: 'text', text: 'The result card.' };
    },
  }),
});

async function bot(fake: FakeTelegram, fx: EngineFixture, progressHoldMs: number): Promise<TelegramTransport> {
  const registry = createCommandRegistry();
  registry.add(gatedCommand);
  const log = captureLog();
  const dispatcher = new CommandDispatcher({ registry, services: fx.services, log, now: () => Date.now() });
  return startTelegram({
    config: { botToken: fake.token, apiRoot: fake.apiRoot, signingSecret: 'test-secret', allowedUsers: [{ telegramId: TRADER, role: 'trader' }] },
    dispatcher,
    registry,
    log,
    limits: FAST_LIMITS,
    progressEditMs: 20,
    progressHoldMs,
  });
}

describe('a held-back progress reply', () => {
  let fx: EngineFixture;
  beforeAll(async () => {
    fx = await engineFixture();
  });

  it('a job that ends inside the hold: its result is the one answer, no progress message before it', async () => {
    const fake = await startFakeTelegram({ maxPollMs: 200 });
    const tg = await bot(fake, fx, 3_600_000);
    try {
      await fake.sendUserMessage({ chatId: TRADER, fromId: TRADER, text: '/gated' });
      await eventually('the job running', () => (running ? true : undefined));
      release();
      const result = await eventually('the result', () => botMessages(fake, TRADER).find((m) => m.state.text === 'The result card.'));
      // One message, sent once as the result: no progress message was ever sent or edited.
      expect(botMessages(fake, TRADER)).toHaveLength(1);
      expect(result.edits).toHaveLength(0);
      expect(fake.calls('sendMessage').map((c) => String(c.params.text))).toEqual(['The result card.']);
    } finally {
      await tg.stop();
      await fake.close();
    }
  });

  it('a job still running when the hold ends: its progress message is shown, then becomes the result', async () => {
    const fake = await startFakeTelegram({ maxPollMs: 200 });
    const tg = await bot(fake, fx, 0);
    try {
      await fake.sendUserMessage({ chatId: TRADER, fromId: TRADER, text: '/gated' });
      const progress = await eventually('the progress message', () => botMessages(fake, TRADER).find((m) => /Backtesting/.test(m.state.text ?? '')));
      await eventually('the job running', () => (running ? true : undefined));
      release();
      await eventually('the result', () => botMessages(fake, TRADER).find((m) => m.state.text === 'The result card.'));
      const all = botMessages(fake, TRADER);
      expect(all).toHaveLength(1);
      expect(all[0]!.messageId).toBe(progress.messageId);
      expect(all[0]!.edits.length).toBeGreaterThan(0);
    } finally {
      await tg.stop();
      await fake.close();
    }
  });
});
