/**
 * Starts the whole bot in-process (startApp) against the fakes: a fresh database on the MongoDB test server,
 * the fake Telegram Bot API, the fake Discord (a webhook for alerts). Market data comes from a ManualTicks the
 * test drives; the clock is the wall clock moved to a fixed trading day (so the calendar is deterministic and
 * time still flows for Agenda and the outbound queues).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { startApp, type AppOptions, type RunningApp } from '../../../src/app';
import { loadConfig, type Config } from '../../../src/config';
import type { Clock } from '../../../src/core/clock';
import { Writable } from 'node:stream';
import { secretValues } from '../../../src/config';
import { createLogger, type Logger } from '../../../src/log/logger';
import { LogRing } from '../../../src/log/logRing';
import { SecretScrubber } from '../../../src/log/secretScrubber';
import { startFakeDiscord, type FakeDiscord } from '../../fakes/discord';
import { startFakeTelegram, type FakeTelegram } from '../../fakes/telegram';
import { createTestDatabase, type TestDatabase } from '../../fakes/mongo/testDb';
import { ManualTicks } from './manualTicks';

export interface Fakes {
  readonly db: TestDatabase;
  /** The bot's DATA_DIR (a fresh temporary directory, removed by `close`). */
  readonly dataDir: string;
  readonly telegram: FakeTelegram;
  readonly discord: FakeDiscord;
  readonly alerts: { readonly id: string; readonly channelId: string; readonly url: string };
  close(): Promise<void>;
}

export async function startFakes(label: string): Promise<Fakes> {
  const db = await createTestDatabase(label);
  const telegram = await startFakeTelegram({ maxPollMs: 100 });
  const discord = await startFakeDiscord();
  const alerts = discord.createWebhook({ name: 'alerts' });
  const dataDir = mkdtempSync(join(tmpdir(), 'autoppm-e2e-'));
  return {
    db,
    dataDir,
    telegram,
    discord,
    alerts,
    async close() {
      await telegram.close();
      await discord.close();
      await db.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The AutoPPM variables of the harness's config (a child process gets them as its environment). */
export function e2eEnv(f: Fakes, env: Record<string, string> = {}): Record<string, string> {
  return {
    MODE: 'paper',
    MONGODB_URI: f.db.uri,
    DATA_DIR: f.dataDir,
    HTTP_PORT: '0',
    LOG_LEVEL: 'silent',
    API_TOKEN: 'e2e-api-token-0123456789',
    TELEGRAM_BOT_TOKEN: f.telegram.token,
    TELEGRAM_API_ROOT: f.telegram.apiRoot,
    DISCORD_WEBHOOK_URL: f.alerts.url,
    DISCORD_API_ROOT: f.discord.api,
    APPROVAL_POLICY: 'always',
    ...env,
  };
}

export function e2eConfig(f: Fakes, env: Record<string, string> = {}): Config {
  const r = loadConfig(e2eEnv(f, env));
  if (!r.ok) throw new Error(`test config refused: ${JSON.stringify(r.error)}`);
  return r.value;
}

/** Wall time shifted so that it starts at `start` (epoch ms). */
export function shiftedClock(start: number): Clock & { jump(ms: number): void } {
  let offset = start - Date.now();
  return {
    now: () => Date.now() + offset,
    /** Moves the clock forward (a test that needs the square-off time without waiting for it). */
    jump(ms: number) {
      offset += ms;
    },
  };
}

/** Silent, or debug lines on stderr with E2E_DEBUG=1. */
export const silentLogger = (): Logger => (process.env.E2E_DEBUG ? pino({ level: 'debug' }, pino.destination(2)) : pino({ level: 'silent' }));

export interface StartedApp {
  readonly app: RunningApp;
  readonly ticks: ManualTicks;
  readonly banner: string[];
}

/**
 * The product's logger as `autoppm start` builds it (src/cli/startCommand.ts): secrets scrubbed, warnings and errors
 * kept in a ring for /logs; written nowhere (stderr with E2E_DEBUG set).
 */
export function e2eLogger(config: Config): { readonly logger: Logger; readonly logs: LogRing } {
  const logs = new LogRing();
  const destination = process.env.E2E_DEBUG ? process.stderr : new Writable({ write: (_chunk, _enc, done) => done() });
  const logger = createLogger({ level: process.env.E2E_DEBUG ? 'debug' : 'warn', format: 'json', scrubber: new SecretScrubber(secretValues(config)), destination, ring: logs });
  return { logger, logs };
}

/**
 * The job queue of every test bot: quick polls and locks, and no repeating job scheduled — Agenda fires those on the
 * real clock, into the middle of a test at that hour (a day's summary at 15:40 IST once broke manualOrders.e2e); the
 * tests run jobs with runNow.
 */
export const E2E_JOBS = { processEveryMs: 200, lockLifetimeMs: 2_000, schedule: false } as const;

/**
 * Knobs beyond the harness's own (e.g. MODE=live's look-up schedule of an unanswered placement, the order sync).
 * `demoMarket`: the product's own market data (paper without Kite: the synthetic demo market) instead of ManualTicks.
 */
export type E2eOverrides = Pick<AppOptions, 'kiteOrderSyncEveryMs' | 'progressHoldMs'> & { readonly demoMarket?: boolean; readonly engine?: Pick<NonNullable<AppOptions['engine']>, 'kitePlacementLookupMs' | 'strategiesDir' | 'orderLostAfterMs' | 'databaseWatchEveryMs' | 'jobs'> };

/** `logs`: the ring a test's own logger feeds (createLogger's `ring`), for /logs; without a logger, the product's. */
export async function startE2eApp(config: Config, symbols: readonly string[], clock: Clock, logger?: Logger, over: E2eOverrides & { readonly logs?: LogRing } = {}): Promise<StartedApp> {
  let logs = over.logs;
  if (!logger) {
    const product = e2eLogger(config);
    logger = product.logger;
    logs = product.logs;
  }
  const ticks = new ManualTicks(symbols);
  const banner: string[] = [];
  const r = await startApp({
    config,
    logger,
    ...(logs ? { logs } : {}),
    worker: false,
    print: (l) => banner.push(l),
    clock,
    engine: { ...(over.demoMarket ? {} : { market: { feed: ticks, symbols: ticks.symbols } }), jobs: { ...E2E_JOBS, rebalance: { frequency: 'daily', at: '09:30' } }, ...over.engine },
    sweepEveryMs: 200,
    ...(over.kiteOrderSyncEveryMs !== undefined ? { kiteOrderSyncEveryMs: over.kiteOrderSyncEveryMs } : {}),
    ...(over.progressHoldMs !== undefined ? { progressHoldMs: over.progressHoldMs } : {}),
  });
  if (!r.ok) throw new Error(`the app did not start: ${r.error.message}`);
  return { app: r.value, ticks, banner };
}
